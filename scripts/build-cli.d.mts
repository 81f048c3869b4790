/** The entry points, in dist/cli: what bin/neurite.js imports. */
export const CLI_ENTRIES: readonly string[];
/** Bundles `dist`'s cli/early.js and cli/main.js into `outdir` (default dist/cli/bundle) and returns it. */
export function buildCli(dist?: string, outdir?: string): Promise<string>;
