// The published package as a user gets it: what `npm pack` puts in the tarball, and the tarball
// installed into a fresh CommonJS project, an ES module project and a strict TypeScript project.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DIGITS_CSV, IRIS_CSV } from '../src/data/builtin-csv.js';
import { ROOT } from './cli-helpers.js';
import { devTool, installProject, packList, packTarball, run, type PackEntry } from './package-helpers.js';

const attw = devTool('@arethetypeswrong/cli', 'dist/index.js');

describe('the tarball (npm pack --dry-run)', () => {
  let files: PackEntry[] = [];
  let paths = new Set<string>();
  beforeAll(() => {
    files = packList().files;
    paths = new Set(files.map((f) => f.path));
  });

  it('ships no source maps, a LICENSE, the four .wasm builds as files, and no data twice', () => {
    expect(files.filter((f) => f.path.endsWith('.map'))).toEqual([]);
    expect(paths.has('LICENSE')).toBe(true);
    for (const simd of ['simd', 'relaxed']) {
      for (const mem of ['shared', 'private']) expect(paths.has(`dist/backend/wasm/kernels-${simd}-${mem}.wasm`)).toBe(true);
    }
    // the digits are in dist/data/builtin-csv.js; data/digits.csv would be a second copy
    expect(paths.has('data/digits.csv')).toBe(false);
    expect([...paths].filter((p) => p.startsWith('src/') || p.startsWith('test/'))).toEqual([]);
  });

  it('carries each built-in data set once: in dist/data/builtin-csv.js, not again in the playground', () => {
    // a data set is in a file when three of its rows (first, middle, last) are: a doc quoting a row is not a copy
    const rows = (csv: string): string[] => {
      const lines = csv.split(/\r?\n/).filter((l) => l !== '');
      return [lines[1], lines[Math.floor(lines.length / 2)], lines[lines.length - 1]];
    };
    const sets = { digits: rows(DIGITS_CSV), iris: rows(IRIS_CSV) };
    const text = files.filter((f) => !/\.(wasm|idx|png|ico)$/.test(f.path));
    // the playground's scripts are shipped, so a copy in them would be seen
    expect(text.map((f) => f.path)).toEqual(expect.arrayContaining(['dist/playground/main.js', 'dist/playground/worker.js']));
    const holders = Object.fromEntries(Object.keys(sets).map((k) => [k, [] as string[]]));
    for (const f of text) {
      const body = readFileSync(join(ROOT, f.path), 'utf8');
      for (const [name, sample] of Object.entries(sets)) if (sample.every((row) => body.includes(row))) holders[name].push(f.path);
    }
    // data/iris.csv is the CLI's sample input (docs/cli.md, examples/): a file to pass to --data, kept on purpose
    expect(holders).toEqual({ digits: ['dist/data/builtin-csv.js'], iris: ['data/iris.csv', 'dist/data/builtin-csv.js'] });
  });

  it('declares the built-in CSV text as string, not as a literal type of its whole text', () => {
    const dts = files.filter((f) => /\.d\.c?ts$/.test(f.path));
    const largest = dts.reduce((a, b) => (b.size > a.size ? b : a));
    expect(largest.size, largest.path).toBeLessThan(20_000);
    expect(readFileSync(join(ROOT, 'dist/data/builtin-csv.d.ts'), 'utf8')).toMatch(/export declare const IRIS_CSV: string;/);
  });

  it('has the metadata npm shows: repository, homepage, bugs, keywords, license', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.repository.url).toMatch(/^git\+https:\/\//);
    expect(pkg.homepage).toMatch(/^https:\/\//);
    expect(pkg.bugs.url).toMatch(/^https:\/\//);
    expect(pkg.keywords).toContain('neural-network');
    expect(pkg.license).toBe('MIT');
  });

  it('every relative link in the shipped README and docs points to a shipped file', () => {
    const broken: string[] = [];
    for (const doc of [...paths].filter((p) => p.endsWith('.md'))) {
      const text = readFileSync(join(ROOT, doc), 'utf8');
      for (const [, target] of text.matchAll(/\]\(([^)\s#]+)(?:#[^)]*)?\)/g)) {
        if (/^[a-z]+:/i.test(target)) continue;
        const path = join(doc, '..', target).replace(/\\/g, '/');
        if (!paths.has(path) && ![...paths].some((p) => p.startsWith(`${path}/`))) broken.push(`${doc}: ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });
});

describe('the tarball installed in a fresh project', () => {
  let tarball = '';
  beforeAll(() => {
    tarball = packTarball();
  });

  const script = (kind: string): string => `${kind === 'cjs' ? "const n = require('neurite');" : "import * as n from 'neurite';"}
const net = new n.Network({ inputs: 2, layers: [{ units: 8, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }], seed: 1 });
const run = async () => {
  const kernels = await n.initBackend({ threads: 1 });
  n.fit(net, [[0, 0], [0, 1], [1, 0], [1, 1]], [[0], [1], [1], [0]], { epochs: 300, lr: 0.5, seed: 1 });
  console.log(JSON.stringify({ kernels, out: net.predict([[0, 0], [0, 1]]).map((r) => Math.round(r[0])) }));
};
run();
`;

  it.each(['cjs', 'esm'])('%s: require or import, initBackend loads its .wasm, and a network learns XOR', (kind) => {
    const dir = installProject(tarball, kind === 'esm' ? { type: 'module' } : {});
    writeFileSync(join(dir, 'main.js'), script(kind));
    const r = run(process.execPath, ['main.js'], dir);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ kernels: 'wasm-simd', out: [0, 1] });
  });

  it('neurite playground, as installed, serves every module the page imports: the built-in data sets from dist/data', () => {
    const dir = installProject(tarball, { type: 'module' });
    // each file's relative imports (static and dynamic), followed from the page's two entry points
    writeFileSync(join(dir, 'serve.js'), `import { readFileSync } from 'node:fs';
import { PLAYGROUND_ROOT, playgroundServer } from './node_modules/neurite/dist/cli/playground.js';
const server = playgroundServer(PLAYGROUND_ROOT);
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const base = 'http://127.0.0.1:' + server.address().port + '/';
const seen = {};
const todo = ['main.js', 'worker.js', 'kernels-simd-shared.wasm'];
while (todo.length) {
  const path = todo.shift();
  if (path in seen) continue;
  const res = await fetch(base + path);
  const body = await res.text();
  seen[path] = res.status + ' ' + res.headers.get('content-type');
  if (path === 'builtin-csv.js') seen.sameAsShipped = body === readFileSync('node_modules/neurite/dist/data/builtin-csv.js', 'utf8');
  if (path.endsWith('.js')) for (const m of body.matchAll(/(?:from|import)\\s*\\(?\\s*"\\.\\/([^"]+)"/g)) todo.push(m[1]);
}
server.close();
console.log(JSON.stringify(seen));
`);
    const r = run(process.execPath, ['serve.js'], dir);
    expect(r.stderr).toBe('');
    const { sameAsShipped, ...seen } = JSON.parse(r.stdout) as Record<string, string> & { sameAsShipped: boolean };
    expect(sameAsShipped).toBe(true);
    expect(Object.keys(seen).some((p) => /^chunk-/.test(p)), 'the shared chunk').toBe(true);
    expect(Object.entries(seen).filter(([, s]) => !s.startsWith('200 '))).toEqual([]);
    expect(seen['builtin-csv.js']).toBe('200 text/javascript; charset=utf-8');
  });

  it('a strict TypeScript project type-checks with nodenext, in a CommonJS and an ES module file', () => {
    const dir = installProject(tarball);
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', noEmit: true, types: [] }, files: ['a.cts', 'b.mts'] }));
    const body = "const net = new Network({ inputs: 2, layers: [{ units: 1, activation: 'sigmoid' }] });\nconst y: number[][] = net.predict([[1, 2]]);\nexport const k: Promise<string> = initBackend('js'); export { y };\n";
    writeFileSync(join(dir, 'a.cts'), `import { Network, initBackend } from 'neurite';\n${body}`);
    writeFileSync(join(dir, 'b.mts'), `import { Network, initBackend } from 'neurite';\n${body}`);
    const r = run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', '.'], dir);
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it.skipIf(!attw)('arethetypeswrong finds no problem in any resolution mode', () => {
    const r = run(process.execPath, [attw ?? '', tarball, '--format', 'json'], ROOT);
    const report = JSON.parse(r.stdout);
    expect(Object.keys(report.problems)).toEqual([]);
    expect(r.status).toBe(0);
  });
});
