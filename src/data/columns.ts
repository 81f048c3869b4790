/**
 * Typed columns: how a table is held once read, a float64 per cell of a numeric column and a
 * 32-bit id per cell of a text column, instead of a string per cell (Note [typed columns]).
 *
 * Note [typed columns]: a numeric column keeps the value of each cell (NaN where the cell is not
 * a finite number) and, aside, the text of the cells that are not numbers (blank, `NA`, a typo)
 * and of numbers not written as JavaScript writes them (`1.50`, `007`), so every cell's text can
 * still be given back exactly. A text column keeps each distinct text once and an id per cell.
 * Which of the two a column starts as is chosen from the first rows (Note [column kind] on all of
 * them); a text column whose cells turn out mostly numbers becomes numeric at the end, and a
 * numeric column that turns out mostly text becomes a text column from the texts it kept.
 */
import type { CsvRow } from './csv-tokens.js';
import { DataError } from './errors.js';
import { cellKind, lastDecimal, MISSING, numberOf, readDecimal, type CellKind, type ColumnKind, type MissingMarkers } from './numbers.js';

/** How many cells of a column are of each {@link CellKind}. */
export interface CellCounts {
  number: number;
  'non-finite': number;
  empty: number;
  text: number;
}

/** The most distinct texts a column keeps; past it, it only counts (Note [distinct values]). */
export const MAX_DISTINCT = 1 << 20;
/** The most numbers written in another form than JavaScript's a numeric column remembers. */
const MAX_SPELLINGS = 1 << 12;
const CHUNK = 1 << 16;

/**
 * One column of a {@link ColumnTable}.
 *
 * @example
 * ```ts
 * const c = table.column(0);
 * if (c.kind === 'numeric') c.value(0); // 5.1
 * ```
 */
export interface DataColumn {
  /** The header name. */
  readonly name: string;
  /** The number of cells (rows). */
  readonly size: number;
  /** How many cells of each kind. */
  readonly counts: Readonly<CellCounts>;
  /** numeric or categorical by Note [column kind]. */
  readonly kind: ColumnKind;
  /** Distinct texts kept (the first {@link MAX_DISTINCT}), and whether there were more. */
  readonly distinct: number;
  readonly distinctOverflow: boolean;
  /** The cell's number: NaN unless it is a finite plain decimal. */
  value(i: number): number;
  /** The cell's trimmed text. */
  text(i: number): string;
  /** The first row whose cell is of this kind, or -1. */
  find(kind: CellKind): number;
  /** What counts as missing in this column (Note [missing values]). */
  readonly markers: MissingMarkers;
}

/** Classifies a cell and counts it. */
function count(counts: CellCounts, kind: CellKind): void {
  counts[kind]++;
}

/** Whether counts make a numeric column (Note [column kind]). */
export function kindOfCounts(c: Readonly<CellCounts>): ColumnKind {
  const numeric = c.number + c['non-finite'];
  const filled = numeric + c.text;
  return numeric * 2 > filled || filled === 0 ? 'numeric' : 'categorical';
}

/**
 * Typed values appended one at a time into chunks (no copy as they grow), then sealed into one
 * array. With a size hint (the rows a file of known size should hold) the first chunk has that
 * size, and a column that fits it is sealed without a copy (a view of it).
 */
class Chunks<T extends Float64Array | Uint32Array> {
  private readonly full: T[] = [];
  private current: T;
  private size: number;
  private at = 0;
  length = 0;

  constructor(private readonly make: (n: number) => T, hint = 0) {
    this.size = CHUNK;
    if (hint > CHUNK) {
      try {
        this.current = make(hint);
        this.size = hint;
        return;
      } catch {
        // no room for the whole column at once: chunks, as without a hint
      }
    }
    this.current = make(CHUNK);
  }

  push(v: number): void {
    if (this.at === this.size) {
      this.full.push(this.current);
      this.current = this.make(CHUNK);
      this.size = CHUNK;
      this.at = 0;
    }
    this.current[this.at++] = v;
    this.length++;
  }

  /** One array of the values; the chunks are let go (push is not called again). */
  seal(): T {
    if (this.full.length === 0) return this.current.subarray(0, this.at) as T;
    const out = this.make(this.length);
    let k = 0;
    for (const c of this.full) {
      out.set(c, k);
      k += c.length;
    }
    out.set(this.current.subarray(0, this.at), k);
    this.full.length = 0;
    this.current = this.make(0);
    this.at = 0;
    return out;
  }
}

