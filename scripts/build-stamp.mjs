// The build's stamp: a hash of everything `npm run build` reads, written into dist/ when a build
// ends, so that `prepare` can skip a build whose inputs have not changed.
//
// Why: `npx neurite` in a checkout installs the checkout itself into npx's cache (npm exec does
// that for the root package's own bin) and runs its `prepare` script there, which rebuilt dist/
// from nothing, a second time after `npm install` had just done it: 11 s before the first
// command's output. Comparing contents, not times, keeps the guarantee of a build from an empty
// dist/ (a renamed or deleted source changes the hash).
//
//   node scripts/build-stamp.mjs write   after a build
//   node scripts/build-stamp.mjs check   exit 0 when dist/ was built from the inputs as they are
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const STAMP = join(root, 'dist', '.build-stamp');
/** What the build reads: the sources, the page, the build's scripts and configuration. */
const INPUTS = ['src', 'playground', 'scripts/build-package.mjs', 'scripts/build-cli.mjs', 'scripts/build-playground.mjs', 'scripts/build-stamp.mjs',
  'tsconfig.json', 'tsconfig.build.json', 'package.json', 'package-lock.json'];

function* walk(path) {
  let entries;
  try {
    entries = readdirSync(path, { withFileTypes: true });
  } catch (e) {
    if (e.code === 'ENOTDIR') return yield path;
    throw e;
  }
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) yield* walk(join(path, e.name));
}

/** The hash of every input file's path and contents, with the Node version that built them. */
export function inputsHash() {
  const hash = createHash('sha256').update(`node ${process.version}\n`);
  for (const input of INPUTS) {
    for (const file of walk(join(root, input))) hash.update(`${relative(root, file)}\n`).update(readFileSync(file));
  }
  return hash.digest('hex');
}

const command = process.argv[2];
if (command === 'write') {
  writeFileSync(STAMP, `${inputsHash()}\n`);
} else if (command === 'check') {
  let stamp = '';
  try {
    stamp = readFileSync(STAMP, 'utf8').trim();
  } catch {
    // no stamp: never built, or built before stamps
  }
  if (stamp !== inputsHash()) process.exit(1);
  console.log('dist/ is up to date with the sources (scripts/build-stamp.mjs); `npm run build` rebuilds it anyway');
} else {
  console.error('usage: node scripts/build-stamp.mjs write|check');
  process.exit(2);
}
