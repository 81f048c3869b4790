/**
 * The preprocessing of a model's inputs: turns a table (or an image matrix) into the network's
 * inputs. A model trained without labels (a map, an autoencoder) has only this; {@link
 * Preprocessor} adds the target. It travels in the model file as the `preprocessing` field.
 */
import { ArgumentError, ModelFormatError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { asColumns, firstNonNumber, notANumber } from './column-table.js';
import { NumericColumn, TextColumn } from './columns.js';
import { DataError } from './errors.js';
import { checkPreprocessingJSON, type FeatureJSON, type InputPreprocessingJSON } from './preprocessing-json.js';
import type { Scale } from './scaler.js';
import { cellError, type AnyTable, type ColumnTable } from './table.js';

/**
 * Encodes feature columns the way they were fitted; build one with `fitInputPreprocessor` or
 * {@link InputPreprocessor.fromJSON}.
 *
 * @example
 * ```ts
 * const p = fitInputPreprocessor({ table, scale: 'standard', trainRows });
 * const { data, rows, cols } = p.transform(table); // [rows, p.inputs]
 * ```
 */
export class InputPreprocessor {
  protected readonly spec: InputPreprocessingJSON;
  /** Where each feature's inputs start in an encoded row. */
  private readonly offsets: number[];
  /** The number of encoded inputs per row (numeric features plus all one-hot categories). */
  readonly inputs: number;

  /** @param spec a valid specification (checked by `fromJSON`, not here) */
  constructor(spec: InputPreprocessingJSON) {
    this.spec = structuredClone(spec);
    this.offsets = [];
    let at = 0;
    for (const f of this.spec.features) {
      this.offsets.push(at);
      at += f.kind === 'numeric' ? 1 : f.categories.length;
    }
    this.inputs = at;
  }

  /** The original feature column names, in input order. */
  get features(): string[] {
    return this.spec.features.map((f) => f.name);
  }

  /** The scaling numeric features were fitted with. */
  get scale(): Scale {
    return this.spec.scale;
  }

  /**
   * Encodes a table's feature columns; other columns (the target among them) are ignored.
   * Numeric features are scaled; categorical ones are one-hot, an unseen category giving zeros.
   *
   * @param table a table with every feature column (any order, extra columns allowed)
   * @param order the rows to encode, in this order (default all, in the table's order): output
   *   row k is table row order[k], so a split's rows can be encoded already apart
   * @returns `data: [rows, inputs]` (the core `Matrix`, usable as training input)
   * @throws DataError naming the missing feature columns, or a bad cell at FILE:LINE:COL
   * @example
   * ```ts
   * p.transform(parseCsv('sepal_length,...\n5.1,...', 'new.csv')).data;
   * ```
   */
  transform(table: AnyTable, order?: ArrayLike<number>): Matrix {
    const t = asColumns(table);
    const columns = this.findColumns(t);
    const rows = order ? order.length : t.rowCount;
    const data = new Float32Array(rows * this.inputs);
    this.spec.features.forEach((f, k) => this.encodeFeature(t, f, columns[k], data, this.offsets[k], order));
    return { data, rows, cols: this.inputs };
  }

  /**
   * Scales a matrix of raw numeric features (e.g. IDX pixels); every feature must be numeric.
   *
   * @param m raw values `[rows, features.length]`
   * @returns a new matrix `[rows, inputs]`
   * @example
   * ```ts
   * pixels.transformMatrix({ data: images, rows: n, cols: 784 }); // values / 255
   * ```
   */
  transformMatrix(m: Matrix): Matrix {
    const features = this.spec.features;
    if (features.some((f) => f.kind !== 'numeric') || m.cols !== features.length) {
      throw new ArgumentError(`transformMatrix: expected ${features.length} numeric columns, found ${m.cols}`, {
        where: 'transformMatrix',
        expected: `${features.length} numeric columns`,
        received: `${m.cols} columns`,
      });
    }
    const data = new Float32Array(m.rows * m.cols);
    features.forEach((f, j) => {
      const { center, scale } = f as { center: number; scale: number };
      for (let i = 0; i < m.rows; i++) data[i * m.cols + j] = (m.data[i * m.cols + j] - center) / scale;
    });
    return { data, rows: m.rows, cols: m.cols };
  }

  /** The `preprocessing` field of the model file (a deep copy). */
  toJSON(): InputPreprocessingJSON {
    return structuredClone(this.spec);
  }

  /**
   * Validates the `preprocessing` field of a model trained without labels (no target) and builds
   * the preprocessor.
   *
   * @param json the parsed value
   * @param source the model file's name, for the error
   * @throws ModelFormatError listing every problem (`path`, `expected`, `received`)
   * @example
   * ```ts
   * const p = InputPreprocessor.fromJSON(JSON.parse(text).preprocessing, 'map.json');
   * ```
   */
  static fromJSON(json: unknown, source = 'model'): InputPreprocessor {
    const problems = checkPreprocessingJSON(json, 'preprocessing', false);
    if (problems.length > 0) throw new ModelFormatError(problems, source);
    return new InputPreprocessor(json as InputPreprocessingJSON);
  }

  private findColumns(table: ColumnTable): number[] {
    const columns = this.spec.features.map((f) => table.columns.indexOf(f.name));
    const missing = this.features.filter((_, k) => columns[k] < 0);
    if (missing.length > 0) {
      throw new DataError({
        file: table.source,
        line: 1,
        problem: `missing feature column${missing.length === 1 ? '' : 's'} ${missing.join(', ')}`,
        fix: `the model needs the columns ${this.features.join(', ')}; the file has ${table.columns.join(', ')}`,
        expected: this.features.join(', '),
        received: table.columns.join(', '),
      });
    }
    return columns;
  }

  private encodeFeature(table: ColumnTable, f: FeatureJSON, j: number, x: Float32Array, offset: number, order?: ArrayLike<number>): void {
    const n = this.inputs;
    const c = table.column(j);
    const rows = order ? order.length : table.rowCount;
    if (f.kind === 'numeric') {
      const bad = firstNonNumber(c);
      if (bad >= 0) throw notANumber(table, bad, j);
      const { center, scale } = f;
      const values = c instanceof NumericColumn ? c.values : Float64Array.from({ length: table.rowCount }, (_, i) => c.value(i));
      for (let k = 0, at = offset; k < rows; k++, at += n) x[at] = (values[order ? order[k] : k] - center) / scale;
      return;
    }
    const empty = c.find('empty');
    if (empty >= 0) throw cellError(table, empty, j, `empty cell in column ${JSON.stringify(f.name)}`, 'fill in a value or remove the row');
    const index = new Map(f.categories.map((cat, k) => [cat, k]));
    // unseen category: all zeros, see docs/preprocessing.md
    if (c instanceof TextColumn) {
      const byId = c.texts.map((s) => index.get(s) ?? -1);
      for (let k = 0; k < rows; k++) {
        const at = byId[c.ids[order ? order[k] : k]];
        if (at >= 0) x[k * n + offset + at] = 1;
      }
      return;
    }
    for (let k = 0; k < rows; k++) {
      const at = index.get(c.text(order ? order[k] : k));
      if (at !== undefined) x[k * n + offset + at] = 1;
    }
  }
}