/** Distinct texts with ids, the first MAX_DISTINCT of them. */
class Dictionary {
  readonly ids = new Map<string, number>();
  readonly texts: string[] = [];
  overflow = false;

  /** The text's id, or -1 when it is new and the dictionary is full. */
  id(s: string): number {
    const known = this.ids.get(s);
    if (known !== undefined) return known;
    if (this.texts.length >= MAX_DISTINCT) {
      this.overflow = true;
      return -1;
    }
    this.ids.set(s, this.texts.length);
    this.texts.push(s);
    return this.texts.length - 1;
  }
}

/** A column being read as numbers. */
export class NumericBuilder {
  private readonly values: Chunks<Float64Array>;
  private readonly asideRows = new Chunks((n) => new Uint32Array(n));
  private readonly asideIds = new Chunks((n) => new Uint32Array(n));
  private readonly aside = new Dictionary();
  private spellings = 0;
  /** Numbers in another form than JavaScript's were forgotten (more than MAX_SPELLINGS). */
  private spellingsLost = false;
  readonly counts: CellCounts = { number: 0, 'non-finite': 0, empty: 0, text: 0 };

  /**
   * @param rows how many rows to make room for at once (0: grow by chunks)
   * @param markers what counts as missing
   */
  constructor(readonly name: string, rows = 0, readonly markers: MissingMarkers = MISSING) {
    this.values = new Chunks((n) => new Float64Array(n), rows);
  }

  /** Adds cell j of a row, read in place when it is a plain decimal (Note [fast decimals]). */
  addCell(row: CsvRow, j: number): void {
    const a = row.starts[j];
    const b = row.ends[j];
    const v = a < b && !row.quoted(j) && !this.markers.numeric ? readDecimal(row.text, a, b) : NaN;
    if (v === v) {
      this.counts.number++;
      this.values.push(v);
      if (!lastDecimal.canonical) this.spell(row.cell(j));
      return;
    }
    this.add(row.cell(j));
  }

  /** Adds a cell given as text. */
  add(cell: string): void {
    const kind = cellKind(cell, this.markers);
    count(this.counts, kind);
    const row = this.values.length;
    if (kind === 'number') {
      const v = numberOf(cell);
      this.values.push(v);
      if (String(v) !== cell) this.spell(cell);
      return;
    }
    this.values.push(NaN);
    this.keep(row, cell);
  }

  private spell(cell: string): void {
    if (this.spellingsLost) return;
    if (++this.spellings > MAX_SPELLINGS) {
      this.spellingsLost = true;
      return;
    }
    this.keep(this.values.length - 1, cell);
  }

  private keep(row: number, cell: string): void {
    const id = this.aside.id(cell);
    this.asideRows.push(row);
    this.asideIds.push(id < 0 ? 0xffffffff : id);
  }

  /** The column as read; a column that turns out mostly text becomes a {@link TextColumn}. */
  seal(source: string): DataColumn {
    const values = this.values.seal();
    const column = new NumericColumn(this.name, values, this.asideRows.seal(), this.asideIds.seal(), this.aside.texts, { ...this.counts }, this.markers);
    if (kindOfCounts(this.counts) === 'numeric') return column;
    if (this.spellingsLost) {
      throw new DataError({
        file: source,
        problem: `column ${JSON.stringify(this.name)} starts with numbers (more than ${MAX_SPELLINGS} of them written in forms such as 1.50 or 007) but holds mostly text`,
        fix: 'put rows with text near the top of the file, or write the numbers plainly (1.5, 7)',
      });
    }
    return TextColumn.fromTexts(this.name, values.length, (i) => column.text(i), this.markers);
  }
}

/** A column being read as texts. */
export class TextBuilder {
  private readonly ids: Chunks<Uint32Array>;
  private readonly dictionary = new Dictionary();
  private readonly kinds: CellKind[] = [];
  readonly counts: CellCounts = { number: 0, 'non-finite': 0, empty: 0, text: 0 };

  /**
   * @param rows how many rows to make room for at once (0: grow by chunks)
   * @param markers what counts as missing
   */
  constructor(readonly name: string, rows = 0, readonly markers: MissingMarkers = MISSING) {
    this.ids = new Chunks((n) => new Uint32Array(n), rows);
  }

  /** Adds a cell. */
  add(cell: string): void {
    const id = this.dictionary.id(cell);
    if (id < 0) {
      count(this.counts, cellKind(cell, this.markers));
      this.ids.push(0xffffffff);
      return;
    }
    if (id === this.kinds.length) this.kinds.push(cellKind(cell, this.markers));
    count(this.counts, this.kinds[id]);
    this.ids.push(id);
  }

