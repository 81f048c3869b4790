// End-to-end: `neurite info` and choosing the kernels of `neurite train`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, errorLine, neurite, workdir } from './cli-helpers.js';

let dir = '';
beforeAll(() => {
  ensureBuilt();
  dir = workdir({});
});

describe('neurite info', () => {
  it('reports the versions, the supported kernel sets and the automatic choice', () => {
    const r = neurite(['info', '--json'], dir);
    expect(r.status).toBe(0);
    const info = JSON.parse(r.stdout);
    expect(info.node).toBe(process.versions.node);
    expect(info.backends.js).toBe(true);
    // Node 20 has WebAssembly SIMD, so auto picks a wasm kernel set
    expect(info.backends['wasm-simd']).toBe(true);
    expect(info.backend).toMatch(/^wasm-(simd|relaxed), \d+ threads?$/);
    expect(neurite(['info'], dir).stdout).toMatch(/kernels: wasm-\w+, \d+ threads? \(chosen automatically/);
  });
});

describe('neurite train --backend', () => {
  it('prints the kernels it trains with; js, wasm-simd and wasm-relaxed all learn iris', () => {
    // wasm-relaxed by name works on Node 20 too: initBackend turns on V8's relaxed-SIMD flag when asked
    for (const backend of ['js', 'wasm-simd', 'wasm-relaxed']) {
      const r = neurite(['train', '--backend', backend, '--epochs', '60', '--seed', '3', '--out', `${backend}.json`, '--json'], dir);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).toMatch(new RegExp(`^kernels ${backend}`, 'm'));
      const out = JSON.parse(r.stdout);
      expect(out.backend.startsWith(backend)).toBe(true);
      expect(out.validation.accuracy).toBeGreaterThan(0.85);
      expect(JSON.parse(readFileSync(join(dir, `${backend}.json`), 'utf8')).format).toBe('neurite-model');
    }
  });

  it('the same seed and backend give the same model file, byte for byte', () => {
    const a = neurite(['train', '--epochs', '20', '--seed', '9', '--out', 'a.json'], dir);
    const b = neurite(['train', '--epochs', '20', '--seed', '9', '--out', 'b.json'], dir);
    expect([a.status, b.status]).toEqual([0, 0]);
    expect(readFileSync(join(dir, 'a.json'), 'utf8')).toBe(readFileSync(join(dir, 'b.json'), 'utf8'));
  });

  it('an unknown kernel set is a usage error with a suggestion', () => {
    const r = neurite(['train', '--backend', 'wasm-smd'], dir);
    expect(r.status).toBe(2);
    expect(errorLine(r)).toMatch(/--backend.*wasm-smd.*did you mean wasm-simd/);
  });
});
