// End-to-end: --checkpoint and --resume. A run of 6 epochs, and the same run killed with SIGKILL
// after epoch 2 and resumed (from the checkpoint as written, or as the writer before
// trainStateText wrote it), give the same weights bit for bit.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, ensureBuilt, errorLine, neurite, workdir } from './cli-helpers.js';

let dir = '';
// batch size 1 makes an epoch slow enough (≈ 0.1 s) for the kill to land before the next one ends
const RUN = ['train', '--dataset', 'digits', '--epochs', '6', '--seed', '7', '--batch-size', '1', '--hidden', '16', '--dropout', '0.1'];

beforeAll(() => {
  ensureBuilt();
  dir = workdir();
});

/** Starts the run and kills it with SIGKILL as soon as stderr says epoch `after` is done. */
function killAfter(args: string[], after: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: dir });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (new RegExp(`^epoch ${after}/`, 'm').test(stderr)) child.kill('SIGKILL');
    });
    child.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve(stderr) : reject(new Error(`not killed (exit ${code}):\n${stderr}`))));
  });
}

const weights = (file: string) => JSON.parse(readFileSync(join(dir, file), 'utf8')).layers;

describe('--checkpoint and --resume', () => {
  it('a run killed after epoch 2 and resumed ends with the same weights as a run never stopped', async () => {
    const full = neurite([...RUN, '--checkpoint', 'full.ckpt', '--out', 'full.json'], dir);
    expect(full.status, full.stderr).toBe(0);

    await killAfter([...RUN, '--checkpoint', 'run.ckpt', '--out', 'killed.json'], 2);
    const ckpt = JSON.parse(readFileSync(join(dir, 'run.ckpt'), 'utf8'));
    expect(ckpt).toMatchObject({ format: 'neurite-checkpoint', version: 1, config: { seed: 7, epochs: 6 } });
    expect(ckpt.state.epoch).toBeGreaterThanOrEqual(2);
    expect(ckpt.state.epoch).toBeLessThan(6);
    expect(ckpt.state.rng.s).toHaveLength(4);
    expect(ckpt.state.optimizer).toMatchObject({ name: 'adam', step: ckpt.state.epoch * 1438 });
    expect(ckpt.model).toMatchObject({ format: 'neurite-model', classes: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] });
    expect(ckpt.state.history).toHaveLength(ckpt.state.epoch);

    const resumed = neurite(['train', '--resume', 'run.ckpt', '--out', 'resumed.json'], dir);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain(`seed 7; resuming after epoch ${ckpt.state.epoch} from run.ckpt`);
    expect(resumed.stderr).toMatch(/^epoch 6\/6 /m);
    expect(resumed.stderr).not.toMatch(/^epoch 1\/6 /m);
    expect(weights('resumed.json')).toEqual(weights('full.json'));
    const history = (f: string) => JSON.parse(readFileSync(join(dir, f), 'utf8')).history;
    expect(history('resumed.json')).toEqual(history('full.json'));
  });

  it("writes the model as its model file's text and the moments as float32 decimals; a checkpoint written the old way still resumes", () => {
    const text = readFileSync(join(dir, 'full.ckpt'), 'utf8');
    expect(text).toMatch(/^\{"format":"neurite-checkpoint","version":1,"config":\{.*\},"data":"[0-9a-f]{64}","model":\{\n {2}"format": "neurite-model",\n/);
    expect(text).toMatch(/\n}(,"state":\{"epoch":6,"history":\[).*}}\n$/s);
    const ckpt = JSON.parse(readFileSync(join(dir, 'run.ckpt'), 'utf8'));
    const s1 = ckpt.state.optimizer.slots['layers.0.weights'].s1 as number[];
    expect(s1.every((v) => Math.fround(v) === v)).toBe(false); // "1.2345678e-7", not the float32's double 1.2345677...e-7
    // before: JSON.stringify of the state as the optimizer gave it (each moment the double of its float32)
    for (const slot of Object.values(ckpt.state.optimizer.slots) as { s1: number[]; s2: number[] }[]) {
      slot.s1 = Array.from(Float32Array.from(slot.s1));
      slot.s2 = Array.from(Float32Array.from(slot.s2));
    }
    writeFileSync(join(dir, 'old.ckpt'), JSON.stringify(ckpt));
    const resumed = neurite(['train', '--resume', 'old.ckpt', '--out', 'old.json'], dir);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(weights('old.json')).toEqual(weights('full.json'));
  });

  it('refuses to change the settings, other data or a file that is not a checkpoint', () => {
    const changed = neurite(['train', '--resume', 'run.ckpt', '--lr', '0.5'], dir);
    expect(changed.status).toBe(2);
    expect(errorLine(changed)).toMatch(/--lr cannot be changed when resuming/);
    const ckpt = JSON.parse(readFileSync(join(dir, 'run.ckpt'), 'utf8'));
    writeFileSync(join(dir, 'moved.ckpt'), JSON.stringify({ ...ckpt, config: { ...ckpt.config, dataset: 'iris' } }));
    const other = neurite(['train', '--resume', 'moved.ckpt'], dir);
    expect(other.status).toBe(1);
    expect(errorLine(other)).toMatch(/iris: the data differs from the data the checkpoint moved\.ckpt was trained on/);
    const notOurs = neurite(['train', '--resume', 'full.json'], dir);
    expect(notOurs.status).toBe(1);
    expect(notOurs.stderr).toMatch(/format: expected "neurite-checkpoint" \(a file written by --checkpoint\), found "neurite-model"/);
  });
});
