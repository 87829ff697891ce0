// Types for scripts/build.mjs, so TypeScript callers (the end-to-end tests) can build the web app.
export declare const root: string;
export declare const outfile: string;
export declare const webDir: string;
export declare const webDist: string;
export declare function build(): Promise<string>;
export declare function newest(path: string): number;
export declare function webStale(): boolean;
export declare function buildWeb(): Promise<string>;
