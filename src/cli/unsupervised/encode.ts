/**
 * `neurite encode --model m.json --data FILE --out codes.csv`: each row's code, the output of an
 * autoencoder's bottleneck.
 */
import { Autoencoder } from '../../index.js';
import { readEncoded } from '../dataset.js';
import { CliError } from '../errors.js';
import type { Io } from '../io.js';
import { writeOutput } from '../io.js';
import { readModel } from '../model.js';
import { isUnlabelled, unlabelledModel } from './model.js';
import { cellsOf, rowsCsv } from './rows.js';

/**
 * Runs `neurite encode`: the input rows followed by `code_1` ... `code_K`.
 *
 * @returns the exit status
 */
export function encodeCommand(io: Io, o: { model: string; data: string; out?: string; json?: boolean }): number {
  const loaded = readModel(o.model, '--model');
  if (!isUnlabelled(loaded) || loaded.meta.task !== 'autoencoder') {
    throw new CliError(`${o.model}: not an autoencoder (task ${String(loaded.meta.task ?? 'not recorded')}); encode needs a model trained with neurite train --task autoencoder`);
  }
  const m = unlabelledModel(loaded, o.model);
  const e = readEncoded(m, o.data);
  if (!e.table) throw new CliError(`${o.data}: ${o.model} was learnt from CSV rows; give a CSV file`);
  const codes = new Autoencoder({ network: m.network, bottleneck: m.meta.bottleneck as number }).encode(e.x);
  const num = (v: number) => String(Number(v.toPrecision(7)));
  const columns = Array.from({ length: codes.cols }, (_, k): [string, string[]] => [`code_${k + 1}`, Array.from({ length: codes.rows }, (_r, i) => num(codes.data[i * codes.cols + k]))]);
  const csv = rowsCsv(cellsOf(e.table), columns);
  if (o.out !== undefined) writeOutput(o.out, csv, '--out');
  if (o.json) io.out(`${JSON.stringify({ codes: Array.from({ length: codes.rows }, (_, i) => Array.from(codes.data.subarray(i * codes.cols, (i + 1) * codes.cols))) })}\n`);
  else if (o.out === undefined) io.out(csv);
  else io.err(`wrote the codes of ${codes.rows} rows to ${o.out}\n`);
  return 0;
}
