/**
 * Encoding one feature column into the network's inputs as fitted: scaled numbers, one-hot
 * categories or date parts, a missing cell imputed (and flagged when the feature has a missing
 * indicator), and a record of every cell that was not a plain known value (Note [encoding report]).
 *
 * Note [encoding report]: encoding never stops at a cell. A missing cell (blank or a marker) and a
 * cell that cannot be read as the feature's kind (text in a numeric column, a date that is not a
 * date) are imputed; a category not seen in training is encoded as all zeros. Each is counted per
 * feature, with the values seen, and the first few are kept with their rows, so a caller can warn
 * once with counts, or refuse (`--strict`, `--missing error`) listing every problem at once.
 */
import { TextColumn, type DataColumn } from './columns.js';
import { datePart, parseDate } from './dates.js';
import type { MissingMarkers } from './numbers.js';
import type { CategoricalFeatureJSON, DateFeatureJSON, FeatureJSON, NumericFeatureJSON } from './preprocessing-json.js';

/** What a cell that was not a plain known value was. */
export type IssueKind = 'missing' | 'invalid' | 'unseen';

/** One such cell: its row (0-based, in the table) and feature. */
export interface CellIssue {
  readonly row: number;
  readonly feature: string;
  readonly kind: IssueKind;
  readonly text: string;
}

/** Per feature: how many cells of each kind, and the distinct texts of the invalid and unseen ones with their counts. */
export interface FeatureIssues {
  missing: number;
  invalid: number;
  unseen: number;
  /** Invalid and unseen texts → how many cells (the first 1000 distinct texts). */
  readonly values: Map<string, number>;
}

/** The most issues kept with their rows. */
export const FIRST_ISSUES = 20;
const MAX_VALUES = 1000;

/**
 * What encoding met (Note [encoding report]).
 *
 * @example
 * ```ts
 * const { report } = p.encode(table);
 * report.total('unseen'); // cells with a category not seen in training
 * ```
 */
export class EncodeReport {
  /** Per feature name. */
  readonly features = new Map<string, FeatureIssues>();
  /** The first {@link FIRST_ISSUES} issues in feature order, then row order. */
  readonly first: CellIssue[] = [];
  private readonly flagged: Uint8Array;

  /** @param rows the table's row count */
  constructor(rows: number) {
    this.flagged = new Uint8Array(rows);
  }

  /** Records one cell. */
  add(row: number, feature: string, kind: IssueKind, text: string): void {
    let f = this.features.get(feature);
    if (!f) this.features.set(feature, (f = { missing: 0, invalid: 0, unseen: 0, values: new Map() }));
    f[kind]++;
    if (kind !== 'missing' && (f.values.size < MAX_VALUES || f.values.has(text))) f.values.set(text, (f.values.get(text) ?? 0) + 1);
    if (this.first.length < FIRST_ISSUES) this.first.push({ row, feature, kind, text });
    this.flagged[row] = 1;
  }

  /** Cells of a kind, over all features (all kinds when none is named). */
  total(kind?: IssueKind): number {
    let n = 0;
    for (const f of this.features.values()) n += kind ? f[kind] : f.missing + f.invalid + f.unseen;
    return n;
  }

  /** Rows with at least one such cell. */
  get rows(): number {
    return this.flagged.reduce((n, v) => n + v, 0);
  }

  /** Whether row i had such a cell. */
  hasIssue(i: number): boolean {
    return this.flagged[i] === 1;
  }
}

/** Where one feature's inputs go. */
export interface Target {
  readonly x: Float32Array;
  /** Inputs per row. */
  readonly width: number;
  /** This feature's first input. */
  readonly offset: number;
  /** The table rows to encode, in order (undefined: all). */
  readonly order?: ArrayLike<number>;
  readonly rows: number;
}

/** The numbers of a column's cells; NaN for missing or unreadable ones. */
function valuesOf(c: DataColumn, rows: number): ArrayLike<number> {
  return 'values' in c && c.values instanceof Float64Array ? c.values : Float64Array.from({ length: rows }, (_, i) => c.value(i));
}

