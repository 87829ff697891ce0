// What other parts of the app may use from the duplicates area.
export { PossibleDuplicates } from './possible-duplicates.tsx';
export { DraftDuplicates, notSameAfterCreate } from './draft-duplicates.tsx';
export { WaterfallChart } from './waterfall.tsx';
