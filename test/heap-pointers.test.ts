// The WebAssembly heap's pointers of views (Note [view pointers] in src/backend/wasm/heap.ts): asked
// once and then remembered, so every answer must stay the view's own byte offset, and −1 for a view
// of any other memory, however many times and in whatever order the views are asked about.
import { describe, expect, it } from 'vitest';
import { Heap } from '../src/backend/wasm/heap.js';

const PAGE = 65536;

function heapOf(shared: boolean, pages: number, maxPages = pages): { heap: Heap; memory: WebAssembly.Memory } {
  const memory = shared ? new WebAssembly.Memory({ initial: pages, maximum: maxPages, shared: true }) : new WebAssembly.Memory({ initial: pages });
  const heap = new Heap(memory, shared, maxPages * PAGE, (ptr, size) => { new Float32Array(memory.buffer, ptr, size).fill(0); });
  return { heap, memory };
}

describe.each([['shared', true], ['private', false]] as const)('Heap.pointerOf, %s memory', (_name, shared) => {
  it('a view of the heap gives its byte offset every time it is asked (made here, a subarray, another type); others give −1', () => {
    const { heap } = heapOf(shared, 4, 8);
    const a = heap.allocate(10), b = heap.allocate(3);
    const [p, q] = heap.allocateParts([5, 7]);
    const sub = a.subarray(4, 8);
    const words = new Uint32Array(b.buffer, b.byteOffset, 3);
    const elsewhere = [new Float32Array(10), heapOf(shared, 2).heap.allocate(10), a.slice(0, 4)];
    const views = [a, b, p, q, sub, words];
    expect(new Set(views.map((v) => v.byteOffset)).size).toBe(views.length - 1); // b and words share one
    for (let round = 0; round < 3; round++) {
      for (const v of round === 1 ? [...views].reverse() : views) {
        expect(heap.pointerOf(v)).toBe(v.byteOffset);
        expect(heap.holds(v)).toBe(true);
      }
      for (const v of elsewhere) {
        expect(heap.pointerOf(v)).toBe(-1);
        expect(heap.holds(v)).toBe(false);
      }
    }
    expect(heap.pointerOf(sub)).toBe(a.byteOffset + 16);
  });

  it('input and output give a heap view\'s own pointer, and a scratch copy of anything else', () => {
    const { heap, memory } = heapOf(shared, 4, 8);
    const a = heap.allocate(6);
    a.set([1, 2, 3, 4, 5, 6]);
    const plain = Float32Array.from([7, 8, 9]);
    heap.begin();
    expect(heap.input(a)).toBe(a.byteOffset);
    expect(heap.output(a)).toBe(a.byteOffset);
    const copy = heap.input(plain);
    expect(copy).not.toBe(-1);
    expect([...new Float32Array(memory.buffer, copy, 3)]).toEqual([7, 8, 9]);
    expect(heap.input(plain)).not.toBe(copy); // a second copy: scratch is per operand
  });
});

it('after shared memory grows, the views made before keep their pointers, and new views of the old buffer are still the heap\'s', () => {
  const { heap, memory } = heapOf(true, 2, 16);
  const early = heap.allocate(16);
  const before = memory.buffer;
  expect(heap.pointerOf(early)).toBe(early.byteOffset);
  const big = heap.allocate(PAGE); // 4 pages: past the 2 the memory had
  expect(memory.buffer).not.toBe(before);
  expect(big.buffer).not.toBe(early.buffer);
  expect(heap.pointerOf(early)).toBe(early.byteOffset);
  expect(heap.pointerOf(big)).toBe(big.byteOffset);
  const lateViewOfOld = new Float32Array(before, early.byteOffset + 8, 2);
  expect(heap.pointerOf(lateViewOfOld)).toBe(early.byteOffset + 8);
});
