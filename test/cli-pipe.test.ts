// A reader that goes away (`neurite ... | head`): the command stops writing to that stream, still
// finishes what it was asked to do (the model file), and exits without a stack trace.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, ensureBuilt, workdir } from './cli-helpers.js';

interface Closed {
  code: number | null;
  /** What the other stream carried. */
  other: string;
}

/** Runs the command and closes `which` (as `head` does) after its first chunk. */
function closeAfterFirstChunk(args: string[], cwd: string, which: 'stdout' | 'stderr'): Promise<Closed> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let other = '';
    const otherStream = which === 'stdout' ? child.stderr : child.stdout;
    otherStream.on('data', (d: Buffer) => (other += d.toString()));
    child[which].once('data', () => child[which].destroy());
    child.on('error', fail);
    child.on('close', (code) => done({ code, other }));
  });
}

describe('a reader that goes away', () => {
  beforeAll(() => ensureBuilt(), 180_000);

  it('stdout closed after the first lines: exit 0, no EPIPE stack trace', async () => {
    const r = await closeAfterFirstChunk(['hebbian', '--pavlov'], workdir(), 'stdout');
    expect(r.other).not.toMatch(/EPIPE|Unhandled|at .*\.js:\d+/);
    expect(r.code).toBe(0);
  }, 60_000);

  it('stderr closed during training: the model is still written', async () => {
    const dir = workdir();
    const r = await closeAfterFirstChunk(['train', '--dataset', 'digits', '--hidden', '16', '--epochs', '5', '--seed', '1', '--out', 'm.json', '--json'], dir, 'stderr');
    expect(r.code).toBe(0);
    expect(existsSync(join(dir, 'm.json'))).toBe(true);
    expect(JSON.parse(r.other)).toHaveProperty('seed', 1);
  }, 120_000);
});
