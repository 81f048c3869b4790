/**
 * The fitted preprocessing of a supervised model: its inputs ({@link InputPreprocessor}), and
 * targets into what the network is trained on. It travels in the model file as
 * {@link PreprocessingJSON} so `predict` applies exactly what `train` fitted.
 */
import { checkOptionNames } from '../core/closest.js';
import { ArgumentError, ModelFormatError } from '../core/errors.js';
import { DataError } from './errors.js';
import { InputPreprocessor } from './input-preprocessor.js';
import { checkPreprocessingJSON, type PreprocessingJSON } from './preprocessing-json.js';
import { asColumns, numericColumn } from './column-table.js';
import { fitPreprocessingSpec, pixelPreprocessingSpec, type PixelPreprocessorOptions, type PreprocessorOptions } from './fit.js';
import { columnIndex, resolveTarget, type TableLike } from './table.js';
import { classIndices } from './targets.js';
import type { Task } from './task.js';

/** What {@link Preprocessor.fit} may be told: {@link PreprocessorOptions} but the table, `trainRows` optional. */
export type PreprocessorFitOptions = Omit<PreprocessorOptions, 'table' | 'trainRows'> & { readonly trainRows?: ArrayLike<number> };

const FIT_OPTIONS: readonly (keyof PreprocessorFitOptions)[] = ['target', 'task', 'scale', 'trainRows', 'classes', 'ignore', 'features', 'columns'];

/**
 * Encodes features and targets the way they were fitted; build one with `fitPreprocessor`,
 * `fitPixelPreprocessor` or {@link Preprocessor.fromJSON}.
 *
 * @example
 * ```ts
 * const p = fitPreprocessor({ table, target: 'species', task: 'classification', scale: 'standard', trainRows });
 * const { data, rows, cols } = p.transform(table); // [rows, p.inputs]
 * const y = p.encodeTargets(table);               // [rows] class indices
 * ```
 */
export class Preprocessor extends InputPreprocessor {
  protected declare readonly spec: PreprocessingJSON;

  /** @param spec a valid specification (checked by {@link Preprocessor.fromJSON}, not here) */
  constructor(spec: PreprocessingJSON) {
    super(spec);
  }

  /**
   * Fits the preprocessing `neurite train` fits on a CSV file (`fitPreprocessor`), on records or
   * a table: column roles, numeric features scaled, text ones one-hot, missing cells imputed, the
   * target's task and classes inferred. Fitted on every row with a target unless `trainRows` says
   * which (give the training rows only, to keep validation rows out of the statistics).
   *
   * @param data records (`[{ size: 3, colour: 'red', fruit: 'apple' }, …]`) or a table
   * @param options the target (default the last field) and {@link PreprocessorFitOptions}
   * @throws DataError naming the record and field, ArgumentError for an unknown option
   * @example
   * ```ts
   * const p = Preprocessor.fit([{ size: 3, colour: 'red', fruit: 'apple' }, { size: 9, colour: 'yellow', fruit: 'banana' }], { target: 'fruit' });
   * p.inputs;  // 3: size, colour=red, colour=yellow
   * p.classes; // ['apple', 'banana']
   * ```
   */
  static fit(data: TableLike, options: PreprocessorFitOptions = {}): Preprocessor {
    checkOptionNames('Preprocessor.fit', options, FIT_OPTIONS);
    const table = asColumns(data);
    const target = resolveTarget(table, options.target);
    const c = table.column(columnIndex(table, target));
    const rows = options.trainRows ?? Uint32Array.from({ length: table.rowCount }, (_, i) => i).filter((i) => !c.markers.has(c.text(i)));
    return fitPreprocessor({ ...options, table, target, trainRows: rows });
  }

  /** The target column's name. */
  get target(): string {
    return this.spec.target.name;
  }

  /** Classification or regression. */
  get task(): Task {
    return this.spec.target.task;
  }

  /** The classes in output order (classification), or undefined (regression). */
  get classes(): string[] | undefined {
    return this.spec.target.task === 'classification' ? [...this.spec.target.classes] : undefined;
  }

  /**
   * The rows whose target can be encoded: not missing, and a number for regression. Rows
   * without a target are left out of training and evaluation.
   *
   * @param table a table with the target column
   * @example
   * ```ts
   * const rows = p.labelledRows(table); p.encodeTargets(table, rows);
   * ```
   */
  labelledRows(table: TableLike): Uint32Array {
    const t = asColumns(table);
    const c = t.column(columnIndex(t, this.spec.target.name));
    const out: number[] = [];
    for (let i = 0; i < t.rowCount; i++) {
      if (this.spec.target.task === 'regression' ? Number.isFinite(c.value(i)) : !this.markers.has(c.text(i))) out.push(i);
    }
    return Uint32Array.from(out);
  }

