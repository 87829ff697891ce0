// Logging interactions: the public surface other areas (lists, records, palette) use.
export { LogInteractionProvider, useLogInteraction, type LogPreset } from './log-context.tsx';
