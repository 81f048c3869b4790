// bin/neurite.js loads the command from dist/cli/bundle (Note [one file to load] in
// scripts/build-cli.mjs). What the command's modules find beside themselves in dist (the .wasm
// kernels, the playground's files, the tuner's worker: tune-cli.test.ts) must still be found, and
// the command must load its code from the bundle, not module by module.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli } from '../scripts/build-cli.mjs';
import { BIN, ensureBuilt, neurite, ROOT, workdir } from './cli-helpers.js';

let dir = '';
// a module hook (Node's module.register) that prints every file the process loads
const HOOK = 'export async function load(url, context, next) { if (url.startsWith("file:")) process.stderr.write(`LOADED ${url}\\n`); return next(url, context); }';

beforeAll(() => {
  ensureBuilt();
  dir = workdir({ 'hook.mjs': HOOK, 'xor.csv': 'a,b,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n' });
});

describe('the command as a bundle', () => {
  it("gives each module its own URL where its code reads import.meta.url, and leaves strings alone", async () => {
    const dist = join(workdir(), 'dist');
    mkdirSync(join(dist, 'cli', 'deep'), { recursive: true });
    mkdirSync(join(dist, 'data'), { recursive: true });
    writeFileSync(join(dist, 'data', 'builtin-csv.js'), 'export const IRIS_CSV = "a,b";\n');
    writeFileSync(join(dist, 'cli', 'early.js'), 'export const early = import.meta.url;\n');
    writeFileSync(join(dist, 'cli', 'deep', 'a.js'), 'export const a = import.meta.url;\nexport const text = "new URL(x, import.meta.url)";\n');
    writeFileSync(join(dist, 'cli', 'b.js'), 'export const b = new URL("./b.wasm", import.meta.url).href;\n');
    writeFileSync(join(dist, 'cli', 'main.js'), 'export { a, text } from "./deep/a.js";\nexport { b } from "./b.js";\nexport { early } from "./early.js";\nexport { IRIS_CSV } from "../data/builtin-csv.js";\n');
    const out = await buildCli(dist);
    const m = (await import(pathToFileURL(join(out, 'main.js')).href)) as Record<string, string>;
    const url = (p: string): string => pathToFileURL(join(dist, p)).href;
    expect(m.a).toBe(url('cli/deep/a.js'));
    expect(m.b).toBe(url('cli/b.wasm'));
    expect(m.early).toBe(url('cli/early.js'));
    expect(m.text).toBe('new URL(x, import.meta.url)');
    expect(m.IRIS_CSV).toBe('a,b');
  });

  it('finds its WebAssembly kernels: info chooses wasm-simd, not the JavaScript fallback', () => {
    const r = neurite(['info', '--json'], dir);
    expect(r.status, r.stderr).toBe(0);
    const info = JSON.parse(r.stdout) as { backend: string; backends: Record<string, boolean> };
    expect(info.backends['wasm-simd']).toBe(true);
    expect(info.backend).toMatch(/^wasm-simd\b/);
  });

  it('loads its code from the bundle in a few files', () => {
    const register = `data:text/javascript,import{register}from'node:module';register(${JSON.stringify(pathToFileURL(join(dir, 'hook.mjs')).href)})`;
    const r = spawnSync(process.execPath, ['--import', register, BIN, 'train', '--data', 'xor.csv', '--target', 'y', '--epochs', '2', '--seed', '1', '--out', 'm.json'], { cwd: dir, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const dist = pathToFileURL(join(ROOT, 'dist')).href + '/';
    const ours = r.stderr.split('\n').filter((l) => l.startsWith(`LOADED ${dist}`)).map((l) => l.slice(`LOADED ${dist}`.length));
    expect(ours).toContain('cli/bundle/main.js');
    // the built-in data sets' text stays in dist/data (the tarball carries it once)
    expect(ours.filter((f) => !f.startsWith('cli/bundle/'))).toEqual(['data/builtin-csv.js']);
    // unbundled, `neurite train` loaded ~240 of dist's modules
    expect(ours.length).toBeLessThan(40);
  });

  describe('serves the playground from dist', () => {
    let server: ReturnType<typeof spawn> | undefined;
    afterAll(() => server?.kill());

    it('the page, the kernels and the built-in data', async () => {
      server = spawn(process.execPath, [BIN, 'playground', '--port', '0'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        server?.stdout?.on('data', (b: Buffer) => {
          out += b.toString();
          const m = /http:\/\/[^\s/]+\//.exec(out);
          if (m) resolve(m[0]);
        });
        server?.on('exit', (code) => reject(new Error(`the playground exited (${code}) before listening: ${out}`)));
      });
      for (const path of ['', 'kernels-simd-shared.wasm', 'builtin-csv.js']) {
        const res = await fetch(url + path);
        expect(res.status, path).toBe(200);
        expect((await res.arrayBuffer()).byteLength, path).toBeGreaterThan(100);
      }
    });
  });
});
