// The training images read early (Note [reading early] in src/data/node/early.ts): bin/neurite.js
// begins reading `train --data FILE` before the command's modules load. What the command does with
// the file read early must be what it does with the file read when it needs it: the same model
// file, the same data fingerprint in the checkpoint, and --resume accepting it.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { dataOfCheckpoint, readEarly, settleEarly, takeBlock, takeEarly } from '../src/cli/early.js';
import { main } from '../src/cli/main.js';
import { ensureBuilt, idx, neurite, workdir } from './cli-helpers.js';

// 90 images of 4 × 4: class c has bright pixels in its own rows, plus a little noise
const COUNT = 90;
const classes = Uint8Array.from({ length: COUNT }, (_, i) => i % 3);
const pixels = Uint8Array.from({ length: COUNT * 16 }, (_, j) => {
  const image = Math.floor(j / 16);
  const row = Math.floor((j % 16) / 4);
  return (row === classes[image] ? 200 : 20) + ((j * 7919) % 31);
});
const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
let dir = '';
let images = '';
let labels = '';

beforeAll(() => {
  ensureBuilt();
  dir = workdir({ 'img.gz': gzipSync(idx(0x803, [COUNT, 4, 4], pixels)), 'lab.gz': gzipSync(idx(0x801, [COUNT], classes)) });
  images = join(dir, 'img.gz');
  labels = join(dir, 'lab.gz');
});

const train = (out: string, extra: string[] = []): string[] =>
  ['train', '--data', images, '--labels', labels, '--hidden', '8', '--epochs', '3', '--seed', '4', '--out', join(dir, out), ...extra];

