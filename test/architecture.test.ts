// The shape of the house (STYLE.md): the import graph flows one way. Each module of src/ may import
// only the modules below it; the command line and the playground, on top, only the public API; the
// WebAssembly kernels (asm/, AssemblyScript) only each other, without a cycle. And no file is over
// 400 lines.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const root = join(repo, 'src');

const LOW = ['core', 'backend', 'tensor', 'ops', 'autograd'];
/** module → the modules it may import (besides itself). The CLI is not here: it uses the public API. */
const ALLOWED: Record<string, string[]> = {
  core: [],
  backend: ['core'],
  tensor: ['core', 'backend'],
  ops: ['core', 'backend', 'tensor'],
  autograd: ['core', 'backend', 'tensor', 'ops'],
  nn: [...LOW],
  optim: [...LOW, 'nn'],
  data: ['core'],
  train: [...LOW, 'nn', 'optim', 'data'],
  // the model file format, and the text of a training state for checkpoints (its type from train)
  io: [...LOW, 'nn', 'data', 'train'],
  export: [...LOW, 'nn', 'io', 'data'],
  // learning from rewards: environments and learners over networks, policies saved as model files
  rl: [...LOW, 'nn', 'optim', 'train', 'data', 'io'],
  // learning without labels: maps, Hebbian rules, autoencoders (networks trained by train)
  unsupervised: [...LOW, 'nn', 'optim', 'train', 'data', 'io'],
  // cross-validation, search and explanations over networks trained on tables
  tune: [...LOW, 'nn', 'optim', 'train', 'data'],
  'index.ts': ['*'],
  'dense.ts': ['*'],
  'node.ts': ['*'],
  'onnx.ts': ['*'],
};

/** The package's entry points: the browser-safe one, and the one with Node's file helpers. */
const ENTRY = join(root, 'index.ts');
const NODE_ENTRY = join(root, 'node.ts');
const ONNX_ENTRY = join(root, 'onnx.ts');

function files(dir: string, ext = /\.ts$/): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p, ext) : ext.test(p) ? [p] : [];
  });
}

/** The files a source file imports or re-exports from by a relative path, resolved to .ts paths. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:import|export)[^'"]*?from\s+['"](\.[^'"]+)['"]/g)].map((m) => {
    const to = resolve(dirname(file), m[1] as string);
    return to.endsWith('.js') ? to.replace(/\.js$/, '.ts') : to.endsWith('.ts') ? to : `${to}.ts`;
  });
}

/**
 * The public API of the given entry points: the entries, and the files they re-export whole
 * (`export * from`), which are the API as much as the entry is (src/index.ts re-exports all of
 * src/data/index.ts, src/node.ts all of src/data/node/index.ts).
 */
function publicApi(entries: string[]): Set<string> {
  const api = new Set(entries);
  // and what those re-export whole in turn (src/index.ts re-exports src/dense.ts, which re-exports src/data/index.ts)
  for (const entry of api) {
    for (const m of readFileSync(entry, 'utf8').matchAll(/export\s*\*\s*from\s+['"](\.[^'"]+)['"]/g)) {
      api.add(resolve(dirname(entry), (m[1] as string).replace(/\.js$/, '.ts')));
    }
  }
  return api;
}

/** Imports of the files under `dir` that leave it for anything but `allowed`, as `file imports target`. */
function outsideImports(dir: string, allowed: Set<string>): string[] {
  return files(dir).flatMap((file) => importsOf(file)
    .filter((to) => !to.startsWith(`${dir}/`) && !allowed.has(to))
    .map((to) => `${relative(repo, file)} imports ${relative(repo, to)}`));
}

const moduleOf = (file: string): string => relative(root, file).split('/')[0] as string;

describe('architecture', () => {
  it('no module of src imports upward', () => {
    const bad: string[] = [];
    for (const file of files(root)) {
      const from = moduleOf(file);
      if (from === 'cli') continue;
      const allowed = ALLOWED[from];
      if (allowed === undefined) {
        bad.push(`${relative(root, file)}: module ${from} is not in the table`);
        continue;
      }
      for (const target of importsOf(file)) {
        const to = moduleOf(target);
        if (to !== from && !allowed.includes(to) && !allowed.includes('*')) bad.push(`${relative(root, file)} imports ${relative(root, target)} (${from} → ${to})`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('the command line uses only the public API: src/index.ts, src/node.ts, src/onnx.ts and what they re-export whole', () => {
    expect(outsideImports(join(root, 'cli'), publicApi([ENTRY, NODE_ENTRY, ONNX_ENTRY]))).toEqual([]);
  });

  it("the playground uses only the browser's public API: src/index.ts and what it re-exports whole", () => {
    expect(outsideImports(join(repo, 'playground'), publicApi([ENTRY]))).toEqual([]);
  });

  it('the WebAssembly kernels (asm/) import only each other, and no import goes round in a circle', () => {
    const asm = join(repo, 'asm');
    expect(outsideImports(asm, new Set())).toEqual([]);
    const graph = new Map(files(asm).map((f) => [f, importsOf(f)]));
    // depth-first search; a file met again while on the path closes a circle
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (f: string, path: string[]): void => {
      if (state.get(f) === 'done') return;
      if (state.get(f) === 'open') {
        cycles.push([...path.slice(path.indexOf(f)), f].map((p) => relative(repo, p)).join(' → '));
        return;
      }
      state.set(f, 'open');
      for (const to of graph.get(f) ?? []) visit(to, [...path, f]);
      state.set(f, 'done');
    };
    for (const f of graph.keys()) visit(f, []);
    expect(cycles).toEqual([]);
  });

  it('no source, playground or test file is over 400 lines (split it along a seam)', () => {
    const code = /\.(ts|mjs|js|css|html)$/;
    const long = ['src', 'asm', 'playground', 'test']
      .flatMap((d) => files(join(repo, d), code))
      .filter((f) => !f.includes('/fixtures/'))
      .map((f) => [relative(repo, f), readFileSync(f, 'utf8').split('\n').length - 1] as const)
      .filter(([, lines]) => lines > 400);
    expect(long).toEqual([]);
  });

  it('library code never calls Math.random', () => {
    const offenders = files(root).filter((f) => /Math\.random\s*\(/.test(readFileSync(f, 'utf8')));
    expect(offenders.map((f) => relative(root, f))).toEqual([]);
  });
});
