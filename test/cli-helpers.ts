// Helpers of the end-to-end tests of the `neurite` command: build dist/ once (a lock keeps
// parallel test files from building at the same time), run the real bin/neurite.js, and make
// temporary directories with small files.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const BIN = join(ROOT, 'bin', 'neurite.js');

function newest(dir: string): number {
  return readdirSync(dir).reduce((m, f) => {
    const p = join(dir, f);
    const s = statSync(p);
    return Math.max(m, s.isDirectory() ? newest(p) : s.mtimeMs);
  }, 0);
}

function stale(): boolean {
  try {
    return statSync(join(ROOT, 'dist', 'cli', 'bundle', 'main.js')).mtimeMs < newest(join(ROOT, 'src'));
  } catch {
    return true;
  }
}

/** A lock directory older than 10 minutes: its holder was killed (a build takes well under a minute). */
function abandoned(lock: string): boolean {
  try {
    return Date.now() - statSync(lock).mtimeMs > 600_000;
  } catch {
    return false;
  }
}

/**
 * Builds dist/ (tsc, then scripts/build-package.mjs and build-cli.mjs) when any source is newer than
 * the command's bundle (dist/cli/bundle/main.js, built last).
 * The lock is this checkout's own (two clones on one machine build their own dist/), and a lock
 * left by a killed run is taken over once it is older than any build takes.
 */
export function ensureBuilt(): void {
  const lock = join(tmpdir(), `neurite-cli-build-${createHash('sha256').update(ROOT).digest('hex').slice(0, 12)}.lock`);
  const until = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (abandoned(lock)) rmSync(lock, { recursive: true, force: true });
      else if (Date.now() > until) throw new Error(`cannot take the build lock ${lock} (held for 2 minutes by another test run of ${ROOT})`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
  try {
    if (!stale()) return;
    const r = spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`build failed:\n${r.stdout}${r.stderr}`);
    // the .wasm kernels beside their glue, and the CommonJS entry points (scripts/build-package.mjs)
    const p = spawnSync(process.execPath, ['scripts/build-package.mjs'], { cwd: ROOT, encoding: 'utf8' });
    if (p.status !== 0) throw new Error(`build failed:\n${p.stdout}${p.stderr}`);
    // the command's modules in a few files (scripts/build-cli.mjs): what bin/neurite.js loads
    const c = spawnSync(process.execPath, ['scripts/build-cli.mjs'], { cwd: ROOT, encoding: 'utf8' });
    if (c.status !== 0) throw new Error(`build failed:\n${c.stdout}${c.stderr}`);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** What a run of the command gave. */
export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `neurite ...args` in `cwd` and waits for it. */
export function neurite(args: string[], cwd: string): Run {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A fresh temporary directory with the given files in it. */
export function workdir(files: Record<string, string | Uint8Array> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'neurite-cli-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

/** The one `error: ` line a failed run must print: asserts its shape and returns it. */
export function errorLine(r: Run): string {
  const lines = r.stderr.split('\n').filter((l) => l.startsWith('error: '));
  if (lines.length !== 1) throw new Error(`expected one error line, got:\n${r.stderr}`);
  if (/\n\s+at /.test(r.stderr)) throw new Error(`a stack trace was printed:\n${r.stderr}`);
  return lines[0];
}

/** An IDX file: `magic`, dimensions and bytes. */
export function idx(magic: number, dims: number[], bytes: Uint8Array): Uint8Array {
  const head = Buffer.alloc(4 + 4 * dims.length);
  head.writeUInt32BE(magic, 0);
  dims.forEach((d, i) => head.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([head, bytes]);
}