  /**
   * Encodes the target column: class indices (classification) or scaled values (regression).
   *
   * @param table a table with the target column
   * @param order the rows, in this order (as in {@link Preprocessor.transform})
   * @returns `[rows]`
   * @throws DataError for a missing target column, an unknown class or a bad number, with its place
   * @example
   * ```ts
   * p.encodeTargets(iris)[0]; // 0, the index of 'setosa'
   * ```
   */
  encodeTargets(table: TableLike, order?: ArrayLike<number>): Float32Array {
    const t = this.spec.target;
    const c = asColumns(table);
    const values = t.task === 'classification' ? classIndices(c, t.name, t.classes, order) : numericColumn(c, t.name, order);
    const rows = order ? order.length : values.length;
    const out = new Float32Array(rows);
    const center = t.task === 'classification' ? 0 : t.center;
    const scale = t.task === 'classification' ? 1 : t.scale;
    for (let k = 0; k < rows; k++) out[k] = (values[k] - center) / scale;
    return out;
  }

  /**
   * Encodes integer labels (e.g. from an IDX labels file) as class indices.
   *
   * @param labels one label per item
   * @param source the labels' file name, for errors
   * @returns `[labels.length]` class indices
   * @example
   * ```ts
   * p.encodeLabels(Uint8Array.of(7, 2), 'labels.idx'); // Float32Array [7, 2] for classes '0'..'9'
   * ```
   */
  encodeLabels(labels: ArrayLike<number>, source: string): Float32Array {
    const t = this.spec.target;
    if (t.task !== 'classification') {
      throw new ArgumentError('encodeLabels: the model is a regression model; use encodeTargets', { expected: 'classification', received: t.task });
    }
    const index = new Map(t.classes.map((c, i) => [Number(c), i]));
    return Float32Array.from(labels, (label, i) => {
      const k = index.get(label);
      if (k === undefined) {
        throw new DataError({ file: source, problem: `item ${i} has label ${label}, which is not a known class`, fix: `the classes are: ${t.classes.join(', ')}` });
      }
      return k;
    });
  }

  /**
   * Undoes the target scaling of regression predictions.
   *
   * @param values network outputs `[rows]`
   * @returns predictions in the target's units `[rows]`
   * @example
   * ```ts
   * p.decodeTarget(p.encodeTargets(table)); // the target column again (within float32 precision)
   * ```
   */
  decodeTarget(values: ArrayLike<number>): Float64Array {
    const t = this.spec.target;
    if (t.task !== 'regression') {
      throw new ArgumentError('decodeTarget: a classification model predicts class indices; look them up in classes', { expected: 'regression', received: t.task });
    }
    return Float64Array.from(values, (v) => v * t.scale + t.center);
  }

  /** The `preprocessing` field of the model file (a deep copy). */
  override toJSON(): PreprocessingJSON {
    return structuredClone(this.spec);
  }

  /**
   * Validates a `preprocessing` field read from a model file and builds the preprocessor.
   *
   * @param json the parsed value
   * @param source the model file's name, for the error
   * @throws ModelFormatError listing every problem (`path`, `expected`, `received`)
   * @example
   * ```ts
   * const p = Preprocessor.fromJSON(JSON.parse(text).preprocessing, 'model.json');
   * ```
   */
  static override fromJSON(json: unknown, source = 'model'): Preprocessor {
    const problems = checkPreprocessingJSON(json);
    if (problems.length > 0) throw new ModelFormatError(problems, source);
    return new Preprocessor(json as PreprocessingJSON);
  }
}

/**
 * Fits the preprocessing of a table: each column's role decided (ids, constants and text columns
 * of too many values left out, dates split into numbers: Note [column roles]), numeric features
 * scaled, text features one-hot (categories sorted by code unit), missing cells imputed (Note
 * [imputation]), the target encoded as classes or scaled numbers. Only `trainRows` set the
 * statistics, and rows without a target should not be among them (`Preprocessor.labelledRows`).
 *
 * @param options see {@link PreprocessorOptions}
 * @returns the preprocessor: `transform(table)` gives `[rows, inputs]`
 * @example
 * ```ts
 * const split = splitIndices(table.rows.length, 0.2, new Random(1));
 * const p = fitPreprocessor({ table, scale: 'standard', trainRows: split.train });
 * ```
 */
export function fitPreprocessor(options: PreprocessorOptions): Preprocessor {
  return new Preprocessor(fitPreprocessingSpec(options));
}

/**
 * The preprocessing of 8-bit images: every pixel divided by 255 (scale `pixel`), features named
 * `pixel0`…, labels as classes.
 *
 * @param options see {@link PixelPreprocessorOptions}
 * @returns the preprocessor: `transformMatrix({ data, rows, cols: inputs })` gives `data / 255`
 * @example
 * ```ts
 * const p = fitPixelPreprocessor({ inputs: 784, labels: pair.labels });
 * p.transformMatrix(pair.x); p.encodeLabels(pair.labels, 'train-labels.idx');
 * ```
 */
export function fitPixelPreprocessor(options: PixelPreprocessorOptions): Preprocessor {
  return new Preprocessor(pixelPreprocessingSpec(options));
}
