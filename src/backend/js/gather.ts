// Note [staged rows]: set() into shared memory (a WebAssembly backend with threads) copies word by
// word with atomic stores and costs more per call: a batch's rows copied one set() a row into
// shared memory took longer than copying them into a private array and that array into shared
// memory in one set() (bench/notes.md, Note [staged rows]). Rows bound for shared memory are
// gathered in a private array first.

/** A private array reused to gather rows bound for shared memory. */
let stage = new Float32Array(0);

/** A private array of at least `size` values, or null when `out` is private itself. */
function stageFor(out: Float32Array, size: number): Float32Array | null {
  if (typeof SharedArrayBuffer === 'undefined' || !(out.buffer instanceof SharedArrayBuffer)) return null;
  if (stage.length < size) stage = new Float32Array(size);
  return stage;
}

/** out[i, ·] = x[order[start + i], ·] for i < rows, `cols` values a row. */
export function gatherRows(out: Float32Array, x: Float32Array, order: Uint32Array, start: number, rows: number, cols: number): Float32Array {
  const c = cols;
  if (c >= 16 && rows * c >= 4096) {
    // a row view per row costs a small object; set() then copies like memcpy, several times faster
    // than element by element on wide rows (bench/notes.md, Note [staged rows]). Small batches
    // (batch size 1, tiny networks) keep the loop, which allocates nothing.
    const staged = stageFor(out, rows * c);
    const to = staged ?? out;
    for (let i = 0; i < rows; i++) {
      const from = (order[start + i] as number) * c;
      to.set(x.subarray(from, from + c), i * c);
    }
    if (staged) out.set(staged.subarray(0, rows * c));
    return out;
  }
  for (let i = 0; i < rows; i++) {
    const from = (order[start + i] as number) * c;
    for (let j = 0; j < c; j++) out[i * c + j] = x[from + j] as number;
  }
  return out;
}
