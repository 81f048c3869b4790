// Compares shortestFloat32, float32Text and writeFloat32Text (dist/io/float32.js, so `npm run build` first) with
// their definition, the search over 1..9 significant digits, on every float32 bit pattern
// `start, start + stride, ...` (default: every 61st of all 2^32, about 70 million numbers).
// Usage: node scripts/check-float32.mjs [stride] [start]
import { float32Text, shortestFloat32, writeFloat32Text } from '../dist/io/float32.js';

const stride = Number(process.argv[2] ?? 61);
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
for (let b = start; b < 2 ** 32; b += stride) {
  bits[0] = b;
  const f = float[0];
  const want = bySearch(f);
  const json = Object.is(want, -0) ? '0' : JSON.stringify(want);
  if (!Object.is(shortestFloat32(f), want) || float32Text(f) !== json || written(f) !== json) {
    if (++bad <= 20) console.log(`0x${b.toString(16)} ${f}: ${shortestFloat32(f)} / ${float32Text(f)} / ${written(f)}, expected ${want}`);
  }
  checked++;
}
console.log(`${checked} float32 values checked (stride ${stride}, start ${start}), ${bad} differ, ${((Date.now() - began) / 1000).toFixed(0)} s`);
process.exitCode = bad === 0 ? 0 : 1;
