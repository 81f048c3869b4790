/**
 * The preprocessing of a model's inputs: turns a table (or an image matrix) into the network's
 * inputs, a missing or unreadable cell imputed as fitted (Note [imputation]). A model trained
 * without labels (a map, an autoencoder) has only this; {@link Preprocessor} adds the target. It
 * travels in the model file as the `preprocessing` field.
 */
import { ArgumentError, ModelFormatError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { asColumns } from './column-table.js';
import { encodeFeature, EncodeReport } from './encode.js';
import { DataError } from './errors.js';
import { MissingMarkers } from './numbers.js';
import { checkPreprocessingJSON, featureInputs, type InputPreprocessingJSON } from './preprocessing-json.js';
import type { Scale } from './scaler.js';
import type { ColumnTable, TableLike } from './table.js';

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
  /** The number of encoded inputs per row (numeric features, one-hot categories, date parts, missing indicators). */
  readonly inputs: number;
  /** What counts as a missing cell for this model (Note [missing values]). */
  readonly markers: MissingMarkers;

  /** @param spec a valid specification (checked by `fromJSON`, not here) */
  constructor(spec: InputPreprocessingJSON) {
    this.spec = structuredClone(spec);
    this.offsets = [];
    let at = 0;
    for (const f of this.spec.features) {
      this.offsets.push(at);
      at += featureInputs(f);
    }
    this.inputs = at;
    this.markers = new MissingMarkers(this.spec.missing ?? []);
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
   * Numeric features are scaled, categorical ones one-hot, dates split into parts; a missing or
   * unreadable cell is imputed and an unseen category gives zeros (Note [encoding report]).
   *
   * @param table a table or records with every feature column (any order, extra columns allowed)
   * @param order the rows to encode, in this order (default all, in the table's order): output
   *   row k is table row order[k], so a split's rows can be encoded already apart
   * @returns `data: [rows, inputs]` (the core `Matrix`, usable as training input)
   * @throws DataError naming the missing feature columns
   * @example
   * ```ts
   * p.transform(parseCsv('sepal_length,...\n5.1,...', 'new.csv')).data;
   * ```
   */
  transform(table: TableLike, order?: ArrayLike<number>): Matrix {
    return this.encode(table, order).x;
  }

  /**
   * {@link InputPreprocessor.transform}, and what it met: cells imputed, unreadable or unseen, per
   * feature and with the first rows (Note [encoding report]).
   *
   * @param table the table
   * @param order the rows to encode (default all)
   * @example
   * ```ts
   * const { x, report } = p.encode(table);
   * if (report.total('unseen') > 0) console.warn(`${report.total('unseen')} unseen categories`);
   * ```
   */
  encode(table: TableLike, order?: ArrayLike<number>): { x: Matrix; report: EncodeReport } {
    const t = asColumns(table);
    const columns = this.findColumns(t);
    const rows = order ? order.length : t.rowCount;
    const data = new Float32Array(rows * this.inputs);
    const report = new EncodeReport(t.rowCount);
    this.spec.features.forEach((f, k) => {
      encodeFeature(f, t.column(columns[k]), { x: data, width: this.inputs, offset: this.offsets[k], order, rows }, this.markers, report);
    });
    return { x: { data, rows, cols: this.inputs }, report };
  }

  /** Names of the network inputs: a feature's name, `name=category`, `name.part`, and `name (missing)` for an indicator. */
  get inputNames(): string[] {
    return this.spec.features.flatMap((f) => {
      const own = f.kind === 'numeric' ? [f.name] : f.kind === 'categorical' ? f.categories.map((c) => `${f.name}=${c}`) : f.parts.map((p) => `${f.name}.${p.part}`);
      return f.missingIndicator ? [...own, `${f.name} (missing)`] : own;
    });
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
    if (features.some((f) => f.kind !== 'numeric' || f.missingIndicator) || m.cols !== features.length) {
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

}
