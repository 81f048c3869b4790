/**
 * A table made ready for training, as it comes (docs/preprocessing.md): each column's role
 * decided, rows without a target left out, rows with missing values kept (imputed), dropped or
 * refused as `--missing` says, the rows split into training, validation and test parts (stratified
 * by class), and the preprocessing fitted on the training rows only.
 */
import { splitIndices, type Random } from '../../index.js';
import {
  checkClasses, classesOf, classIndices, columnIndex, DataError, FIRST_ISSUES, fitPreprocessor, inferTaskOf, MAX_INFERRED_CLASSES,
  parseDate, planColumns, Preprocessor, resolveTarget, targetColumn, type ColumnPlan, type ColumnTable, type DataColumn, type EncodeReport, type Task,
} from '../../data/index.js';
import { UsageError } from '../errors.js';
import type { TrainConfig } from './options.js';

/** The rows of a table a run uses, and why the others were left out. */
export interface TableRows {
  /** The target's task, and why. */
  readonly task: Task;
  readonly taskReason: string;
  readonly classes?: string[];
  /** The rows kept, in file order. */
  readonly rows: Uint32Array;
  /** Rows left out because their target is missing (or, for regression, not a number). */
  readonly noTarget: number;
  /** Rows left out by `--missing drop`. */
  readonly dropped: number;
  /** The columns' roles (empty when the preprocessing comes from a model file). */
  readonly columns: readonly ColumnPlan[];
}

/** Where a table's rows go: training, validation, test (row indices of the table). */
export interface TableSplit {
  readonly train: Uint32Array;
  readonly validation: Uint32Array;
  readonly test: Uint32Array;
}

function inferred(column: DataColumn, target: string): { task: Task; reason: string } {
  const task = inferTaskOf(column);
  if (column.kind === 'categorical') return { task, reason: `the target column ${target} holds text labels` };
  return task === 'classification'
    ? { task, reason: `the target column ${target} holds integers with at most ${MAX_INFERRED_CLASSES} distinct values, most of them repeated` }
    : { task, reason: `the target column ${target} holds numbers (not a few repeated integers)` };
}

/** A column a run reads: a feature or the target, with its type (and a date's format). */
type UsedColumn = Pick<ColumnPlan, 'name' | 'type' | 'dateFormat'>;

/** The columns of a model's preprocessing (--init, --resume): its features by kind, and the target. */
function usedBy(p: Preprocessor): UsedColumn[] {
  const features = p.toJSON().features.map((f): UsedColumn => ({ name: f.name, type: f.kind === 'categorical' ? 'text' : f.kind, ...(f.kind === 'date' ? { dateFormat: f.format } : {}) }));
  return [...features, { name: p.target, type: p.task === 'regression' ? 'numeric' : 'text' }];
}

/** Whether row i of column c is missing or unreadable for its type (a date that does not parse is imputed, so it counts). */
function missingAt(c: DataColumn, u: UsedColumn, i: number): boolean {
  const s = c.text(i);
  if (c.markers.has(s)) return true;
  if (u.type === 'date') return parseDate(s, u.dateFormat as NonNullable<UsedColumn['dateFormat']>) === null;
  return u.type === 'numeric' && !Number.isFinite(c.value(i));
}

