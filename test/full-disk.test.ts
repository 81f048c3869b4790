// Every file the command writes, on a full disk (a 64 KiB tmpfs): the run fails with one clear
// line and exit 1, the previous file keeps its bytes and its mode, and no temporary file is left.
// The disk is filled so that the first pages of the new file fit and the rest does not: the
// write(2) that crosses the edge writes part of its bytes (a short write), the next one fails.
// Needs `mount -t tmpfs` (root or CAP_SYS_ADMIN); elsewhere skipped with a message.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statfsSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, errorLine, neurite, workdir } from './cli-helpers.js';

function mountSmallDisk(): { disk?: string; why?: string } {
  const dir = mkdtempSync(join(tmpdir(), 'neurite-full-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir], { stdio: 'pipe' });
    return { disk: dir };
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    return { why: String((e as { stderr?: Buffer }).stderr ?? e).trim() };
  }
}

const { disk, why } = mountSmallDisk();
if (!disk) console.warn(`full-disk tests SKIPPED: cannot mount a 64 KiB tmpfs here (${why}); run them as root to check writes on a full disk`);

const OLD = 'the previous file\n';
let work = '';

/** Fills the disk so that only `pages` whole pages stay free (the filler is rewritten each time). */
function leaveFree(pages: number): void {
  const filler = join(disk as string, 'filler');
  rmSync(filler, { force: true });
  const { bavail, bsize } = statfsSync(disk as string);
  writeFileSync(filler, Buffer.alloc((bavail - pages) * bsize));
  expect(statfsSync(disk as string).bavail).toBe(pages);
}

describe.skipIf(!disk)('on a full disk', () => {
  beforeAll(() => {
    ensureBuilt();
    work = workdir();
    const r = neurite(['train', '--epochs', '2', '--seed', '1', '--hidden', '64', '--out', 'model.json'], work);
    expect(r.status, r.stderr).toBe(0);
    writeFileSync(join(work, 'iris.csv'), readFileSync(join(import.meta.dirname, '..', '..', 'shared', 'datasets', 'iris.csv')));
  });
  afterAll(() => {
    if (disk) execFileSync('umount', [disk]);
    rmSync(disk as string, { recursive: true, force: true });
  });

  const TRAIN = ['train', '--epochs', '2', '--seed', '1', '--hidden', '64'];
  const cases: { what: string; file: string; args: (path: string) => string[] }[] = [
    { what: 'train --out', file: 'model.json', args: (p) => [...TRAIN, '--out', p] },
    { what: 'train --checkpoint', file: 'run.ckpt', args: (p) => [...TRAIN, '--checkpoint', p, '--out', 'unused.json'] },
    { what: 'train --plot', file: 'curves.svg', args: (p) => [...TRAIN, '--plot', p, '--out', 'unused.json'] },
    { what: 'predict --out', file: 'predictions.csv', args: (p) => ['predict', '--model', 'model.json', '--data', 'iris.csv', '--out', p] },
    { what: 'export --format js', file: 'model.mjs', args: (p) => ['export', '--model', 'model.json', '--format', 'js', '--out', p] },
    { what: 'export --format onnx', file: 'model.onnx', args: (p) => ['export', '--model', 'model.json', '--format', 'onnx', '--out', p] },
  ];

  it.each(cases)('$what: exit 1, one clear line, the previous file unchanged, no temporary file', ({ file, args }) => {
    // the size of the new file, written where there is room
    const roomy = neurite(args(join(work, file)), work);
    expect(roomy.status, roomy.stderr).toBe(0);
    const size = statSync(join(work, file)).size;
    const { bsize } = statfsSync(disk as string);
    const path = join(disk as string, file);
    writeFileSync(path, OLD);
    chmodSync(path, 0o600);
    leaveFree(Math.floor((size - 1) / bsize));
    try {
      const r = neurite(args(path), work);
      expect(r.status, r.stderr).toBe(1);
      expect(errorLine(r)).toBe(`error: could not write ${path}: no space left on device; the previous ${path} is unchanged`);
      expect(readFileSync(path, 'utf8')).toBe(OLD);
      expect(statSync(path).mode & 0o777).toBe(0o600);
      expect(readdirSync(disk as string).sort()).toEqual(['filler', file].sort());
    } finally {
      for (const f of readdirSync(disk as string)) rmSync(join(disk as string, f));
    }
  });

  it('with room again, the same write succeeds in full and keeps the mode', () => {
    const path = join(disk as string, 'model.json');
    writeFileSync(path, OLD);
    chmodSync(path, 0o600);
    const r = neurite([...TRAIN, '--out', path], work);
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(path, 'utf8')).toBe(readFileSync(join(work, 'model.json'), 'utf8'));
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readdirSync(disk as string)).toEqual(['model.json']);
  });
});
