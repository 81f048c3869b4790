// jsonText writes what JSON.stringify (and, indented, the old model-file regex that put arrays of
// numbers on one line) wrote; Float32Block and writeFloat32Text write shortest float32 decimals.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { float32Text, shortestFloat32, writeFloat32Text } from '../src/io/float32.js';
import { Float32Block, jsonText } from '../src/io/json-text.js';
import { modelText, Network, stringifyModel, toModelFile } from '../src/index.js';

/** The model file text as it was written before jsonText: JSON.stringify, then arrays of numbers on one line. */
function oldWay(value: unknown): string {
  const text = JSON.stringify(value, null, 2);
  return text.replace(/\[\s+(-?[\d.e+-]+(?:,\s+-?[\d.e+-]+)*)\s+\]/g, (_m, inner: string) => `[${inner.replace(/,\s+/g, ', ')}]`);
}

// strings without '[' (the old regex rewrote a string that looked like an array of numbers)
const text = fc.string({ unit: fc.constantFrom('a', 'é', '"', '\\', '\n', ' ', ',', '1', '.', 'e', '-', '\u2028', '😀') });
const number = fc.oneof(fc.double(), fc.integer(), fc.constantFrom(0, -0, 1e21, 1e-7, 123e-20, NaN, Infinity));
const { value } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, number, text, fc.boolean(), fc.constant(null), fc.constant(undefined), tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 5 }),
  object: fc.dictionary(text, tie('value'), { maxKeys: 5 }),
}));

describe('jsonText', () => {
  it('writes what JSON.stringify writes, compact and indented (arrays of numbers on one line)', () => {
    fc.assert(fc.property(value, (v) => {
      expect(jsonText(v, 0)).toBe(JSON.stringify(v) ?? '');
      expect(jsonText(v, 2)).toBe(JSON.stringify(v) === undefined ? '' : oldWay(v));
    }), { numRuns: 2000 });
  });

  it('calls toJSON, leaves out undefined and functions in objects and writes null for them in arrays', () => {
    const v = { a: undefined, b: () => 1, c: [undefined, () => 1, 1], d: new Date(0), e: { toJSON: (k: string) => `key ${k}` }, f: [1, NaN], g: [1.5, -0, 2e-7] };
    expect(jsonText(v, 2)).toBe(oldWay(v));
    expect(jsonText(v, 0)).toBe(JSON.stringify(v));
  });

  it('writes a value whose toJSON writes JSON text itself (the buffer is not shared)', () => {
    const inner = { toJSON: () => jsonText({ b: [1, 2], w: new Float32Block(new Float32Array([0.1]), [1]) }, 0) };
    const v = { a: 'x'.repeat(100), inner, after: [3, new Float32Block(new Float32Array([0.25, 2]), [2])] };
    expect(jsonText(v, 0)).toBe('{"a":"' + 'x'.repeat(100) + '","inner":"{\\"b\\":[1,2],\\"w\\":[0.1]}","after":[3,[0.25,2]]}');
    expect(jsonText({ after: 1 }, 2)).toBe('{\n  "after": 1\n}');
  });

  it('keeps a string that looks like an array of numbers as it is (the old regex rewrote it)', () => {
    const v = { classes: ['[ 1, 2 ]'] };
    expect(jsonText(v, 2)).toBe('{\n  "classes": [\n    "[ 1, 2 ]"\n  ]\n}');
    expect(oldWay(v)).toContain('"[1, 2]"');
  });

  it('writes a Float32Block as the nested arrays of its shortest float32 decimals', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 6 }), fc.array(fc.float({ noDefaultInfinity: false }), { minLength: 24, maxLength: 24 }), (r, c, values) => {
      const data = Float32Array.from(values);
      const shape = [r, c];
      const arrays = Array.from({ length: r }, (_, i) => Array.from({ length: c }, (_, j) => shortestFloat32(data[i * c + j])));
      expect(jsonText({ w: new Float32Block(data, shape) }, 2)).toBe(oldWay({ w: arrays }));
      expect(jsonText({ w: new Float32Block(data, shape) }, 0)).toBe(JSON.stringify({ w: arrays }));
      expect(JSON.stringify(new Float32Block(data, shape))).toBe(JSON.stringify(arrays));
    }), { numRuns: 500 });
    expect(jsonText(new Float32Block(new Float32Array([0.1, 2]), [2]), 2)).toBe('[0.1, 2]');
    expect(jsonText(new Float32Block(new Float32Array([3]), []), 2)).toBe('[3]');
    expect(jsonText(new Float32Block(new Float32Array(8).fill(0.5), [2, 2, 2]), 2)).toBe('[\n  [\n    [0.5, 0.5],\n    [0.5, 0.5]\n  ],\n  [\n    [0.5, 0.5],\n    [0.5, 0.5]\n  ]\n]');
  });

  it('writes a long row of the longest numbers whole (22 bytes each: "-123456790000000000000")', () => {
    const data = new Float32Array(10_000).fill(-1.2345679e20);
    data[9_999] = 3.4028235e38;
    const arrays = [Array.from(data, shortestFloat32)];
    expect(jsonText({ w: new Float32Block(data, [1, 10_000]) }, 2)).toBe(oldWay({ w: arrays }));
    expect(jsonText(new Float32Block(data, [10_000]), 0)).toBe(JSON.stringify(arrays[0]));
  });

  it('modelText is stringifyModel(toModelFile(...)) byte for byte', () => {
    const net = new Network({ inputs: 5, layers: [{ units: 7, activation: 'relu' }, { units: 3, activation: 'softmax' }], seed: 3 });
    const meta = { task: 'classification' as const, classes: ['a', 'b', 'c'], history: [{ epoch: 1, loss: 0.5, lr: 0.1 }], preprocessing: { mean: [1, 2.5] } };
    expect(modelText(net, meta)).toBe(stringifyModel(toModelFile(net, meta)));
    expect(modelText(net, meta)).toBe(`${oldWay(toModelFile(net, meta))}\n`);
  });
});

describe('writeFloat32Text', () => {
  const bytes = new Uint8Array(32);
  const written = (x: number) => new TextDecoder().decode(bytes.subarray(0, writeFloat32Text(bytes, 0, x)));

  it('writes the bytes of float32Text on random bit patterns and edge values', () => {
    const bits = new Uint32Array(1);
    const f = new Float32Array(bits.buffer);
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (b) => {
      bits[0] = b;
      expect(written(f[0])).toBe(float32Text(f[0]));
    }), { numRuns: 30_000 });
    for (const x of [0, -0, 1, -1, 0.1, 1e21, 1e20, 123456789, 1e-7, 1.5e-6, 1e-6, 3.4028234663852886e38, 1.401298464324817e-45, -2.5e-40, NaN, Infinity, 2 ** 24, 100, 0.5]) {
      expect(written(x)).toBe(float32Text(x));
    }
    expect(written(1e21)).toBe('1e+21');
    expect(written(-1.5e-7)).toBe('-1.5e-7');
    expect(written(120)).toBe('120');
    expect(written(-1.2345679e20)).toBe('-123456790000000000000');
    expect(written(-1e-7)).toBe('-1e-7');
    expect(written(-0.0000012345678)).toBe('-0.0000012345678');
  });
});
