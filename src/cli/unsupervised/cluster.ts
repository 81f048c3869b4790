/**
 * `neurite cluster`: competitive learning or a self-organizing map over the rows of a CSV file;
 * writes the map as a model file, each row's cluster, and a picture of the map.
 */
import { randomInt } from 'node:crypto';
import { InvalidArgumentError } from 'commander';
import {
  ArgumentError, MapTrainer, modelText, SelfOrganizingMap, type Scale,
} from '../../index.js';
import { CliError, UsageError } from '../errors.js';
import type { Io } from '../io.js';
import { writeOutput } from '../io.js';
import { clusterSvg } from './cluster-plot.js';
import { checkRowsDiffer, readUnlabelled, type Unlabelled } from './data.js';
import { cellsOf, rowsCsv } from './rows.js';

/** The options of `neurite cluster`, as commander parses them. */
export interface ClusterOptions {
  data?: string;
  dataset?: string;
  clusters?: number;
  grid?: [number, number];
  method?: 'competitive' | 'som';
  mode: 'online' | 'batch';
  epochs: number;
  lr: number;
  radius?: [number, number | undefined];
  seed?: number;
  ignore?: string[];
  scale: Scale;
  out: string;
  assignments?: string;
  plot?: string;
  json?: boolean;
}

/** What `--json` prints. */
export interface ClusterReport {
  /** The cluster (unit) of each row, in file order. */
  clusters: number[];
  quantizationError: number;
  /** Null for competitive learning, whose units have no grid. */
  topographicError: number | null;
}

/**
 * Parses `--grid RxC` (e.g. `4x5`).
 *
 * @example
 * ```ts
 * gridSize('4x5'); // [4, 5]
 * ```
 */
export function gridSize(text: string): [number, number] {
  const m = /^\s*(\d+)\s*[xX×]\s*(\d+)\s*$/.exec(text);
  const rows = m ? Number(m[1]) : 0;
  const cols = m ? Number(m[2]) : 0;
  if (rows < 1 || cols < 1 || rows * cols > 10000) throw new InvalidArgumentError('expected ROWSxCOLS, e.g. 4x5, with at most 10000 units');
  return [rows, cols];
}

/**
 * Parses `--radius START[:END]`, the neighbourhood's radius in grid steps.
 *
 * @example
 * ```ts
 * radiusRange('3:0.5'); // [3, 0.5]
 * ```
 */
export function radiusRange(text: string): [number, number | undefined] {
  const parts = text.split(':').map((s) => (/^\s*\d*\.?\d+(?:e[+-]?\d+)?\s*$/i.test(s) ? Number(s) : NaN));
  const [start, end] = parts;
  if (parts.length > 2 || !(start > 0) || (end !== undefined && !(end > 0 && end <= start))) {
    throw new InvalidArgumentError('expected START or START:END, radii > 0 with END <= START, e.g. 3:0.5');
  }
  return [start, end];
}

/** The map the options ask for: a grid, a chain of K units (som) or K competing units. */
function makeMap(o: ClusterOptions, name: string, inputs: number, rows: number): SelfOrganizingMap {
  if (o.clusters !== undefined && o.grid !== undefined) throw new UsageError('--clusters and --grid cannot be used together; give the number of clusters or the grid of a map');
  if (o.clusters === undefined && o.grid === undefined) throw new UsageError('give --clusters K (K clusters) or --grid RxC (a self-organizing map of R rows and C columns)');
  if (o.grid !== undefined && o.method === 'competitive') throw new UsageError('--grid is for a self-organizing map (--method som); competitive learning takes --clusters K');
  const units = o.clusters ?? (o.grid as [number, number])[0] * (o.grid as [number, number])[1];
  if (units > rows) throw new CliError(`${name}: ${units} clusters need at least ${units} rows, but the data has ${rows}; ask for at most ${rows} clusters`);
  if (o.method === 'competitive') return new SelfOrganizingMap({ inputs, units });
  return new SelfOrganizingMap({ inputs, grid: o.grid ?? [1, units] });
}

function train(o: ClusterOptions, d: Unlabelled, seed: number): SelfOrganizingMap {
  const map = makeMap(o, d.name, d.x.cols, d.x.rows);
  const [radius, finalRadius] = o.radius ?? [undefined, undefined];
  try {
    return new MapTrainer(map, d.x, { epochs: o.epochs, mode: o.mode, learningRate: o.lr, radius, finalRadius, seed }).run();
  } catch (e) {
    // fewer distinct rows than units: say it in the file's terms
    if (e instanceof ArgumentError && e.where === 'MapTrainer.x') {
      throw new CliError(`${d.name}: only ${e.received} of the ${d.x.rows} rows differ (once encoded), too few for ${map.units} clusters; ask for at most ${e.received} clusters`);
    }
    throw e;
  }
}

/**
 * Runs `neurite cluster`.
 *
 * @returns the exit status
 */
export function clusterCommand(io: Io, o: ClusterOptions): number {
  const d = readUnlabelled(o);
  checkRowsDiffer(d, 'cluster');
  const seed = o.seed ?? randomInt(0, 4294967295);
  const map = train(o, d, seed);
  const report: ClusterReport = {
    clusters: Array.from(map.assign(d.x)),
    quantizationError: map.quantizationError(d.x),
    topographicError: map.topographicError(d.x),
  };
  const method = map.grid === null ? 'competitive' : 'som';
  const p = d.preprocessor;
  const meta = {
    task: 'clustering' as const, features: p.features, preprocessing: p.toJSON() as unknown as Record<string, unknown>, seed,
    clustering: { method, mode: o.mode, epochs: o.epochs, data: d.name, ...(o.ignore ? { ignore: o.ignore } : {}), quantizationError: report.quantizationError, topographicError: report.topographicError },
  };
  writeOutput(o.out, modelText(map.network, meta), '--out');
  if (o.assignments !== undefined) writeOutput(o.assignments, rowsCsv(cellsOf(d.table), [['cluster', report.clusters.map(String)]]), '--assignments');
  if (o.plot !== undefined) writeOutput(o.plot, clusterSvg(map, d, report.clusters), '--plot');
  if (o.json) {
    io.out(`${JSON.stringify(report)}\n`);
    return 0;
  }
  const shape = map.grid === null ? `${map.units} units` : `a ${map.grid[0]}×${map.grid[1]} map`;
  const sizes = new Array<number>(map.units).fill(0);
  for (const c of report.clusters) sizes[c]++;
  io.out(`${d.name}: ${d.x.rows} rows into ${shape} (${method}, ${o.mode}, ${o.epochs} epochs, seed ${seed})\n`);
  io.out(`quantization error ${report.quantizationError.toPrecision(4)}${report.topographicError === null ? '' : `, topographic error ${report.topographicError.toPrecision(4)}`}\n`);
  io.out(`rows per cluster: ${sizes.map((n, c) => `${c}: ${n}`).join(', ')}\n`);
  io.err(`wrote ${o.out}${o.assignments ? `, ${o.assignments}` : ''}${o.plot ? `, ${o.plot}` : ''}\n`);
  return 0;
}