describe('reading the training images early', () => {
  it('hands over the file `train --data` names, once, and nothing for other commands or files', async () => {
    readEarly(['train', `--data=${images}`, '--labels', labels]);
    await settleEarly();
    expect(takeEarly(labels)).toBeUndefined(); // another path: not handed over (and the read is spent)
    readEarly(train('a.json'));
    await settleEarly();
    const file = takeEarly(images);
    expect(file?.kind === 'images' && [file.count, file.height, file.width]).toEqual([COUNT, 4, 4]);
    expect(takeBlock(COUNT * 16 - 1)).toBeUndefined(); // a block of another size is not handed over (and is spent)
    expect(takeBlock(COUNT * 16)).toBeUndefined();
    readEarly(train('a.json'));
    await settleEarly();
    expect(takeBlock(COUNT * 16)).toBeUndefined(); // only with the images it belongs to
    takeEarly(images);
    expect(Array.from(takeBlock(COUNT * 16) ?? [1])).toEqual(new Array(COUNT * 16).fill(0));
    expect(takeBlock(COUNT * 16)).toBeUndefined();
    expect(takeEarly(images)).toBeUndefined();
    readEarly(['inspect', '--data', images]);
    await settleEarly();
    expect(takeEarly(images)).toBeUndefined(); // a command that does not take it begins nothing
    readEarly(['predict', '--model', 'm.json', '--data', images]);
    await settleEarly();
    expect(takeEarly(images)?.kind).toBe('images');
    readEarly(['train', '--data', join(dir, 'missing.gz')]);
    await settleEarly();
    expect(takeEarly(images)).toBeUndefined();
    expect(takeEarly(join(dir, 'missing.gz'))).toBeUndefined();
  });

  it('hashes the images as it reads them only when --checkpoint asks for the fingerprint', async () => {
    for (const [extra, early] of [[[], false], [['--checkpoint', join(dir, 'c.ckpt')], true]] as const) {
      readEarly(train('b.json', [...extra]));
      await settleEarly();
      const file = takeEarly(images);
      if (file?.kind !== 'images') throw new Error('not read early');
      file.bytes[0] ^= 1; // a hash computed while reading is the file's, whatever happens to the bytes after
      expect(file.hash === sha256(idx(0x803, [COUNT, 4, 4], pixels)), extra.join(' ')).toBe(early);
    }
  });

  it('trains the same model, and writes the same fingerprint, as reading the file when needed', async () => {
    const early = neurite(train('early.json', ['--checkpoint', join(dir, 'early.ckpt')]), dir);
    expect(early.status, early.stderr).toBe(0);
    let err = '';
    const status = await main(train('late.json', ['--checkpoint', join(dir, 'late.ckpt')]), { out: () => undefined, err: (s) => void (err += s), errIsTTY: false });
    expect(status, err).toBe(0);
    const read = (f: string): string => readFileSync(join(dir, f), 'utf8');
    expect(read('early.json')).toBe(read('late.json'));
    const fingerprint = (f: string): string => JSON.parse(read(f)).data;
    expect(fingerprint('early.ckpt')).toMatch(/^[0-9a-f]{64}$/);
    expect(fingerprint('early.ckpt')).toBe(fingerprint('late.ckpt'));
    const resumed = neurite(['train', '--resume', join(dir, 'early.ckpt'), '--epochs', '4', '--out', join(dir, 'resumed.json')], dir);
    expect(resumed.status, resumed.stderr).toBe(0);
  });

  it('predicts and evaluates the same with the images read early as read when needed', async () => {
    const model = join(dir, 'early.json');
    if (neurite(train('early.json'), dir).status !== 0) throw new Error('training failed');
    const inProcess = async (args: string[]): Promise<string> => {
      let out = '';
      const status = await main(args, { out: (s) => void (out += s), err: () => undefined, errIsTTY: false });
      expect(status, args.join(' ')).toBe(0);
      return out;
    };
    const predicted = neurite(['predict', '--model', model, '--data', images, '--out', join(dir, 'early.csv')], dir);
    expect(predicted.status, predicted.stderr).toBe(0);
    await inProcess(['predict', '--model', model, '--data', images, '--out', join(dir, 'late.csv')]);
    expect(readFileSync(join(dir, 'early.csv'), 'utf8')).toBe(readFileSync(join(dir, 'late.csv'), 'utf8'));
    const evaluated = neurite(['evaluate', '--model', model, '--data', images, '--labels', labels, '--json'], dir);
    expect(evaluated.status, evaluated.stderr).toBe(0);
    expect(JSON.parse(evaluated.stdout)).toEqual(JSON.parse(await inProcess(['evaluate', '--model', model, '--data', images, '--labels', labels, '--json'])));
  });

  it('reads the data a --resume checkpoint names early, hashed while read, and resumes the same', async () => {
    const ck = join(dir, 'r.ckpt');
    expect(neurite(train('r.json', ['--checkpoint', ck]), dir).status).toBe(0);
    const text = readFileSync(ck, 'utf8');
    expect(dataOfCheckpoint(text)).toBe(images);
    readEarly(['train', '--resume', ck, '--epochs', '4']);
    await settleEarly();
    const file = takeEarly(images);
    if (file?.kind !== 'images') throw new Error('not read early');
    file.bytes[0] ^= 1; // the hash was computed while reading: the file's, whatever happens to the bytes after
    expect(file.hash).toBe(sha256(idx(0x803, [COUNT, 4, 4], pixels)));
    expect(takeBlock(COUNT * 16)?.length).toBe(COUNT * 16);
    // the bin (early) and main() in-process (late) resume to the same model
    const resume = (out: string): string[] => ['train', '--resume', ck, '--epochs', '5', '--out', join(dir, out)];
    const early = neurite(resume('r-early.json'), dir);
    expect(early.status, early.stderr).toBe(0);
    let err = '';
    expect(await main(resume('r-late.json'), { out: () => undefined, err: (s) => void (err += s), errIsTTY: false }), err).toBe(0);
    expect(readFileSync(join(dir, 'r-early.json'), 'utf8')).toBe(readFileSync(join(dir, 'r-late.json'), 'utf8'));
  });

  it('finds a checkpoint\'s data path only in its settings, whatever the path holds', () => {
    const ck = join(dir, 'p.ckpt');
    expect(neurite(train('p.json', ['--checkpoint', ck]), dir).status).toBe(0);
    const real = readFileSync(ck, 'utf8');
    const config = JSON.parse(real).config as Record<string, unknown>;
    expect(real).toContain(JSON.stringify(config)); // checkpointText writes the settings as JSON.stringify does
    // the settings with another data path, and a string that looks like the settings' end before it
    const named = (data: string): string => real.replace(JSON.stringify(config), JSON.stringify({ hidden: [8, [4]], note: '"},"data":"no"}', ...config, data }));
    for (const path of ['x.gz', 'a "quoted" }{ path\\ü.gz', '[{]}.idx']) expect(dataOfCheckpoint(named(path)), path).toBe(path);
    expect(dataOfCheckpoint(named('x.gz').slice(0, 60))).toBeUndefined(); // the settings cut short
    expect(dataOfCheckpoint(named(''))).toBeUndefined();
    expect(dataOfCheckpoint('{"format":"neurite-model","version":1,"config":{"data":"x.gz"}}')).toBe('x.gz'); // a guess at most: a wrong file is read for nothing
    expect(dataOfCheckpoint('{"version":1,"config":{"data":"x.gz"}}')).toBeUndefined();
    expect(dataOfCheckpoint('not json')).toBeUndefined();
  });
});
