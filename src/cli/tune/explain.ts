/**
 * `neurite explain`: why a model decides. Permutation importance of each raw column (the drop in
 * the score when it is shuffled) and, with `--dependence`, partial dependence and ICE curves.
 */
import { partialDependence, permutationImportance, type Dependence, type Importance } from '../../index.js';
import { readDataFile } from '../../data/node/index.js';
import { CliError, UsageError } from '../errors.js';
import { metric, table } from '../format.js';
import { checkFile, writeOutput, type Io } from '../io.js';
import { loadCliModel } from '../model.js';
import { barChart, xyChart } from '../plot/chart.js';
import { colour } from '../plot/svg.js';

/** The options of `neurite explain`. */
export interface ExplainOptions {
  readonly model: string;
  readonly data: string;
  readonly repeats: number;
  readonly seed: number;
  readonly dependence?: string[];
  readonly grid: number;
  readonly ice: number;
  readonly plot?: string;
  readonly dependencePlot?: string;
  readonly json?: boolean;
}

/**
 * The file of one column's dependence plot: the given name, or NAME-COLUMN.svg for several columns.
 *
 * @example
 * ```ts
 * dependenceFile('pd.svg', 'age', true); // 'pd-age.svg'
 * ```
 */
export function dependenceFile(path: string, column: string, several: boolean): string {
  if (!several) return path;
  const safe = column.replace(/[^A-Za-z0-9_-]+/g, '_');
  return /\.svg$/i.test(path) ? `${path.slice(0, -4)}-${safe}.svg` : `${path}-${safe}.svg`;
}

/**
 * Runs `neurite explain`.
 *
 * @returns the exit status
 * @throws UsageError for a column the model does not have, CliError for data without the target
 */
export function explainCommand(io: Io, o: ExplainOptions): number {
  if (o.dependencePlot !== undefined && !o.dependence) throw new UsageError('--dependence-plot draws the columns of --dependence; give --dependence COL[,COL]');
  const model = loadCliModel(o.model, '--model');
  const p = model.preprocessor;
  if (p.scale === 'pixel') throw new UsageError(`${o.model} reads images: neurite explain works on models of CSV tables`);
  checkFile(o.data, '--data');
  const file = readDataFile(o.data);
  if (file.kind !== 'csv') throw new UsageError(`${o.data} is an IDX file: neurite explain works on CSV rows with the model's columns`);
  const t = file.table;
  for (const c of o.dependence ?? []) {
    if (!p.features.includes(c)) throw new UsageError(`--dependence ${c}: not a feature of ${o.model}; its features are ${p.features.join(', ')}`);
  }
  const hasTarget = t.columns.includes(p.target);
  if (!hasTarget && !o.dependence) throw new CliError(`${o.data} has no column ${p.target} (the model's target): permutation importance compares predictions with it; give labelled rows`);
  const ex = { network: model.network, preprocessor: p };
  const importance = hasTarget ? permutationImportance(ex, t, { repeats: o.repeats, seed: o.seed }) : null;
  const dependence = (o.dependence ?? []).map((c) => partialDependence(ex, t, c, { grid: o.grid, ice: o.ice, seed: o.seed }));
  const plots: string[] = [];
  if (o.plot !== undefined && importance) {
    writeOutput(o.plot, importanceChart(importance, o.data), '--plot');
    plots.push(o.plot);
  }
  if (o.dependencePlot !== undefined) {
    for (const d of dependence) {
      const path = dependenceFile(o.dependencePlot, d.column, dependence.length > 1);
      writeOutput(path, dependenceChart(d, p.task === 'classification'), '--dependence-plot');
      plots.push(path);
    }
  }
  if (o.json) {
    io.out(`${JSON.stringify({ model: o.model, data: o.data, importance, dependence, plots })}\n`);
    return 0;
  }
  if (importance) io.out(formatImportance(importance, o.data));
  for (const d of dependence) io.out(formatDependence(d));
  for (const f of plots) io.out(`wrote ${f}\n`);
  return 0;
}

const metricName = (m: Importance['metric']) => (m === 'accuracy' ? 'accuracy' : 'r²');

/**
 * The importance table: one row per column, most important first.
 *
 * @example
 * ```ts
 * io.out(formatImportance(imp, 'iris.csv'));
 * ```
 */
export function formatImportance(imp: Importance, data: string): string {
  const m = metricName(imp.metric);
  const rows = imp.columns.map((c) => [c.column, String(c.inputs), metric(c.mean), metric(c.std)]);
  return `permutation importance on ${data}: ${imp.rows} rows, ${imp.repeats} shuffles per column\n` +
    `${m} as given ${metric(imp.baseline)}; drop = ${m} as given − ${m} with the column shuffled\n\n` +
    table([['column', 'inputs', `drop in ${m}`, '± std'], ...rows]) + '\n';
}

/**
 * A dependence as a table: the grid down, one column per output.
 *
 * @example
 * ```ts
 * io.out(formatDependence(pd));
 * ```
 */
export function formatDependence(d: Dependence): string {
  const head = [d.column, ...d.outputs.map((o) => (d.outputs.length > 1 ? `P(${o})` : `mean ${o}`))];
  const rows = d.values.map((v, i) => [typeof v === 'number' ? metric(v) : v, ...d.average.map((a) => metric(a[i]))]);
  return `partial dependence on ${d.column} (average over the rows; ${d.ice.rows.length} ICE curves in --json and the plot)\n\n${table([head, ...rows])}\n`;
}

function importanceChart(imp: Importance, data: string): string {
  const bars = imp.columns.map((c) => ({ name: c.column, value: c.mean, err: c.std }));
  return barChart(`permutation importance (${data})`, `drop in ${metricName(imp.metric)} when shuffled (mean ± std of ${imp.repeats})`, bars);
}

function dependenceChart(d: Dependence, classification: boolean): string {
  const x = (i: number) => (d.kind === 'categorical' ? i : (d.values[i] as number));
  const series = d.outputs.flatMap((name, k) => [
    ...d.ice.curves.map((curve) => ({ colour: colour(k), width: 1, opacity: 0.2, points: curve[k].map((v, i) => [x(i), v] as const) })),
    { name: d.outputs.length > 1 ? `P(${name})` : `average ${name}`, colour: colour(k), width: 3, points: d.average[k].map((v, i) => [x(i), v] as const) },
  ]);
  return xyChart({
    title: `partial dependence on ${d.column}`, xLabel: d.column, yLabel: classification ? 'predicted probability' : `predicted ${d.outputs[0]}`,
    series, ...(d.kind === 'categorical' ? { xNames: d.values.map(String) } : {}),
  });
}
