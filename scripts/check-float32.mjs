// Compares shortestFloat32, float32Text and writeFloat32Text (dist/io/float32.js, so `npm run build` first) with
// their definition, the search over 1..9 significant digits, on every float32 bit pattern
// `start, start + stride, ...` (default: every 61st of all 2^32, about 70 million numbers), on
// COUNT random bit patterns, or on every subnormal and every float within 2^10 steps of a power of
// two or of ten (both signs).
// Usage: node scripts/check-float32.mjs [stride] [start] | random COUNT [SEED] | edges
import { float32Text, shortestFloat32, writeFloat32Text } from '../dist/io/float32.js';

const mode = process.argv[2] ?? '61';
const stride = Number(mode);
const start = Number(process.argv[3] ?? 0);
const bits = new Uint32Array(1);
const float = new Float32Array(bits.buffer);

function bySearch(f) {
  if (!Number.isFinite(f) || f === 0) return f;
  for (let p = 1; p <= 9; p++) {
    const candidate = Number(f.toPrecision(p));
    if (Math.fround(candidate) === f) return candidate;
  }
  return f;
}

const bytes = new Uint8Array(32);
const ascii = new TextDecoder();
const written = (f) => ascii.decode(bytes.subarray(0, writeFloat32Text(bytes, 0, f)));
let checked = 0;
let bad = 0;
const began = Date.now();
function* patterns() {
  if (mode === 'random') {
    let s = Number(process.argv[4] ?? 1) >>> 0 || 1;
    for (let i = 0; i < Number(process.argv[3]); i++) {
      s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; // xorshift32
      yield s;
    }
  } else if (mode === 'edges') {
    for (const sign of [0, 0x80000000]) {
      for (let b = 0; b < 0x800000; b++) yield sign | b; // ±0 and every subnormal
      const centres = [];
      for (let e = 1; e < 255; e++) centres.push(e << 23); // powers of two
      for (let j = -38; j <= 38; j++) {
        float[0] = Number(`1e${j}`);
        centres.push(bits[0]); // powers of ten
      }
      for (const c of centres) for (let d = -1024; d <= 1024; d++) if (c + d >= 0x800000 && c + d <= 0x7f800000) yield sign | (c + d);
    }
  } else {
    for (let b = start; b < 2 ** 32; b += stride) yield b;
  }
}

for (const b of patterns()) {
  bits[0] = b;
  const f = float[0];
  const want = bySearch(f);
  const json = Object.is(want, -0) ? '0' : JSON.stringify(want);
  if (!Object.is(shortestFloat32(f), want) || float32Text(f) !== json || written(f) !== json) {
    if (++bad <= 20) console.log(`0x${b.toString(16)} ${f}: ${shortestFloat32(f)} / ${float32Text(f)} / ${written(f)}, expected ${want}`);
  }
  checked++;
}
console.log(`${checked} float32 values checked (${mode === 'random' || mode === 'edges' ? process.argv.slice(2).join(' ') : `stride ${stride}, start ${start}`}), ${bad} differ, ${((Date.now() - began) / 1000).toFixed(0)} s`);
process.exitCode = bad === 0 ? 0 : 1;
