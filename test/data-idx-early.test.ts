// prefetchIdx (Note [reading early] in src/data/node/early.ts): an IDX file read off the main
// thread gives what readDataFile gives, its hash computed while reading when asked; anything it
// cannot read as a regular IDX file gives null, and readDataFile still reports the problem.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { DataError } from '../src/data/errors.js';
import { prefetchIdx } from '../src/data/node/early.js';
import { readDataFile, type DataFile } from '../src/data/node/read.js';
import { idx } from './cli-helpers.js';
import { messageOf } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'neurite-early-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, bytes: Uint8Array | string): string => {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
};

// 5 images of 3 × 4 pixels, every byte different from its neighbours
const pixels = Uint8Array.from({ length: 60 }, (_, i) => (i * 37 + 11) & 255);
const images = idx(0x803, [5, 3, 4], pixels);
const labels = idx(0x801, [5], Uint8Array.of(0, 1, 2, 1, 0));
const bytesOf = (f: DataFile | null): number[] | null => (f === null ? null : Array.from(f.kind === 'images' ? f.bytes : f.kind === 'labels' ? f.labels : []));
const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

describe('prefetchIdx', () => {
  it('gives what readDataFile gives, for images and labels, gzip or not', async () => {
    for (const [name, bytes] of [['img.idx', images], ['img.idx.gz', gzipSync(images)], ['lab.idx', labels], ['lab.idx.gz', gzipSync(labels)]] as const) {
      const path = write(name, bytes);
      const early = (await prefetchIdx(path))?.file ?? null;
      const sync = readDataFile(path);
      expect(early?.kind, name).toBe(sync.kind);
      expect(bytesOf(early), name).toEqual(bytesOf(sync));
      expect(early?.kind === 'images' && [early.count, early.height, early.width], name).toEqual(sync.kind === 'images' && [sync.count, sync.height, sync.width]);
      expect(early?.hash, name).toBe(sync.hash);
      expect(sync.hash, name).toBe(sha256(name.startsWith('img') ? images : labels)); // of the inflated bytes
    }
  });

  it('computes the hash while reading when asked, else when first read', async () => {
    const path = write('hashed.idx.gz', gzipSync(images));
    const asked = (await prefetchIdx(path, { hash: true }))?.file;
    const lazy = (await prefetchIdx(path))?.file;
    if (asked?.kind !== 'images' || lazy?.kind !== 'images') throw new Error('not read');
    // the bytes changed after reading: a hash computed while reading keeps the file's
    asked.bytes[0] ^= 1;
    lazy.bytes[0] ^= 1;
    expect(asked.hash).toBe(sha256(images));
    expect(lazy.hash).not.toBe(sha256(images));
  });

  it('maps a block of zeros for the decoded images when asked, for images only', async () => {
    const read = await prefetchIdx(write('block.idx.gz', gzipSync(images)), { block: true });
    expect(read?.block?.length).toBe(5 * 3 * 4);
    expect(read?.block?.every((v) => v === 0)).toBe(true);
    expect((await prefetchIdx(write('noblock.idx.gz', gzipSync(images))))?.block).toBeUndefined();
    const lab = await prefetchIdx(write('lab-block.idx', labels), { block: true });
    expect([lab?.file.kind, lab?.block]).toEqual(['labels', undefined]);
  });

  it('maps no block for what a header alone claims: 400 MB of floats for 100 KB of pixels', async () => {
    let state = 1;
    const pixels = Uint8Array.from({ length: 100_000 }, () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) >>> 24);
    const gz = gzipSync(idx(0x803, [1_000_000, 10, 10], pixels));
    expect(gz.length * 1032).toBeGreaterThan(1e8 + 16); // within what deflate can pack: the header passes the ratio check
    const path = write('claims.idx.gz', gz);
    const before = process.resourceUsage().maxRSS;
    expect(await prefetchIdx(path, { block: true })).toBeNull();
    expect(process.resourceUsage().maxRSS - before).toBeLessThan(100 * 1024); // KiB
  });

  it('gives null for what it cannot read as a regular IDX file, and readDataFile still says why', async () => {
    const gz = gzipSync(images);
    const bomb = gzipSync(idx(0x803, [100000, 100, 100], new Uint8Array(16)));
    const cases: [string, string | Uint8Array, RegExp][] = [
      ['a.csv', 'x,y\n1,2\n', /^$/],
      ['cut.idx.gz', gz.subarray(0, gz.length - 12), /corrupt gzip data/],
      ['bomb.idx.gz', bomb, /the IDX header declares 1000000016 bytes/],
      ['more.idx.gz', gzipSync(Buffer.concat([images, Buffer.alloc(8)])), /more data than the IDX header declares/],
      ['short.idx', images.subarray(0, 50), /./],
      ['empty.idx', '', /the file is empty/],
    ];
    for (const [name, bytes, why] of cases) {
      const path = write(name, bytes);
      expect(await prefetchIdx(path, { hash: true }), name).toBeNull();
      if (name !== 'a.csv') expect(messageOf(() => readDataFile(path), DataError), name).toMatch(why);
    }
    expect(await prefetchIdx(join(dir, 'missing.idx'))).toBeNull();
    expect(await prefetchIdx(dir)).toBeNull();
  });

  it.skipIf(process.platform === 'win32')('leaves a named pipe alone: opening it would wait for a writer', async () => {
    const fifo = join(dir, 'pipe');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const result = await Promise.race([prefetchIdx(fifo), new Promise((resolve) => setTimeout(() => resolve('waiting'), 2000))]);
    expect(result).toBeNull();
  });
});
