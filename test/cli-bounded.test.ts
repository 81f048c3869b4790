// Hostile inputs to the real command, each in a child process with a small heap
// (--max-old-space-size=96) whose peak resident memory is read at exit: a gzip bomb (CSV and
// IDX), an endless pipe, /dev/zero and /dev/urandom, more labels than images, not UTF-8, and
// columns with too many distinct values are refused quickly, in one line, within the memory.
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ensureBuilt, errorLine, idx, neurite, workdir, type Run } from './cli-helpers.js';

/** A script that runs the command and prints its peak resident memory at exit. */
function wrapper(dir: string): string {
  const path = join(dir, 'measured.mjs');
  writeFileSync(path, `process.on('exit', () => process.stderr.write('\\nmaxrss ' + process.resourceUsage().maxRSS + '\\n'));\nprocess.argv.splice(1, 1, ${JSON.stringify(BIN)});\nawait import(${JSON.stringify(BIN)});\n`);
  return path;
}

/** Runs the command with a bounded heap, its input from `pipe` when given; returns the run, its peak RSS in MiB and seconds. */
function bounded(args: string[], cwd: string, env: Record<string, string> = {}, pipe?: string): Run & { rssMiB: number; seconds: number } {
  const node = [process.execPath, '--max-old-space-size=96', wrapper(cwd), ...args];
  const options = { cwd, encoding: 'utf8' as const, env: { ...process.env, NO_COLOR: '1', ...env }, timeout: 60_000 };
  const started = performance.now();
  const r = pipe ? spawnSync('bash', ['-c', `${pipe} | ${node.map((a) => `'${a}'`).join(' ')}`], options) : spawnSync(node[0], node.slice(1), options);
  const seconds = (performance.now() - started) / 1000;
  const m = /maxrss (\d+)/.exec(r.stderr);
  const stderr = r.stderr.replace(/\nmaxrss \d+\n$/, '');
  return { status: r.status, stdout: r.stdout, stderr, rssMiB: m ? Number(m[1]) / 1024 : NaN, seconds };
}

const header = (magic: number, dims: number[]) => idx(magic, dims, new Uint8Array(0));

