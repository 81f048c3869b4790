/**
 * What the kernels need from the runtime they run in: the number of cores, the bytes of a
 * WebAssembly build, worker threads, and (Node 20) the relaxed-SIMD flag. Node's host (node.ts)
 * and the browsers' (web.ts) are chosen by the package's `#host` import: `node` condition or
 * default (package.json "imports"), so a browser bundle never sees a `node:` import.
 */

/** What a worker is started with. */
export interface WorkerData {
  readonly module: WebAssembly.Module;
  readonly memory: WebAssembly.Memory;
  /** The control block's byte offset in the memory (threads/protocol.ts). */
  readonly ctl: number;
  /** The worker's thread number, 1 and up (the caller is 0). */
  readonly index: number;
}

/** A started worker, Node's or a browser's. */
export interface WorkerLike {
  terminate(): unknown;
}

/** One runtime's services. */
export interface Host {
  /** `node` or `web`. */
  readonly kind: 'node' | 'web';
  /** Logical cores (the default thread count). */
  cores(): number;
  /** An environment variable (Node), or undefined. */
  env(name: string): string | undefined;
  /**
   * The bytes of the build `file` (e.g. `kernels-simd-private.wasm`): read from the package's own
   * folder in Node; fetched in a browser, from `base` when given, else beside the module.
   */
  wasmBytes(file: string, base?: string | URL): Promise<ArrayBuffer | Uint8Array<ArrayBuffer>>;
  /**
   * Starts `count` workers running `body` (the text of a script that uses `module`, `memory`,
   * `ctl` and `index`), worker i given `data(i)`; rejects when a worker cannot start (a browser's
   * Content-Security-Policy without `worker-src blob:`), after stopping the ones that did.
   */
  startWorkers(count: number, body: string, data: (i: number) => WorkerData): Promise<WorkerLike[]>;
  /** Turns on relaxed SIMD where it is behind a flag (Node 20); false where it cannot. */
  enableRelaxedSimd(): boolean;
  /** This process's CPU time, all threads, in ms, where a clock tells it (Node); else null. */
  readonly cpuClock: (() => number) | null;
  /** The machine's idle time, all cores together, in ms, where a clock tells it (Node); else null. */
  readonly idleClock: (() => number) | null;
}
