// Hostile inputs as property tests: CSV, model, checkpoint and IDX files mutated at random, fed to
// the command (in-process, through main, the same code bin/neurite.js runs). Every run must end in a
// clear error (exit 1 or 2, one `error: ` line, a model file's problem list below it, no stack
// trace, no internal function name, nothing that moves a terminal) or a correct result (exit 0
// and a file that loads again). NEURITE_FUZZ_RUNS raises the number of runs (default 30 each).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { parseModel } from '../src/index.js';
import { idx } from './cli-helpers.js';

const RUNS = Number(process.env.NEURITE_FUZZ_RUNS ?? 30);
const dir = mkdtempSync(join(tmpdir(), 'neurite-hostile-'));
const at = (name: string) => join(dir, name);

interface Outcome { status: number; out: string; err: string }

async function run(args: string[]): Promise<Outcome> {
  let out = '';
  let err = '';
  const status = await main(args, { out: (s) => void (out += s), err: (s) => void (err += s), errIsTTY: false });
  return { status, out, err };
}

// The names library functions give their errors (camelCase, or one of these words), which mean
// nothing to someone who ran `neurite train`.
const INTERNAL = /^error: (?:[a-z]+[A-Z]\w*|[A-Z][a-z]+[A-Z]\w*|fit|tensor|dense|dropout|backward|reshape|network|item|minimize|sgd|split|optimizer|cartpole|bandit): /;

/** What every run must satisfy, whatever it was given. */
function clean(r: Outcome, what: string): void {
  const where = `${what}\n--- stderr:\n${r.err.slice(0, 2000)}`;
  expect([0, 1, 2], where).toContain(r.status);
  expect(r.err, where).not.toMatch(/internal error|\n\s+at |RangeError|TypeError/);
  // no escape sequence, bell, backspace or carriage return from a hostile file reaches the terminal
  expect(`${r.out}${r.err}`, where).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f\x9b]/);
  if (r.status === 0) return;
  const lines = r.err.trimEnd().split('\n');
  const errors = lines.filter((l) => l.startsWith('error: '));
  expect(errors, where).toHaveLength(1);
  // the line says what is wrong in the user's terms (a path, an option, a field), not in the
  // library's: `fit: invalid epochs`, `fitPixelPreprocessor: invalid inputs: 0`
  expect(errors[0], where).not.toMatch(INTERNAL);
  // below it only a model file's problems, indented
  expect(lines.slice(lines.indexOf(errors[0]) + 1).every((l) => l.startsWith('  ')), where).toBe(true);
}

// Bytes that break CSV and number parsing, and text that would move or clear a terminal.
const NASTY = [',', '"', '\n', '\r', '\r\n', ' ', '\t', '-', '.', 'e', '0', '9', 'NaN', 'Infinity', '-1e999', '1e154', '3.5e38', '1e-320',
  '\u0000', '\u001b[2J', '\u001b]0;pwned\u0007', '\u009b31m', '\u0008', '\u00ff', '\ufeff', 'é', '\ud83d\ude00', '""', 'a,b', '\\'];

/** Random edits of a text: insert, delete or replace pieces, drop, duplicate or swap lines. */
function mutatedText(base: string): fc.Arbitrary<string> {
  const edit = fc.oneof(
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), piece: fc.constantFrom(...NASTY) }),
    fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 12 }) }),
    fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), piece: fc.constantFrom(...NASTY) }),
    fc.record({ kind: fc.constant('line' as const), at: fc.nat(), op: fc.constantFrom('drop', 'double', 'swap', 'cut') }),
  );
  return fc.array(edit, { minLength: 1, maxLength: 6 }).map((edits) => {
    let s = base;
    for (const e of edits) {
      const i = e.at % (s.length + 1);
      if (e.kind === 'insert') s = s.slice(0, i) + e.piece + s.slice(i);
      else if (e.kind === 'delete') s = s.slice(0, i) + s.slice(i + e.length);
      else if (e.kind === 'replace') s = s.slice(0, i) + e.piece + s.slice(i + 1);
      else {
        const lines = s.split('\n');
        const j = e.at % lines.length;
        if (e.op === 'drop') lines.splice(j, 1);
        else if (e.op === 'double') lines.splice(j, 0, lines[j]);
        else if (e.op === 'swap' && j + 1 < lines.length) [lines[j], lines[j + 1]] = [lines[j + 1], lines[j]];
        else lines[j] = lines[j].slice(0, lines[j].length >> 1);
        s = lines.join('\n');
      }
    }
    return s;
  });
}

