/**
 * The WebAssembly heap: one linear memory that every kernel of a wasm backend reads and writes
 * through byte offsets (Note [bind once, pass pointers]).
 *
 * Tensor buffers are Float32Array views into this memory, handed out by {@link Heap.allocate};
 * a view's block goes back to a free list when the view is garbage-collected. Kernels given an
 * array that lives elsewhere (user data, a Float32Array made with `new`) copy it into a per-call
 * scratch area and copy results back: correct for any array, fast for arrays that live here.
 *
 * Shared memory (needed by worker threads) never detaches its old views when it grows, so it
 * grows on demand. Private memory (browsers that are not cross-origin isolated) would detach
 * every view on growth, so it is made at a fixed size and never grows; once it is full, new
 * buffers are ordinary Float32Arrays and take the copying path.
 */

// Note [bind once, pass pointers]: the module's exports are bound once when the backend is made;
// a kernel call passes the byte offsets of its operands, never copies of them, unless an operand
// lives outside the heap.

// Note [view pointers]: a typed array's `buffer` and `byteOffset` are getters that V8's optimizing
// compiler (Node 20) does not inline, so asking them of every operand of every call was a
// measurable share of a small network's step (bench/notes.md, Note [view pointers]). A view's
// buffer and offset never change, and this heap never detaches a view (shared memory keeps its old
// buffers valid when it grows; private memory never grows), so the heap asks each view once and
// keeps its pointer in a WeakMap, whose entries go when the views do.

const PAGE = 65536;
/** Bytes below this offset are left to the module (it keeps no data there, but the stack would go here). */
const RESERVED = PAGE;

export class Heap {
  readonly memory: WebAssembly.Memory;
  readonly shared: boolean;
  private readonly maxBytes: number;
  private top = RESERVED;
  private readonly free = new Map<number, number[]>();
  private readonly ours = new WeakSet<ArrayBufferLike>();
  /** The pointers of the views found to be in the heap so far (Note [view pointers]). */
  private readonly pointers = new WeakMap<ArrayBufferView, number>();
  private buffer!: ArrayBufferLike;
  private f32!: Float32Array;
  private readonly registry = new FinalizationRegistry<[number, number]>(([ptr, bytes]) => this.release(ptr, bytes));
  private readonly parts = new FinalizationRegistry<PartsBlock>((b) => {
    if (--b.live === 0) this.release(b.ptr, b.bytes);
  });
  // per-call scratch for operands that live outside the heap
  private scratch = 0;
  private scratchBytes = 0;
  private scratchTop = 0;
  /** Whether the current call copied an operand into scratch. */
  private copied = false;
  private readonly retired: [number, number][] = [];
  /** How many holds are open ({@link hold}). */
  private held = 0;

  /**
   * `zero(ptr, size)` sets `size` float32 values at `ptr` to 0 (the module's fill: faster than a
   * view's on shared memory, Note [bulk moves] in kernels.ts).
   */
  constructor(memory: WebAssembly.Memory, shared: boolean, maxBytes: number, private readonly zero: (ptr: number, size: number) => void) {
    this.memory = memory;
    this.shared = shared;
    this.maxBytes = maxBytes;
    this.refresh();
  }

  /** A zero-filled Float32Array of `size` values in the heap, or a plain one when the heap is full. */
  allocate(size: number): Float32Array {
    const bytes = roundUp(Math.max(size, 1) * 4);
    const ptr = this.reserve(bytes);
    if (ptr < 0) return new Float32Array(size);
    const view = new Float32Array(this.buffer, ptr, size);
    this.registry.register(view, [ptr, bytes]);
    return view;
  }

  /**
   * Zero-filled views of the given sizes laid end to end in one block (no padding between them),
   * or plain ones over one ArrayBuffer when the heap is full. The block goes back to the free list
   * when every one of its views has been collected.
   */
  allocateParts(sizes: readonly number[]): Float32Array[] {
    const total = sizes.reduce((s, n) => s + n, 0);
    const bytes = roundUp(Math.max(total, 1) * 4);
    const ptr = this.reserve(bytes);
    const buffer = ptr < 0 ? new ArrayBuffer(total * 4) : this.buffer;
    let at = ptr < 0 ? 0 : ptr;
    const views = sizes.map((n) => {
      const v = new Float32Array(buffer, at, n);
      at += n * 4;
      return v;
    });
    if (ptr >= 0) {
      const block: PartsBlock = { ptr, bytes, live: views.length };
      for (const v of views) this.parts.register(v, block);
    }
    return views;
  }

  /** A block that is never released (thread scratch, control words). */
  reserveFixed(bytes: number): number {
    const ptr = this.reserveOptional(bytes);
    if (ptr < 0) throw new RangeError(`wasm heap: cannot reserve ${bytes} bytes`);
    return ptr;
  }

  /** A block like {@link reserveFixed}'s, or −1 when the heap has no room for it. */
  reserveOptional(bytes: number): number {
    return this.reserve(roundUp(bytes));
  }

  /** Gives back a block from {@link reserveFixed} or {@link reserveOptional} of the same size. */
  releaseFixed(ptr: number, bytes: number): void {
    this.release(ptr, roundUp(bytes));
  }

