/** Builds the playground into `outdir` (default dist/playground) and returns it. */
export function buildPlayground(outdir?: string): Promise<string>;