// Values a hostile model or checkpoint puts anywhere.
const WILD: unknown[] = [null, true, 0, -1, 1.5, 1e308, -3.5e38, 1e-308, 2 ** 53, '', 'x', '\u001b[2Jcleared', 'NaN', [], [1, 'a'], {}, { type: 'dense' },
  Array(5).fill(1e39), 'layers.0.weights', '__proto__', 'constructor'];

type Json = Record<string, unknown> | unknown[];

/** Every path to a value inside a JSON tree, up to `limit` of them. */
function paths(v: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = [], limit = 4000): (string | number)[][] {
  if (out.length >= limit) return out;
  out.push(prefix);
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...prefix, i], out, limit));
  else if (v && typeof v === 'object') for (const k of Object.keys(v)) paths((v as Record<string, unknown>)[k], [...prefix, k], out, limit);
  return out;
}

/** Random edits of a JSON document: a value replaced, a key deleted or added, an array cut or grown. */
function mutatedJson(base: Json): fc.Arbitrary<Json> {
  const all = paths(base).filter((p) => p.length > 0);
  const edit = fc.record({ path: fc.constantFrom(...all), op: fc.constantFrom('set', 'delete', 'add', 'cut', 'grow'), value: fc.constantFrom(...WILD) });
  return fc.array(edit, { minLength: 1, maxLength: 4 }).map((edits) => {
    const doc = structuredClone(base) as Record<string | number, unknown>;
    for (const e of edits) {
      let parent: Record<string | number, unknown> = doc;
      for (const k of e.path.slice(0, -1)) {
        const next = parent?.[k];
        if (!next || typeof next !== 'object') { parent = undefined as never; break; }
        parent = next as Record<string | number, unknown>;
      }
      if (!parent) continue;
      const key = e.path[e.path.length - 1];
      const target = parent[key];
      if (e.op === 'set') parent[key] = structuredClone(e.value);
      else if (e.op === 'delete') Array.isArray(parent) ? parent.splice(Number(key), 1) : delete parent[key];
      else if (e.op === 'add' && target && typeof target === 'object' && !Array.isArray(target)) (target as Record<string, unknown>).extra = structuredClone(e.value);
      else if (e.op === 'cut' && Array.isArray(target)) target.length = target.length >> 1;
      else if (e.op === 'grow' && Array.isArray(target)) target.push(structuredClone(target[0] ?? e.value));
    }
    return doc as Json;
  });
}

let csv = '';
let model: Json = {};
let checkpoint: Json = {};
const images = idx(0x803, [12, 3, 3], Uint8Array.from({ length: 108 }, (_, i) => (i * 53) % 256));
const labels = idx(0x801, [12], Uint8Array.from({ length: 12 }, (_, i) => i % 3));

beforeAll(async () => {
  const iris = readFileSync(join(import.meta.dirname, '..', '..', 'shared', 'datasets', 'iris.csv'), 'utf8').split('\n');
  csv = `${[iris[0], ...iris.slice(1).filter((_, i) => i % 6 === 0)].join('\n')}\n`; // 25 rows, 3 classes
  writeFileSync(at('iris.csv'), csv);
  const t = await run(['train', '--data', at('iris.csv'), '--epochs', '2', '--seed', '1', '--hidden', '4', '--out', at('model.json'),
    '--checkpoint', at('run.ckpt'), '--early-stopping', '3']);
  expect(t.status, t.err).toBe(0);
  model = JSON.parse(readFileSync(at('model.json'), 'utf8'));
  checkpoint = JSON.parse(readFileSync(at('run.ckpt'), 'utf8'));
}, 120_000);