function encodeNumeric(f: NumericFeatureJSON, c: DataColumn, t: Target, markers: MissingMarkers, report: EncodeReport): void {
  const values = valuesOf(c, c.size);
  const impute = f.impute ?? f.center;
  const flag = f.missingIndicator === true;
  for (let k = 0, at = t.offset; k < t.rows; k++, at += t.width) {
    const i = t.order ? t.order[k] : k;
    let v = values[i];
    let missing = false;
    if (v !== v || (markers.numeric && markers.has(c.text(i)))) {
      const text = c.text(i);
      report.add(i, f.name, markers.has(text) ? 'missing' : 'invalid', text);
      v = impute;
      missing = true;
    }
    t.x[at] = (v - f.center) / f.scale;
    if (flag) t.x[at + 1] = missing ? 1 : 0;
  }
}

const MISSING_CODE = -2;
const UNSEEN_CODE = -1;

function encodeCategorical(f: CategoricalFeatureJSON, c: DataColumn, t: Target, markers: MissingMarkers, report: EncodeReport): void {
  const index = new Map(f.categories.map((cat, k) => [cat, k]));
  const impute = f.impute === undefined ? -1 : (index.get(f.impute) ?? -1);
  const code = (s: string) => (markers.has(s) ? MISSING_CODE : (index.get(s) ?? UNSEEN_CODE));
  const byId = c instanceof TextColumn ? c.texts.map(code) : null;
  const n = f.categories.length;
  for (let k = 0, at = t.offset; k < t.rows; k++, at += t.width) {
    const i = t.order ? t.order[k] : k;
    let hot = byId && c instanceof TextColumn ? byId[c.ids[i]] : code(c.text(i));
    if (hot === MISSING_CODE) {
      report.add(i, f.name, 'missing', c.text(i));
      hot = impute;
      if (f.missingIndicator) t.x[at + n] = 1;
    } else if (hot === UNSEEN_CODE) report.add(i, f.name, 'unseen', c.text(i)); // all zeros: see docs/preprocessing.md
    if (hot >= 0) t.x[at + hot] = 1;
  }
}

function encodeDate(f: DateFeatureJSON, c: DataColumn, t: Target, markers: MissingMarkers, report: EncodeReport): void {
  const cache = new Map<string, number[] | null>();
  const partsOf = (s: string): number[] | null => {
    let v = cache.get(s);
    if (v === undefined) {
      const d = parseDate(s, f.format);
      v = d ? f.parts.map((p) => datePart(d, p.part)) : null;
      if (cache.size < 1 << 16) cache.set(s, v);
    }
    return v;
  };
  const n = f.parts.length;
  for (let k = 0, at = t.offset; k < t.rows; k++, at += t.width) {
    const i = t.order ? t.order[k] : k;
    const text = c.text(i);
    const missing = markers.has(text);
    const parts = missing ? null : partsOf(text);
    if (!parts) report.add(i, f.name, missing ? 'missing' : 'invalid', text);
    f.parts.forEach((p, j) => (t.x[at + j] = ((parts ? parts[j] : p.impute) - p.center) / p.scale));
    if (f.missingIndicator) t.x[at + n] = parts ? 0 : 1;
  }
}

/**
 * Encodes one feature's column into its inputs of every row (Note [encoding report]).
 *
 * @param f the fitted feature
 * @param c its column
 * @param t where its inputs go
 * @param markers what counts as missing
 * @param report where issues are recorded
 * @example
 * ```ts
 * encodeFeature(feature, table.column(j), { x, width: p.inputs, offset: 0, rows: table.rowCount }, MISSING, report);
 * ```
 */
export function encodeFeature(f: FeatureJSON, c: DataColumn, t: Target, markers: MissingMarkers, report: EncodeReport): void {
  if (f.kind === 'numeric') encodeNumeric(f, c, t, markers, report);
  else if (f.kind === 'categorical') encodeCategorical(f, c, t, markers, report);
  else encodeDate(f, c, t, markers, report);
}