/** The `--missing error` refusal: every missing cell of the used columns, the first 20 with their places. */
function missingError(table: ColumnTable, used: readonly UsedColumn[], rows: ArrayLike<number>, target: string): DataError | null {
  const places: string[] = [];
  let count = 0;
  let inTarget = false;
  for (const u of used) {
    const j = columnIndex(table, u.name);
    const c = table.column(j);
    for (let k = 0; k < rows.length; k++) {
      if (!missingAt(c, u, rows[k])) continue;
      inTarget ||= u.name === target;
      const s = c.text(rows[k]);
      if (count++ < FIRST_ISSUES) places.push(`${table.line(rows[k])}:${j + 1} ${u.name} ${JSON.stringify(s)}${c.markers.has(s) ? '' : u.type === 'date' ? ` (not a date of the column's format, ${u.dateFormat})` : ' (not a number)'}`);
    }
  }
  if (count === 0) return null;
  const more = count > places.length ? `, and ${count - places.length} more` : '';
  return new DataError({
    file: table.source,
    problem: `${count} missing or unreadable value${count === 1 ? '' : 's'} (line:column): ${places.join(', ')}${more}`,
    // impute fills in features only: a row without a target is left out whatever --missing says
    fix: `fill them in, or leave out --missing error: --missing impute (the default) fills them in, --missing drop leaves those rows out${inTarget ? `; a row without a value in the target ${target} is left out either way` : ''}`,
  });
}

/**
 * The rows a run uses (Note at the top): roles, task and classes, rows without a target left
 * out, `--missing drop` and `--missing error` applied.
 *
 * @param fixed the preprocessing of a model file (--init, --resume), when there is one
 * @throws DataError for an unknown column name, or `--missing error` with every missing cell
 */
export function tableRows(table: ColumnTable, cfg: TrainConfig, fixed?: { preprocessor: Preprocessor; from: string }): TableRows {
  const p = fixed?.preprocessor;
  if (p && cfg.target !== undefined && cfg.target !== p.target) {
    throw new UsageError(`--target ${cfg.target} differs from the target ${p.target} of ${fixed.from}; leave --target out or use that column`);
  }
  const target = p ? table.columns[columnIndex(table, p.target)] : resolveTarget(table, cfg.target);
  const columns = p ? [] : planColumns(table, { target, ignore: cfg.ignore, features: cfg.features });
  const column = targetColumn(table, target);
  const { task, reason } = p ? { task: p.task, reason: `from ${fixed.from}` } : cfg.task !== undefined && cfg.task !== 'autoencoder' ? { task: cfg.task, reason: 'as given by --task' } : inferred(column, target);
  const labelled: number[] = [];
  for (let i = 0; i < table.rowCount; i++) {
    const s = column.text(i);
    if (!column.markers.has(s) && (task === 'classification' || Number.isFinite(column.value(i)))) labelled.push(i);
  }
  // with a model's preprocessing the columns are its own, so --missing drop and error apply as in
  // the run that made it (a resumed run must see the same rows)
  const used = p ? usedBy(p) : columns.filter((c) => c.role === 'feature' || c.role === 'target');
  if (cfg.missing === 'error') {
    const e = missingError(table, used, Uint32Array.from({ length: table.rowCount }, (_, i) => i), target);
    if (e) throw e;
  }
  let rows = labelled;
  if (cfg.missing === 'drop') {
    const cols = used.map((u) => ({ u, c: table.column(columnIndex(table, u.name)) }));
    rows = labelled.filter((i) => !cols.some(({ u, c }) => missingAt(c, u, i)));
  }
  if (rows.length === 0) {
    throw new DataError({ file: table.source, problem: `no rows left to train on (${labelled.length} with a target, ${labelled.length - rows.length} of them dropped by --missing drop)`, fix: 'use --missing impute, or --ignore the columns with many missing values' });
  }
  const kept = Uint32Array.from(rows);
  const classes = task === 'classification' ? (p?.classes ?? classesOf(table, target)) : undefined;
  if (classes) checkClasses(classes, target, table.source);
  return { task, taskReason: reason, classes, rows: kept, noTarget: table.rowCount - labelled.length, dropped: labelled.length - rows.length, columns };
}

/**
 * Splits the kept rows: first the test part (never seen in training), then validation from the
 * rest; each stratified by class for classification.
 *
 * @example
 * ```ts
 * const split = splitRows(table, r, cfg, rng);
 * ```
 */
export function splitRows(table: ColumnTable, r: TableRows, cfg: TrainConfig, rng: Random, target: string): TableSplit {
  const labels = r.classes ? classIndices(table, target, r.classes, r.rows) : undefined;
  const pick = (rows: Uint32Array, from: ArrayLike<number>) => Uint32Array.from(from, (k) => rows[k]);
  const testSplit = cfg.testSplit ?? 0;
  const first = testSplit > 0 ? splitIndices(r.rows.length, testSplit, rng, labels) : { train: Uint32Array.from(r.rows, (_, k) => k), validation: new Uint32Array(0) };
  const rest = pick(r.rows, first.train);
  const restLabels = labels ? Int32Array.from(first.train, (k) => labels[k]) : undefined;
  const second = splitIndices(rest.length, cfg.validationSplit, rng, restLabels);
  return { train: pick(rest, second.train), validation: pick(rest, second.validation), test: pick(r.rows, first.validation) };
}

/**
 * Fits the preprocessing on the training rows and encodes every kept row in the order
 * training, validation, test (Note [rows in split order] in prepare.ts).
 */
export function fitAndEncode(table: ColumnTable, r: TableRows, split: TableSplit, cfg: TrainConfig, target: string, given?: Preprocessor) {
  const p = given ?? fitPreprocessor({ table, target, task: r.task, scale: cfg.scale, trainRows: split.train, classes: r.classes, columns: r.columns });
  const order = new Uint32Array(split.train.length + split.validation.length + split.test.length);
  order.set(split.train);
  order.set(split.validation, split.train.length);
  order.set(split.test, split.train.length + split.validation.length);
  const { x, report } = p.encode(table, order);
  return { preprocessor: p, x, y: p.encodeTargets(table, order), order, report: report as EncodeReport };
}
