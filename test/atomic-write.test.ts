// The atomic writer (writeFileAtomic, src/io/node-file.ts): stale temporary files of processes
// that are gone are removed, a replaced file keeps its permissions, a symbolic link is written
// through, and a failed write leaves the old file and no temporary file. The full disk is in
// full-disk.test.ts.
import { spawnSync } from 'node:child_process';
import { chmodSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../src/node.js';
import { workdir } from './cli-helpers.js';

/** A pid that no process has: one of a child that has exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

describe('writeFileAtomic', () => {
  it('removes the temporary files of the same name left by dead processes, keeps live ones and other names', () => {
    const dead = deadPid();
    const dir = workdir({
      [`.model.json.${dead}.0a1b2c3d.tmp`]: 'half of a model',
      [`.model.json.${process.ppid}.0a1b2c3d.tmp`]: 'a live process is writing',
      [`.other.json.${dead}.0a1b2c3d.tmp`]: 'another file',
      [`.model.json.${dead}.notours.tmp`]: 'not our naming',
    });
    writeFileAtomic(join(dir, 'model.json'), 'new');
    expect(readdirSync(dir).sort()).toEqual([
      `.model.json.${dead}.notours.tmp`, `.model.json.${process.ppid}.0a1b2c3d.tmp`, `.other.json.${dead}.0a1b2c3d.tmp`, 'model.json',
    ].sort());
    expect(readFileSync(join(dir, 'model.json'), 'utf8')).toBe('new');
  });

  it('keeps the permissions of the file it replaces; a new file gets the usual ones', () => {
    const dir = workdir({ 'private.json': 'old', 'shared.json': 'old' });
    chmodSync(join(dir, 'private.json'), 0o600);
    chmodSync(join(dir, 'shared.json'), 0o664);
    writeFileAtomic(join(dir, 'private.json'), 'new');
    writeFileAtomic(join(dir, 'shared.json'), 'new');
    writeFileAtomic(join(dir, 'fresh.json'), 'new');
    expect(statSync(join(dir, 'private.json')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'shared.json')).mode & 0o777).toBe(0o664);
    const umask = process.umask();
    expect(statSync(join(dir, 'fresh.json')).mode & 0o777).toBe(0o666 & ~umask);
  });

  it('writes through a symbolic link (a chain of them, one to a file not there yet) and leaves the link a link', () => {
    const dir = workdir({ 'real.json': 'old' });
    mkdirSync(join(dir, 'models'));
    symlinkSync('real.json', join(dir, 'link.json'));
    symlinkSync('../link.json', join(dir, 'models', 'chain.json'));
    symlinkSync('later.json', join(dir, 'dangling.json'));
    writeFileAtomic(join(dir, 'models', 'chain.json'), 'through the chain');
    writeFileAtomic(join(dir, 'dangling.json'), 'created');
    expect(readFileSync(join(dir, 'real.json'), 'utf8')).toBe('through the chain');
    expect(lstatSync(join(dir, 'link.json')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(dir, 'models', 'chain.json'))).toBe('../link.json');
    expect(readFileSync(join(dir, 'later.json'), 'utf8')).toBe('created');
    expect(lstatSync(join(dir, 'dangling.json')).isSymbolicLink()).toBe(true);
  });

  it('a failed write leaves the old file as it was and no temporary file', () => {
    const dir = workdir({ 'model.json': 'old' });
    mkdirSync(join(dir, 'folder.json'));
    expect(() => writeFileAtomic(join(dir, 'folder.json'), 'new')).toThrow(expect.objectContaining({ code: 'EISDIR' }));
    symlinkSync('loop.json', join(dir, 'loop.json'));
    expect(() => writeFileAtomic(join(dir, 'loop.json'), 'new')).toThrow(expect.objectContaining({ code: 'ELOOP' }));
    expect(() => writeFileAtomic(join(dir, 'no', 'model.json'), 'new')).toThrow(expect.objectContaining({ code: 'ENOENT' }));
    expect(readdirSync(dir).sort()).toEqual(['folder.json', 'loop.json', 'model.json']);
    expect(readFileSync(join(dir, 'model.json'), 'utf8')).toBe('old');
  });

  it('writes bytes and text of any size completely', () => {
    const dir = workdir();
    const bytes = Uint8Array.from({ length: 3_000_001 }, (_, i) => (i * 7919) & 255);
    writeFileAtomic(join(dir, 'm.onnx'), bytes);
    expect(readFileSync(join(dir, 'm.onnx')).equals(bytes)).toBe(true);
    const text = 'é'.repeat(100_000);
    writeFileAtomic(join(dir, 'm.txt'), text);
    expect(readFileSync(join(dir, 'm.txt'), 'utf8')).toBe(text);
  });
});

// keep the helper honest: a pid from deadPid() really is gone
it('deadPid gives a pid no process has', () => {
  expect(() => process.kill(deadPid(), 0)).toThrow(expect.objectContaining({ code: 'ESRCH' }));
});