describe('hostile inputs get a clear error or a correct result', () => {
  it('mutated CSV files: train, then predict and evaluate with a good model', async () => {
    await fc.assert(fc.asyncProperty(mutatedText(csv), async (text) => {
      writeFileSync(at('m.csv'), text);
      const what = `CSV ${JSON.stringify(text.slice(0, 300))}`;
      const t = await run(['train', '--data', at('m.csv'), '--epochs', '1', '--seed', '1', '--hidden', '3', '--out', at('m.json')]);
      clean(t, `train ${what}`);
      if (t.status === 0) expect(() => parseModel(readFileSync(at('m.json'), 'utf8'))).not.toThrow();
      const p = await run(['predict', '--model', at('model.json'), '--data', at('m.csv')]);
      clean(p, `predict ${what}`);
      if (p.status === 0) expect(p.out).not.toMatch(/NaN/);
      clean(await run(['evaluate', '--model', at('model.json'), '--data', at('m.csv')]), `evaluate ${what}`);
    }), { seed: 1901, numRuns: RUNS });
  });

  it('mutated model files: predict, evaluate, inspect, export js and onnx', async () => {
    await fc.assert(fc.asyncProperty(mutatedJson(model), async (doc) => {
      writeFileSync(at('mm.json'), JSON.stringify(doc));
      const what = `model ${JSON.stringify(doc).slice(0, 400)}`;
      const p = await run(['predict', '--model', at('mm.json'), '--data', at('iris.csv')]);
      clean(p, `predict ${what}`);
      if (p.status === 0) expect(p.out).not.toMatch(/NaN/);
      clean(await run(['evaluate', '--model', at('mm.json'), '--data', at('iris.csv')]), `evaluate ${what}`);
      clean(await run(['inspect', '--model', at('mm.json')]), `inspect ${what}`);
      for (const format of ['js', 'onnx']) {
        const e = await run(['export', '--model', at('mm.json'), '--format', format, '--out', at(`mm.${format}`)]);
        clean(e, `export ${format} ${what}`);
      }
    }), { seed: 1902, numRuns: RUNS });
  });

  it('mutated checkpoints: train --resume', async () => {
    await fc.assert(fc.asyncProperty(mutatedJson(checkpoint), async (doc) => {
      writeFileSync(at('m.ckpt'), JSON.stringify(doc));
      const r = await run(['train', '--resume', at('m.ckpt'), '--epochs', '3', '--out', at('resumed.json')]);
      clean(r, `resume ${JSON.stringify(doc).slice(0, 600)}`);
      if (r.status === 0) expect(() => parseModel(readFileSync(at('resumed.json'), 'utf8'))).not.toThrow();
    }), { seed: 1903, numRuns: RUNS });
  });

  it('mutated IDX images and labels, plain and gzip: train, evaluate', async () => {
    // a byte set, the file cut or grown, or a whole dimension of the header set to an edge value
    const DIMS = [0, 1, 2, 255, 65536, 2 ** 31, 2 ** 32 - 1];
    const bytes = (base: Uint8Array) => fc.array(fc.record({ at: fc.nat(), value: fc.integer({ min: 0, max: 255 }), dim: fc.constantFrom(...DIMS),
      op: fc.constantFrom('set', 'cut', 'add', 'dim') }), { minLength: 1, maxLength: 4 })
      .map((edits) => {
        let b = Buffer.from(base);
        for (const e of edits) {
          const i = e.at % Math.max(1, b.length);
          if (e.op === 'set' && b.length > 0) b[i] = e.value;
          else if (e.op === 'cut') b = b.subarray(0, i);
          else if (e.op === 'add') b = Buffer.concat([b, Buffer.from([e.value])]);
          else if (e.op === 'dim' && b.length >= 8) {
            const dims = Math.min(b[3] ?? 1, Math.floor((b.length - 4) / 4));
            if (dims > 0) b.writeUInt32BE(e.dim, 4 + 4 * (e.at % dims));
          }
        }
        return b;
      });
    await fc.assert(fc.asyncProperty(bytes(images), bytes(labels), fc.boolean(), async (img, lab, gz) => {
      writeFileSync(at('img'), gz ? gzipSync(img) : img);
      writeFileSync(at('lab'), lab);
      const what = `IDX images ${img.subarray(0, 20).toString('hex')}… (${img.length} bytes${gz ? ', gzip' : ''}), labels ${lab.subarray(0, 20).toString('hex')}… (${lab.length})`;
      const t = await run(['train', '--data', at('img'), '--labels', at('lab'), '--epochs', '1', '--hidden', '3', '--validation-split', '0.25', '--out', at('idx.json')]);
      clean(t, `train ${what}`);
      if (t.status === 0) clean(await run(['evaluate', '--model', at('idx.json'), '--data', at('img'), '--labels', at('lab')]), `evaluate ${what}`);
    }), { seed: 1904, numRuns: RUNS });
  });

  it('the hostile inputs found so far, kept as cases', async () => {
    const cases: [string, Record<string, string | Uint8Array>, string[], RegExp][] = [
      ['0×0 images', { i: idx(0x803, [4, 0, 0], new Uint8Array(0)), l: idx(0x801, [4], Uint8Array.of(0, 1, 0, 1)) },
        ['train', '--data', '{i}', '--labels', '{l}'], /^error: \S+: 4 images of 0×0 pixels: nothing to train on/],
      ['no images', { i: idx(0x803, [0, 2, 2], new Uint8Array(0)), l: idx(0x801, [0], new Uint8Array(0)) },
        ['train', '--data', '{i}', '--labels', '{l}'], /^error: \S+: 0 images of 2×2 pixels: nothing to train on/],
      ['escape sequences in the header', { c: '\u001b[2Ja,b\n1,x\n2,y\n3,x\n4,y\n' }, ['train', '--data', '{c}', '--target', 'a'], /^error: .*\\u001b\[2Ja/],
      ['values near 1e154', { c: 'a,b\n1e154,x\n-1e154,y\n2e154,x\n3,y\n' }, ['train', '--data', '{c}'], /column "a" has values up to 2\.00e\+154/],
    ];
    for (const [what, files, args, message] of cases) {
      const names: Record<string, string> = {};
      for (const [k, content] of Object.entries(files)) writeFileSync((names[k] = at(`case-${k}`)), content);
      const r = await run([...args.map((a) => a.replace(/^\{(\w)\}$/, (_m, k: string) => names[k])), '--epochs', '1', '--out', at('case.json')]);
      clean(r, what);
      expect(r.status, what).toBe(1);
      expect(r.err, what).toMatch(message);
    }
  });

  it('bad kernel settings in the environment and a network too large are named in the user\'s terms (exit 2)', async () => {
    const cases: [Record<string, string>, string[], string][] = [
      [{ NEURITE_THREADS: 'abc' }, ['train', '--dataset', 'xor'], 'error: NEURITE_THREADS="abc": expected a number of threads from 1 to 9999; set it to e.g. 2, or unset it to use every core'],
      [{ NEURITE_THREADS: '0' }, ['info'], 'error: NEURITE_THREADS="0": expected a number of threads from 1 to 9999; set it to e.g. 2, or unset it to use every core'],
      [{ NEURITE_BACKEND: 'gpu' }, ['info'], 'error: NEURITE_BACKEND="gpu": expected one of auto, js, wasm-simd, wasm-relaxed; set one of them, or unset it for auto'],
      [{}, ['train', '--dataset', 'xor', '--hidden', '100000,1000'],
        'error: --hidden 100000,1000: the network would have 100,303,002 parameters (2 inputs → 100,000 → 1,000 → 2), more than the 20,000,000 a model file can hold; use fewer or narrower hidden layers'],
    ];
    for (const [env, args, line] of cases) {
      const saved = { ...process.env };
      Object.assign(process.env, env);
      try {
        const r = await run([...args, '--out', at('env.json')].slice(0, args[0] === 'info' ? 1 : undefined));
        clean(r, args.join(' '));
        expect(r.status).toBe(2);
        expect(r.err.trimEnd()).toBe(line);
      } finally {
        for (const k of Object.keys(env)) if (saved[k] === undefined) delete process.env[k]; else process.env[k] = saved[k];
      }
    }
  });
});

