/**
 * `neurite hebbian`: one linear neuron trained by plain Hebb's or Oja's rule on the rows of a CSV
 * file, printing its weights; or, with `--pavlov`, the classical-conditioning example as a table
 * of trials.
 */
import { randomInt } from 'node:crypto';
import { hebbian, pavlov, type HebbianRule, type PavlovTrial, type Scale } from '../../index.js';
import { CliError, UsageError } from '../errors.js';
import { table } from '../format.js';
import type { Io } from '../io.js';
import { checkRowsDiffer, readUnlabelled } from './data.js';

/** The options of `neurite hebbian`, as commander parses them. */
export interface HebbianCliOptions {
  data?: string;
  dataset?: string;
  ignore?: string[];
  scale: Scale;
  rule: HebbianRule;
  epochs: number;
  lr?: number;
  seed?: number;
  pavlov?: boolean;
  pairings: number;
  extinction: number;
  json?: boolean;
}

const RULE_NAMES: Record<HebbianRule, string> = { oja: "Oja's rule", hebb: "plain Hebb's rule" };
const num = (v: number): string => v.toFixed(3);

function pavlovTable(trials: readonly PavlovTrial[]): string {
  const what = (t: PavlovTrial) => (t.bell && t.food ? 'bell + food' : t.bell ? 'bell' : t.food ? 'food' : 'nothing');
  const rows = trials.map((t) => [String(t.trial), what(t), num(t.bellWeightBefore), num(t.drive), t.salivates ? 'yes' : 'no', num(t.bellWeight)]);
  return table([['trial', 'stimulus', 'w_bell before', 'drive', 'salivates', 'w_bell after'], ...rows], '  ');
}

function pavlovCommand(io: Io, o: HebbianCliOptions): number {
  if (o.data !== undefined || o.dataset !== undefined) throw new UsageError('--pavlov runs the built-in conditioning example; leave out --data and --dataset');
  const lr = o.lr ?? 0.2;
  if (lr >= 1) throw new UsageError(`--lr ${lr}: the conditioning example needs a rate below 1 (a step of 1 would jump straight to the food's weight); the default is 0.2`);
  const trials = pavlov({ lr, pairings: o.pairings, extinction: o.extinction });
  if (o.json) {
    io.out(`${JSON.stringify({ trials })}\n`);
    return 0;
  }
  const first = trials.findIndex((t) => t.bell && !t.food && t.salivates);
  const paired = trials.filter((t) => t.bell && t.food);
  const crossed = paired.findIndex((t) => t.bellWeight >= 0.5);
  io.out(`a salivation neuron: food → salivation fixed at weight 1, bell → salivation learnt from 0 by\n`);
  io.out(`Δw_bell = ${lr} · bell · (food − w_bell); it salivates when 1·food + w_bell·bell ≥ 0.5\n\n`);
  io.out(pavlovTable(trials));
  if (crossed >= 0) io.out(`\nafter ${crossed + 1} paired trials w_bell reached the threshold 0.5: the bell alone would now make it salivate\n`);
  io.out(first < 0 ? '\nthe bell alone never made it salivate: pair bell and food more often (--pairings)\n'
    : `the bell alone made it salivate at trial ${first + 1}; without food the response fades (extinction)\n`);
  return 0;
}

/**
 * Runs `neurite hebbian`.
 *
 * @returns the exit status
 */
export function hebbianCommand(io: Io, o: HebbianCliOptions): number {
  if (o.pavlov) return pavlovCommand(io, o);
  if (o.data === undefined && o.dataset === undefined) throw new UsageError('give the rows with --data FILE (or --dataset NAME), or run the conditioning example with --pavlov');
  const d = readUnlabelled(o);
  if (d.x.cols < 2) throw new CliError(`${d.name}: one feature column (${d.preprocessor.features.join(', ')}); a Hebbian neuron needs at least two, since one weight has no direction to learn`);
  checkRowsDiffer(d, 'learn');
  const seed = o.seed ?? randomInt(0, 4294967295);
  const lr = o.lr ?? 0.01;
  const { weights, norms } = hebbian(d.x, { rule: o.rule, epochs: o.epochs, lr, seed });
  if (o.json) {
    io.out(`${JSON.stringify({ weights: Array.from(weights) })}\n`);
    return 0;
  }
  const names = d.preprocessor.inputNames;
  io.out(`${d.name}: ${RULE_NAMES[o.rule]} on ${d.x.rows} rows, ${o.epochs} epochs, lr ${lr}, seed ${seed}\n`);
  io.out(table([['input', 'weight'], ...Array.from(weights, (w, k) => [names[k], w.toPrecision(6)])], '  '));
  const norm = norms[norms.length - 1];
  io.out(`‖w‖ ${norm.toPrecision(6)}${o.rule === 'hebb' ? " (plain Hebb's weights grow without bound; their direction is what they learn)" : ''}\n`);
  return 0;
}
