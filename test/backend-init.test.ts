// The automatic kernel choice: plain SIMD (the same bits everywhere), a truthful fallback to the
// js kernels when the WebAssembly file cannot be loaded, and errors for what cannot be honoured.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ArgumentError, describeBackend, getBackend, initBackend, setBackend } from '../src/index.js';

// relaxed SIMD on, as in Node 22 and in browsers: auto must still not choose it
(await import('node:v8')).setFlagsFromString('--experimental-wasm-relaxed-simd');

afterEach(() => setBackend('js'));

describe('initBackend', () => {
  it('auto is wasm-simd even where relaxed SIMD runs (one seed, one model everywhere)', async () => {
    expect(await initBackend({ threads: 1 })).toBe('wasm-simd');
    expect(getBackend().name).toBe('wasm-simd');
    expect(describeBackend()).toBe('wasm-simd, 1 thread');
    expect(await initBackend({ backend: 'wasm-relaxed', threads: 1 })).toBe('wasm-relaxed');
  });

  it('auto falls back to the js kernels when the .wasm file cannot be loaded, and says why', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'neurite-nowasm-'));
    expect(await initBackend({ threads: 1, wasm: empty })).toBe('js');
    expect(getBackend().name).toBe('js');
    expect(describeBackend()).toMatch(/^js \(WebAssembly could not be loaded: .*kernels-simd-(private|shared)\.wasm/);
    // asked for by name, the same failure is an error, not a quiet fallback
    await expect(initBackend({ backend: 'wasm-simd', threads: 1, wasm: empty })).rejects.toThrow(/initBackend: wasm-simd could not be loaded/);
    // a later successful choice forgets the old reason
    await initBackend({ threads: 1 });
    expect(describeBackend()).toBe('wasm-simd, 1 thread');
  });

  it('unknown names and options are errors that list what is known and say which was meant', async () => {
    await expect(initBackend('wasm')).rejects.toThrow('initBackend: unknown kernel set "wasm"; expected one of auto, js, wasm-simd, wasm-relaxed');
    await expect(initBackend('wasm-smid')).rejects.toThrow('initBackend: unknown kernel set "wasm-smid" (did you mean "wasm-simd"?); expected one of auto, js, wasm-simd, wasm-relaxed');
    await expect(initBackend({ backnd: 'js' } as never)).rejects.toThrow(ArgumentError);
    await expect(initBackend({ backnd: 'js' } as never)).rejects.toThrow('initBackend: unknown option "backnd" (did you mean "backend"?); the options are backend, threads, wasm');
    // plain JavaScript's misspelling of a real option (#27: "did you mean", in plain JavaScript too)
    await expect(initBackend({ thread: 1 } as never)).rejects.toThrow('initBackend: unknown option "thread" (did you mean "threads"?)');
  });
});