  /** The column as read; a column that turns out mostly numbers becomes a {@link NumericColumn}. */
  seal(_source?: string): DataColumn {
    const column = new TextColumn(this.name, this.ids.seal(), this.dictionary.texts, { ...this.counts }, this.dictionary.overflow, this.markers);
    return kindOfCounts(this.counts) === 'numeric' && !column.distinctOverflow ? column.toNumeric() : column;
  }
}

/** A column held as numbers, with the texts of its other cells aside (Note [typed columns]). */
export class NumericColumn implements DataColumn {
  readonly kind: ColumnKind;

  constructor(
    readonly name: string,
    /** One value per row, NaN where the cell is not a finite number. */
    readonly values: Float64Array,
    private readonly asideRows: Uint32Array,
    private readonly asideIds: Uint32Array,
    private readonly asideTexts: readonly string[],
    readonly counts: Readonly<CellCounts>,
    readonly markers: MissingMarkers = MISSING,
  ) {
    this.kind = kindOfCounts(counts);
  }

  get size(): number {
    return this.values.length;
  }

  get distinct(): number {
    return this.asideTexts.length;
  }

  get distinctOverflow(): boolean {
    return false;
  }

  value(i: number): number {
    return this.values[i];
  }

  find(kind: CellKind): number {
    if (this.counts[kind] === 0) return -1;
    const v = this.values;
    if (kind === 'number') {
      for (let i = 0; i < v.length; i++) if (v[i] === v[i]) return i;
      return -1;
    }
    for (let i = 0; i < v.length; i++) if (v[i] !== v[i] && cellKind(this.text(i), this.markers) === kind) return i;
    return -1;
  }

  text(i: number): string {
    const k = lowerBound(this.asideRows, i);
    if (k < this.asideRows.length && this.asideRows[k] === i) return this.asideTexts[this.asideIds[k]] ?? '';
    return String(this.values[i]);
  }
}

/** A column held as distinct texts and an id per cell. */
export class TextColumn implements DataColumn {
  readonly kind: ColumnKind;

  constructor(
    readonly name: string,
    /** One id per row into `texts` (0xffffffff past {@link MAX_DISTINCT} distinct texts). */
    readonly ids: Uint32Array,
    /** The distinct texts in order of first appearance. */
    readonly texts: readonly string[],
    readonly counts: Readonly<CellCounts>,
    readonly distinctOverflow: boolean,
    readonly markers: MissingMarkers = MISSING,
  ) {
    this.kind = kindOfCounts(counts);
  }

  /** A column of `size` cells from a function giving each cell's text (numeric when most are numbers). */
  static fromTexts(name: string, size: number, text: (i: number) => string, markers: MissingMarkers = MISSING): DataColumn {
    const b = new TextBuilder(name, 0, markers);
    for (let i = 0; i < size; i++) b.add(text(i));
    return b.seal();
  }

  get size(): number {
    return this.ids.length;
  }

  get distinct(): number {
    return this.texts.length;
  }

  find(kind: CellKind): number {
    if (this.counts[kind] === 0) return -1;
    const kinds = this.texts.map((s) => cellKind(s, this.markers));
    for (let i = 0; i < this.ids.length; i++) {
      const id = this.ids[i];
      if (id === 0xffffffff ? false : kinds[id] === kind) return i;
    }
    return -1;
  }

  value(i: number): number {
    const s = this.text(i);
    return cellKind(s, this.markers) === 'number' ? numberOf(s) : NaN;
  }

  text(i: number): string {
    const id = this.ids[i];
    if (id === 0xffffffff) throw new DataError({ file: this.name, problem: `more than ${MAX_DISTINCT} distinct values`, fix: 'leave this column out' });
    return this.texts[id];
  }

  /** The same cells as a {@link NumericColumn}. */
  toNumeric(): NumericColumn {
    const numbers = this.texts.map((s) => (cellKind(s, this.markers) === 'number' ? numberOf(s) : NaN));
    const values = new Float64Array(this.ids.length);
    const rows: number[] = [];
    const ids: number[] = [];
    for (let i = 0; i < values.length; i++) {
      const id = this.ids[i];
      const v = numbers[id];
      values[i] = v;
      if (v !== v || String(v) !== this.texts[id]) {
        rows.push(i);
        ids.push(id);
      }
    }
    return new NumericColumn(this.name, values, Uint32Array.from(rows), Uint32Array.from(ids), this.texts, this.counts, this.markers);
  }
}

function lowerBound(a: Uint32Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