  /** True when x is a view into this heap (its byte offset is then its pointer). */
  holds(x: ArrayBufferView): boolean {
    return this.pointerOf(x) >= 0;
  }

  /** x's pointer (its byte offset) when it is a view into this heap, else −1 (Note [view pointers]). */
  pointerOf(x: ArrayBufferView): number {
    const known = this.pointers.get(x);
    if (known !== undefined) return known;
    const b = x.buffer;
    if (b !== this.buffer && !this.ours.has(b)) return -1;
    const ptr = x.byteOffset;
    this.pointers.set(x, ptr);
    return ptr;
  }

  /**
   * Kernel calls from now until {@link unhold} run inside another's (a task beside the workers,
   * Note [work beside the workers] in threads/runner.ts): their operands' copies go after the outer
   * call's, which is still using its own. Calls may nest.
   */
  hold(): void {
    this.held++;
  }

  /** Ends a {@link hold}. */
  unhold(): void {
    this.held--;
  }

  /** Starts a kernel call: scratch from the previous call is reused (unless held). */
  begin(): void {
    if (this.held > 0) return;
    this.scratchTop = 0;
    this.copied = false;
    while (this.retired.length > 0) {
      const [ptr, bytes] = this.retired.pop() as [number, number];
      this.release(ptr, bytes);
    }
  }

  /** The pointer of an input: its own, or a scratch copy. */
  input(x: Float32Array): number {
    const own = this.pointerOf(x);
    if (own >= 0) return own;
    const ptr = this.temp(x.length * 4);
    this.f32.set(x, ptr >>> 2);
    return ptr;
  }

  /** The pointer of an output that is written without being read. */
  output(x: Float32Array): number {
    const own = this.pointerOf(x);
    return own >= 0 ? own : this.temp(x.length * 4);
  }

  /** Copies a scratch output back into x (no-op when x lives in the heap). */
  finish(x: Float32Array, ptr: number): void {
    // the common call has every operand in the heap: then nothing was copied and there is nothing to ask
    if (!this.copied || this.holds(x)) return;
    x.set(this.f32.subarray(ptr >>> 2, (ptr >>> 2) + x.length));
  }

  /** The current Float32Array over the whole memory. */
  view(): Float32Array {
    return this.f32;
  }

  private temp(bytes: number): number {
    this.copied = true;
    const need = roundUp(bytes);
    if (this.scratchTop + need > this.scratchBytes) {
      // a bigger scratch block; the old one stays valid until the next call begins
      if (this.scratchBytes > 0) this.retired.push([this.scratch, this.scratchBytes]);
      const size = roundUp(Math.max(need, this.scratchBytes * 2, 1 << 16));
      const ptr = this.reserve(size);
      if (ptr < 0) throw new RangeError(`wasm heap: out of memory for a ${bytes}-byte operand`);
      this.scratch = ptr;
      this.scratchBytes = size;
      this.scratchTop = 0;
    }
    const ptr = this.scratch + this.scratchTop;
    this.scratchTop += need;
    return ptr;
  }

  private reserve(bytes: number): number {
    const list = this.free.get(bytes);
    const recycled = list?.pop();
    if (recycled !== undefined) {
      this.zero(recycled, bytes >>> 2);
      return recycled;
    }
    const end = this.top + bytes;
    if (end > this.memory.buffer.byteLength) {
      if (!this.shared || end > this.maxBytes) return -1;
      const pages = Math.ceil((end - this.memory.buffer.byteLength) / PAGE);
      // grow by at least a quarter so that a growing training run does not grow every step
      const extra = Math.max(pages, Math.ceil(this.memory.buffer.byteLength / PAGE / 4));
      const grow = Math.min(extra, (this.maxBytes - this.memory.buffer.byteLength) / PAGE);
      try {
        this.memory.grow(grow);
      } catch {
        return -1;
      }
      this.refresh();
    }
    const ptr = this.top;
    this.top = end;
    return ptr;
  }

  private release(ptr: number, bytes: number): void {
    let list = this.free.get(bytes);
    if (!list) this.free.set(bytes, (list = []));
    list.push(ptr);
  }

  private refresh(): void {
    this.buffer = this.memory.buffer;
    this.ours.add(this.buffer);
    this.f32 = new Float32Array(this.buffer);
  }
}

/** A block shared by several views: released when the last of them is collected. */
interface PartsBlock {
  readonly ptr: number;
  readonly bytes: number;
  live: number;
}

// Note [cache-line blocks]: every block is a whole number of 64-byte cache lines and starts on
// one (the heap starts on a page). The product over op(A)'s non-zero values (asm/sparse.ts) reads
// 96 bytes of a row of b per value; with b at 16 bytes past a line, every other such group spans 3
// lines instead of 2, and a layer's product took 10 % longer (bench/notes.md, Note [cache-line
// blocks]): a network's parameters had come out there (16-byte blocks after the pool's control
// words).
/** Bytes rounded up to whole cache lines (Note [cache-line blocks]). */
function roundUp(bytes: number): number {
  return (bytes + 63) & ~63;
}