describe('bounded reading of hostile inputs (the real command, 96 MB heap)', () => {
  let dir = '';
  beforeAll(() => {
    ensureBuilt();
    const rows = gzipSync(Buffer.from('1,2\n'.repeat(1 << 20)));
    const zeros = gzipSync(Buffer.alloc(1 << 22));
    dir = workdir({
      // 1 GiB of rows inflated from about 4 MB: 256 gzip members of 4 MiB each
      'bomb.csv.gz': Buffer.concat([gzipSync('a,b\n'), ...Array.from({ length: 256 }, () => rows)]),
      // 10 images declared, 1 GiB of zeros inflated
      'bomb-images.gz': Buffer.concat([gzipSync(header(0x803, [10, 28, 28])), ...Array.from({ length: 256 }, () => zeros)]),
      'labels-10.gz': gzipSync(idx(0x801, [10], new Uint8Array(10))),
      'labels-11': idx(0x801, [11], new Uint8Array(11)),
      'latin1.csv': Buffer.concat([Buffer.from('name,x,y\nJos'), Buffer.of(0xe9), Buffer.from(',1,0\nAna,2,1\n')]),
      'ids.csv': `id,x,y\n${Array.from({ length: 3000 }, (_, i) => `user${i},${i % 7},${i % 2}`).join('\n')}\n`,
      'classes.csv': `x,y\n${Array.from({ length: 3000 }, (_, i) => `${i % 7},c${i}`).join('\n')}\n`,
      'numbers.csv': `x,y\n${Array.from({ length: 3000 }, (_, i) => `${i % 7},${i}`).join('\n')}\n`,
    });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a CSV gzip bomb at 1 GiB inflated, without holding more than the limit', () => {
    const r = bounded(['train', '--data', 'bomb.csv.gz', '--epochs', '1'], dir);
    expect(r.status).toBe(1);
    expect(errorLine(r)).toBe('error: bomb.csv.gz: it inflates to more than 1 GiB (64 times its size, at least 1 GiB); if the data is really that large, decompress it first or set NEURITE_MAX_INPUT to a larger size (e.g. NEURITE_MAX_INPUT=8G)');
    expect(r.rssMiB).toBeLessThan(1500);
    const small = bounded(['train', '--data', 'bomb.csv.gz', '--epochs', '1'], dir, { NEURITE_MAX_INPUT: '64M' });
    expect(errorLine(small)).toMatch(/inflates to more than 64 MiB/);
    expect(small.rssMiB).toBeLessThan(300);
  }, 120_000);

  it('refuses an IDX gzip bomb at the size its header declares, and more labels than images before inflating the images', () => {
    const r = bounded(['train', '--data', 'bomb-images.gz', '--labels', 'labels-10.gz', '--epochs', '1'], dir);
    expect(errorLine(r)).toBe('error: bomb-images.gz: more data than the IDX header declares (7856 bytes); the header does not match the data; is it the right file?');
    expect(r.rssMiB).toBeLessThan(300);
    const counts = bounded(['train', '--data', 'bomb-images.gz', '--labels', 'labels-11', '--epochs', '1'], dir);
    expect(errorLine(counts)).toBe('error: labels-11: 11 labels for 10 images in bomb-images.gz; use the labels file that belongs to these images');
    expect(counts.rssMiB).toBeLessThan(200);
  }, 120_000);

  it('stops an endless pipe at the limit, and refuses /dev/zero and /dev/urandom at once', () => {
    const r = bounded(['train', '--data', '/dev/stdin', '--epochs', '1'], dir, { NEURITE_MAX_INPUT: '32M' }, "(echo a,b; yes 1,2)");
    expect(r.status).toBe(1);
    expect(errorLine(r)).toBe('error: /dev/stdin: more than 32 MiB read from a pipe or device (not a regular file), the limit for such inputs; save the data to a file and give its path, or set NEURITE_MAX_INPUT to a larger size (e.g. NEURITE_MAX_INPUT=8G)');
    expect(r.rssMiB).toBeLessThan(400);
    const zero = bounded(['train', '--data', '/dev/zero', '--epochs', '1'], dir);
    expect(errorLine(zero)).toMatch(/^error: \/dev\/zero: wrong magic number 0x00000000/);
    const random = bounded(['train', '--data', '/dev/urandom', '--epochs', '1'], dir);
    expect(errorLine(random)).toMatch(/^error: \/dev\/urandom: (binary data|not UTF-8 text|wrong magic number|corrupt gzip data)/);
    expect(Math.max(zero.rssMiB, random.rssMiB)).toBeLessThan(200);
  }, 120_000);

  it('refuses a file that is not UTF-8, naming the byte', () => {
    const r = neurite(['train', '--data', 'latin1.csv', '--epochs', '1'], dir);
    expect(errorLine(r)).toBe('error: latin1.csv: not UTF-8 text: invalid UTF-8 at byte 12; save the file as UTF-8 (e.g. iconv -f latin1 -t utf-8 FILE > NEW.csv)');
  });

  it('refuses up front a text feature or a target with more distinct values than it can encode, naming the column and the count', () => {
    // left to itself, train leaves such a column out as an id (test/cli-tables.test.ts); named in --features it is refused
    expect(errorLine(neurite(['train', '--data', 'ids.csv', '--features', 'id,x', '--epochs', '1'], dir))).toBe(
      'error: ids.csv: the text column "id" has 3000 distinct values, more than the 1000 categories a feature may have (each would be an input); leave it out with --ignore id, or group its values into fewer categories',
    );
    expect(errorLine(neurite(['train', '--data', 'classes.csv', '--epochs', '1'], dir))).toBe(
      'error: classes.csv: the target column "y" has 3000 distinct values, more than the 1000 classes a classifier may have; choose another --target, or group its values into fewer classes',
    );
    expect(errorLine(neurite(['train', '--data', 'numbers.csv', '--task', 'classification', '--epochs', '1'], dir))).toBe(
      'error: numbers.csv: the target column "y" has 3000 distinct values, more than the 1000 classes a classifier may have; use --task regression to predict it as a number, or choose another --target',
    );
  });
});
