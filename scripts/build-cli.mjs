// Builds the command's modules into dist/cli/bundle/ (npm run build, after tsc): bin/neurite.js
// loads early.js and main.js from there, and each command's code, still imported when it runs
// (src/cli/program.ts), comes as a chunk. Note [one file to load]: Node 20 resolves, reads and
// compiles each ES module on its own, and `neurite train` loads ~240 of them before it can start:
// about half of the command's start-up (bench/notes.md, "start-up"). Bundled, the same code loads
// in a few files. The code is the one in dist: the package's other entry points, its workers (the
// kernels' threads, the tuner's pool) and the playground keep loading dist's modules.
//
// Every `import.meta.url` in a bundled module's code becomes that module's own URL in dist (relative
// to the bundle's file), so what it finds beside itself (the .wasm kernels, the tuner's worker, the
// playground's files, the packages it requires) is found where it always was. The built-in data
// sets (dist/data/builtin-csv.js, text only) stay out of the bundle, imported from dist: the
// tarball carries that text once (test/package.test.ts).
import { readFile, readdir, rm, mkdir } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { builtinDataOutside } from './build-playground.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The entry points, in dist/cli: what bin/neurite.js imports. */
export const CLI_ENTRIES = ['early.js', 'main.js'];

/** `file`'s URL relative to a module in `outdir`. */
const urlFrom = (outdir, file) => relative(outdir, file).split(sep).join('/');

/** What `import.meta.url` becomes in the bundled modules: each module's own URL in dist. */
const OWN_URL = '__neuriteOwnUrl';

/**
 * An esbuild plugin: each module of `dist` that reads `import.meta.url` gets its own URL there
 * (relative to `outdir`) as a module constant, which esbuild's `define` puts where the code reads
 * `import.meta.url` (code only: a string or comment that mentions it stays as it is).
 */
export function ownUrls(dist, outdir) {
  return {
    name: 'own-urls',
    setup(b) {
      b.onLoad({ filter: /\.js$/ }, async (args) => {
        if (!args.path.startsWith(dist + sep)) return undefined;
        const text = await readFile(args.path, 'utf8');
        if (!text.includes('import.meta.url')) return { contents: text, loader: 'js' };
        const from = urlFrom(outdir, args.path);
        // Reflect.get: the bundle file's own URL, which the define below leaves alone
        return { contents: `const ${OWN_URL} = new URL(${JSON.stringify(from)}, Reflect.get(import.meta, "url")).href;\n${text}`, loader: 'js' };
      });
    },
  };
}

/** Bundles dist/cli's entry points into `outdir` (default dist/cli/bundle) and returns it. */
export async function buildCli(dist = join(root, 'dist'), outdir = join(dist, 'cli', 'bundle')) {
  await mkdir(outdir, { recursive: true });
  // chunks are named by their hash: an earlier build's would otherwise stay (and be shipped)
  for (const f of await readdir(outdir)) if (f.endsWith('.js')) await rm(join(outdir, f));
  await build({
    entryPoints: CLI_ENTRIES.map((e) => join(dist, 'cli', e)),
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // the dependencies (commander, cli-progress, protobufjs) stay packages the bundle imports
    packages: 'external',
    chunkNames: 'chunk-[hash]',
    plugins: [builtinDataOutside(join(dist, 'data'), urlFrom(outdir, join(dist, 'data', 'builtin-csv.js'))), ownUrls(dist, outdir)],
    define: { 'import.meta.url': OWN_URL },
    logLevel: 'warning',
  });
  return outdir;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  await buildCli();
}
