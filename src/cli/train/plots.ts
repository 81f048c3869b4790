/**
 * `--plot FILE.svg`: the training curves in FILE.svg, and for a classification the confusion
 * matrix in FILE-confusion.svg and, with two numeric features, the decision regions in
 * FILE-regions.svg. Each file is written atomically.
 */
import { classesOf, evaluate, type FitResult, takeRows } from '../../index.js';
import { numericColumn } from '../../data/index.js';
import { writeOutput } from '../io.js';
import { confusionSvg } from '../plot/confusion.js';
import { trainingCurves } from '../plot/line-chart.js';
import { regionsSvg } from '../plot/regions.js';
import { inSplitOrder, takeValues } from './prepare.js';
import type { Setup } from './setup.js';

/**
 * The path of a plot beside the main one: `run.svg` → `run-confusion.svg`.
 *
 * @example
 * ```ts
 * besides('out/run.svg', 'regions'); // 'out/run-regions.svg'
 * ```
 */
export function besides(path: string, suffix: string): string {
  const m = /^(.*?)(\.svg)?$/i.exec(path) as RegExpExecArray;
  return `${m[1]}-${suffix}${m[2] ?? '.svg'}`;
}

function confusion(run: Setup): { svg: string } {
  const { x, y, split, preprocessor } = run.prepared;
  const part = split.validation.length > 0 ? split.validation : split.train;
  const name = split.validation.length > 0 ? 'validation rows' : 'training rows';
  const classes = preprocessor.classes as string[];
  const e = evaluate(run.network, takeRows(x, part), takeValues(y, part), { loss: run.head.loss });
  const m = (e.confusion as number[][]).slice(0, classes.length).map((r) => r.slice(0, classes.length));
  return { svg: confusionSvg(m, classes, `${run.source.name}, ${name} (${part.length})`) };
}

function regions(run: Setup): string | null {
  const { preprocessor: p, y } = run.prepared;
  if (run.source.kind !== 'table' || p.features.length !== 2 || p.inputs !== 2 || p.scale === 'pixel') return null;
  const table = run.source.table;
  const [fx, fy] = p.features;
  const classify = (points: Float32Array, count: number) => {
    const encoded = p.transformMatrix({ data: points, rows: count, cols: 2 });
    return classesOf(run.network.predictFlat(encoded.data, count), count, run.network.outputs);
  };
  return regionsSvg({
    xName: fx, yName: fy, px: inSplitOrder(run.prepared, numericColumn(table, fx)), py: inSplitOrder(run.prepared, numericColumn(table, fy)), labels: y,
    classes: p.classes as string[], classify, title: run.source.name,
  });
}

/**
 * Draws and writes the plots of a finished run.
 *
 * @returns the paths written
 */
export function drawPlots(run: Setup, result: FitResult, path: string): string[] {
  const written: string[] = [];
  const write = (file: string, svg: string) => {
    writeOutput(file, svg, '--plot');
    written.push(file);
  };
  const target = run.prepared.preprocessor.target;
  write(path, trainingCurves(result.history, `${run.source.name}: ${run.prepared.task} of ${target}`, `units of ${target}`));
  if (run.prepared.task !== 'classification') return written;
  write(besides(path, 'confusion'), confusion(run).svg);
  const r = regions(run);
  if (r !== null) write(besides(path, 'regions'), r);
  return written;
}
