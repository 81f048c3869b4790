// The guides' examples run as written, against the built package imported by its name: every
// ```js block of a guide runs in Node (exit 0, nothing on stderr) and prints exactly the ```text
// block that follows it, if one does; every ```ts block type-checks under strict nodenext. Blocks
// marked ```js browser use what only a page has (Worker, localStorage): the same calls run in
// Chromium in test/package-worker-storage.test.ts.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, ROOT } from './cli-helpers.js';

/** The guides, and which of their js blocks run (all, or the first only: the README's others are fragments). */
const GUIDES: Record<string, 'all' | 'first'> = {
  'README.md': 'first',
  'docs/in-memory-data.md': 'all',
  'docs/workers.md': 'all',
  'docs/typescript.md': 'all',
};
// inside the package, so that `import 'neurite'` resolves to this checkout's dist (self-reference)
const WORK = join(ROOT, 'test-output', 'guides');

interface Block {
  readonly lang: string;
  readonly code: string;
  readonly output?: string;
}

function blocks(file: string): Block[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const all = [...text.matchAll(/```([^\n]*)\n([^]*?)```/g)].map((m) => ({ lang: m[1].trim(), code: m[2] }));
  return all.flatMap((b, i) => (b.lang === 'js' || b.lang === 'ts' ? [{ ...b, output: all[i + 1]?.lang === 'text' ? all[i + 1].code : undefined }] : []));
}

describe('guides', () => {
  beforeAll(() => {
    ensureBuilt();
    mkdirSync(WORK, { recursive: true });
  }, 120_000);

  for (const [file, which] of Object.entries(GUIDES)) {
    it(`${file}: its examples run and print what it says`, () => {
      const found = blocks(file);
      const list = found.filter((b) => b.lang === 'ts' || which === 'all' || b === found.find((c) => c.lang === 'js'));
      expect(list.length).toBeGreaterThan(0);
      list.forEach((b, i) => {
        const name = join(WORK, `${file.replace(/\W/g, '-')}-${i}.${b.lang === 'ts' ? 'mts' : 'mjs'}`);
        writeFileSync(name, b.code);
        if (b.lang === 'ts') {
          const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
          const r = spawnSync(process.execPath, [tsc, '--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--skipLibCheck', '--types', 'node', name], { cwd: ROOT, encoding: 'utf8' });
          expect(`${r.stdout}${r.stderr}`, `${file}, ts block ${i}`).toBe('');
          return;
        }
        const r = spawnSync(process.execPath, [name], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
        expect(r.stderr, `${file}, js block ${i}`).toBe('');
        expect(r.status).toBe(0);
        if (b.output !== undefined) expect(r.stdout, `${file}, js block ${i}`).toBe(b.output);
      });
    }, 120_000);
  }
});
