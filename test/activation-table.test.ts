// The one table of activations (src/backend/activations.ts): the WebAssembly module's code of each
// entry computes that entry's function and derivative; the standalone export's code computes the
// reference bit for bit; the kernels' code maps hold the table's codes and nothing else.
import { afterAll, describe, expect, it } from 'vitest';
import { ACTIVATION_MATH, ACTIVATIONS, activationEntry, ELEMENTWISE_ACTIVATIONS, type Activation } from '../src/backend/activations.js';
import { ACTIVATION_FORMS } from '../src/nn/activation-forms.js';
import { ACTIVATION_TABLE } from '../src/nn/activations.js';
import { UNARY, UNARY_BACK, UNARY_EXP } from '../src/backend/wasm/codes.js';
import type { WasmExports } from '../src/backend/wasm/exports.js';
import { createWasmBackend, wasmBinary, wasmSupported, type WasmBackend } from '../src/backend/wasm/index.js';
import { jsBackend } from '../src/backend/js/index.js';
import { ACT, DERIVATIVE, DERIVATIVE_TEXT } from '../playground/src/ui/formula.js';

(await import('node:v8')).setFlagsFromString('--experimental-wasm-relaxed-simd');
const levels = (['simd', 'relaxed'] as const).filter((l) => wasmSupported(l));

/** x over [−12, 12] on a grid not aligned to 4 lanes, plus a dense grid near 0. */
const xs = Float32Array.from([
  ...Array.from({ length: 2403 }, (_, i) => -12 + (24 * i) / 2402),
  ...Array.from({ length: 201 }, (_, i) => -1e-3 + (2e-3 * i) / 200),
]);

/** Relative distance with a floor of 1e-6 for values near 0 (a float32 kernel's rounding near 0 is absolute). */
const off = (a: number, b: number): number => Math.abs(a - b) / Math.max(Math.abs(b), 1e-6);

describe.each(levels)('the %s module runs each activation\'s table entry under its codes', (level) => {
  it.each(ELEMENTWISE_ACTIVATIONS.filter((a) => activationEntry(a).wasm !== null))('%s', async (name) => {
    const memory = new WebAssembly.Memory({ initial: 8 });
    const { instance } = await WebAssembly.instantiate(await wasmBinary(level, false), { env: { memory } });
    const ex = instance.exports as unknown as WasmExports;
    const entry = activationEntry(name);
    const codes = entry.wasm as { forward: number; backward: number };
    const n = xs.length;
    const [px, py, pdy, pg] = [1, 2, 3, 4].map((k) => k * 65536);
    const view = (p: number): Float32Array => new Float32Array(memory.buffer, p, n);
    view(px).set(xs);
    view(pdy).fill(1);
    if (codes.forward < 16) ex.unary(codes.forward, py, px, n);
    else ex.unaryExp(codes.forward - 16, py, px, n);
    ex.unaryBackward(codes.backward, pg, px, py, pdy, n);
    const y = view(py), g = view(pg);
    const f = entry.f as (x: number) => number, df = entry.df as (x: number, y: number) => number;
    let worstF = 0, worstDf = 0;
    for (let i = 0; i < n; i++) {
      worstF = Math.max(worstF, off(y[i], f(xs[i])));
      // the derivative from the module's own y, as the kernel has it (1 − y² of a float32 y near 1 is
      // only that accurate): within 1e-6, far below what another function's code would give
      const want = df(xs[i], y[i]);
      worstDf = Math.max(worstDf, Math.abs(g[i] - want) / (1 + Math.abs(want)));
    }
    expect(worstF, `${name} forward (code ${codes.forward})`).toBeLessThan(1e-5);
    expect(worstDf, `${name} backward (code ${codes.backward})`).toBeLessThan(1e-6);
  });
});

describe('the activation table', () => {
  const made: WasmBackend[] = [];
  afterAll(async () => { for (const b of made) await b.stop(); });

  it('is where the kernels find their codes: each element-wise activation\'s, and no other', () => {
    for (const a of ELEMENTWISE_ACTIVATIONS) {
      const w = activationEntry(a).wasm;
      const forward = UNARY[a] ?? (UNARY_EXP[a] === undefined ? undefined : (UNARY_EXP[a] as number) + 16);
      expect([forward, UNARY_BACK[a]], a).toEqual(w === null ? [undefined, undefined] : [w.forward, w.backward]);
    }
    // the math ops' codes are the kernels' own; the activations' are distinct
    const fwd = ELEMENTWISE_ACTIVATIONS.flatMap((a) => activationEntry(a).wasm?.forward ?? []);
    expect(new Set(fwd).size).toBe(fwd.length);
  });

  it('each standalone function computes the reference, bit for bit in float32', () => {
    for (const a of ACTIVATIONS) {
      const { name, code } = ACTIVATION_TABLE[a].js;
      // the generated code itself, run as the exported module runs it
      const run = new Function(`${code}\nreturn ${name};`)() as (z: Float32Array, units: number) => Float32Array;
      const out = run(Float32Array.from(xs.subarray(0, 2400)), 8);
      if (a === 'softmax') {
        for (let r = 0; r < 300; r++) expect(out.subarray(r * 8, r * 8 + 8).reduce((s, v) => s + v, 0)).toBeCloseTo(1, 6);
        continue;
      }
      const f = activationEntry(a).f as (x: number) => number;
      expect(Array.from(out), a).toEqual(Array.from(xs.subarray(0, 2400), (x) => Math.fround(f(x))));
    }
  });

  it('gives every activation each of its fields (the type asks for them; the names in order)', () => {
    expect(ACTIVATIONS).toEqual(Object.keys(ACTIVATION_TABLE) as Activation[]);
    expect(Object.keys(ACTIVATION_FORMS)).toEqual(Object.keys(ACTIVATION_MATH));
    for (const a of ACTIVATIONS) {
      const e = ACTIVATION_TABLE[a];
      expect(['glorot', 'he'], a).toContain(e.init);
      expect([1, 2], a).toContain(e.version);
      expect(e.formula.f.length * e.formula.df.length, a).toBeGreaterThan(0);
      expect(e.js.code.startsWith(`function ${e.js.name}(`), a).toBe(true);
    }
  });

  it.skipIf(!wasmSupported('simd'))('the wasm backend\'s kernels agree with the reference on each activation', async () => {
    const b = await createWasmBackend('simd', 1);
    made.push(b);
    for (const a of ELEMENTWISE_ACTIVATIONS) {
      const x = (b.allocate as (n: number) => Float32Array)(xs.length);
      x.set(xs);
      const y = b.kernels.unary(a, (b.allocate as (n: number) => Float32Array)(xs.length), x);
      const f = activationEntry(a).f as (x: number) => number;
      expect(Math.max(...Array.from(xs, (v, i) => off(y[i], f(v)))), a).toBeLessThan(1e-5);
    }
  });

  it('the playground writes out the library\'s own functions: step(0) is 1 there as in the kernels', () => {
    expect(ACT.step(0)).toBe(1);
    expect(jsBackend.kernels.unary('step', new Float32Array(1), new Float32Array([0]))[0]).toBe(1);
    for (const a of ELEMENTWISE_ACTIVATIONS) {
      expect(ACT[a], a).toBe(activationEntry(a).f);
      expect(DERIVATIVE[a], a).toBe(activationEntry(a).df);
    }
    for (const a of ACTIVATIONS) expect(DERIVATIVE_TEXT[a], a).toBe(ACTIVATION_TABLE[a].formula.df);
  });
});
