/**
 * `neurite info`: what this installation runs on: versions, the kernel sets this runtime
 * supports and the one `train` picks, and the thread count.
 */
import { availableParallelism } from 'node:os';
import { describeBackend, initBackend, listBackends } from '../index.js';
import { startBackend } from './backend.js';
import type { Io } from './io.js';
import { BACKENDS } from './train/options.js';

/** The facts `neurite info` prints. */
export interface Info {
  readonly neurite: string;
  readonly node: string;
  readonly cores: number;
  /** The kernel set `auto` chooses here, e.g. `wasm-simd, 2 threads`. */
  readonly backend: string;
  /** Every kernel set and whether this runtime can run it. */
  readonly backends: Record<string, boolean>;
}

async function supported(name: string): Promise<boolean> {
  try {
    await initBackend(name);
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs `neurite info`.
 *
 * @returns the exit status (0)
 */
export async function infoCommand(io: Io, version: string, opts: { json?: boolean }): Promise<number> {
  // the automatic choice first: asking for wasm-relaxed by name may turn on V8's flag for it, and
  // auto would then pick it in this process
  await startBackend();
  const backend = describeBackend();
  const backends: Record<string, boolean> = {};
  for (const name of BACKENDS.filter((b) => b !== 'auto')) backends[name] = await supported(name);
  const info: Info = { neurite: version, node: process.versions.node, cores: availableParallelism(), backend, backends };
  if (opts.json) {
    io.out(`${JSON.stringify(info)}\n`);
    return 0;
  }
  io.out(`neurite ${info.neurite} on Node ${info.node}, ${info.cores} cores\n`);
  io.out(`kernels: ${info.backend} (chosen automatically; set --backend or NEURITE_BACKEND to override)\n`);
  for (const [name, ok] of Object.entries(backends)) io.out(`  ${name.padEnd(13)}${ok ? 'supported' : 'not supported by this runtime'}\n`);
  io.out(`registered: ${listBackends().join(', ')}\n`);
  return 0;
}
