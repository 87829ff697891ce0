export function probeSignIn(): void;
export function signInMs(): number;
export function scrollGrid(o: { seconds: number; step: number }): Promise<{ frames: number[]; longTasks: number; maxRowsInDom: number; rowsLoaded: number }>;
export function armPalette(): void;
export function paletteMs(): number;
