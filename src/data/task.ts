/**
 * What kind of problem a target column poses, and the order of its classes.
 *
 * Note [task rule]: the target is a classification target when its values are text (most of them
 * are not numbers, e.g. `setosa`), or when every value is an integer, there are at most
 * {@link MAX_INFERRED_CLASSES} distinct values and they repeat: at most 10 distinct values (as for
 * text columns, too few to judge), or at most half of them seen only once (digits 0–9 over many
 * rows). Otherwise it is regression: a small table of counts or measurements (stackloss: 21 rows,
 * 14 distinct integers, 9 of them once) is a quantity, not classes. A numeric target with few
 * repeated integers that should be regressed (ratings 1–5) needs an explicit task.
 */
import { DataError } from './errors.js';
import { cellKind, columnKind } from './numbers.js';

/** The two kinds of supervised problem Neurite trains. */
export type Task = 'classification' | 'regression';

/** The most distinct integer values a numeric target may have to be taken as classes. */
export const MAX_INFERRED_CLASSES = 20;

/**
 * Infers the task from the target's values by Note [task rule].
 *
 * @param values the target column's cells
 * @example
 * ```ts
 * inferTask(['setosa', 'virginica']);   // 'classification'
 * inferTask(['0', '1', '1', '0']);      // 'classification'
 * inferTask(['2.5', '3.1', '4']);       // 'regression'
 * ```
 */
export function inferTask(values: readonly string[]): Task {
  if (columnKind(values) === 'categorical') return 'classification';
  const counts = new IntegerCounts();
  for (const v of values) if (cellKind(v) === 'number' && !counts.add(Number(v))) return 'regression';
  return counts.task();
}

/**
 * Up to this many distinct values are too few to judge by how often each occurs: a target's
 * integers are classes, a text column's values categories (Note [column roles]), whatever the rows.
 */
export const FEW_VALUES = 10;

/**
 * The numeric half of Note [task rule]: counts a target's numbers until one is not an integer or
 * there are too many distinct values to be classes.
 */
export class IntegerCounts {
  private readonly counts = new Map<number, number>();

  /** Counts `x`; false once the target can only be regression. */
  add(x: number): boolean {
    if (!Number.isInteger(x)) return false;
    this.counts.set(x, (this.counts.get(x) ?? 0) + 1);
    return this.counts.size <= MAX_INFERRED_CLASSES;
  }

  /** Classification when the integers repeat: at most 10 values, or at most half of them seen once. */
  task(): Task {
    if (this.counts.size <= FEW_VALUES) return 'classification';
    let once = 0;
    for (const n of this.counts.values()) if (n === 1) once++;
    return once * 2 <= this.counts.size ? 'classification' : 'regression';
  }
}

/**
 * Whether every label is a finite number, so classes are compared as numbers ("1" = "1.0").
 *
 * @param labels class labels
 * @example
 * ```ts
 * numericLabels(['10', '9', '2']); // true
 * ```
 */
export function numericLabels(labels: readonly string[]): boolean {
  return labels.length > 0 && labels.every((v) => cellKind(v) === 'number');
}

/**
 * The distinct labels in class order: by numeric value when every label is a number, otherwise
 * by plain code-unit order (no locale). Numeric labels with the same value ("1", "1.0") are one
 * class, named by its first spelling.
 *
 * @param values the target cells
 * @returns the classes; class `i` is predicted as output `i`
 * @example
 * ```ts
 * classOrder(['10', '9', '2', '9']); // ['2', '9', '10']
 * classOrder(['b', 'B', 'a']);       // ['B', 'a', 'b']
 * ```
 */
export function classOrder(values: readonly string[]): string[] {
  if (numericLabels(values)) {
    const byValue = new Map<number, string>();
    for (const v of values) if (!byValue.has(Number(v))) byValue.set(Number(v), v);
    return [...byValue.entries()].sort((a, b) => a[0] - b[0]).map(([, label]) => label);
  }
  return [...new Set(values)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * A lookup from a label to its class index (-1 when unknown), numeric when the classes are.
 *
 * @param classes the classes in order
 * @example
 * ```ts
 * classLookup(['2', '9', '10'])('9.0'); // 1
 * ```
 */
export function classLookup(classes: readonly string[]): (label: string) => number {
  if (numericLabels(classes)) {
    const index = new Map(classes.map((c, i) => [Number(c), i]));
    return (label) => (cellKind(label) === 'number' ? (index.get(Number(label)) ?? -1) : -1);
  }
  const index = new Map(classes.map((c, i) => [c, i]));
  return (label) => index.get(label) ?? -1;
}

/**
 * Checks that there are at least two classes, distinct and non-empty.
 *
 * @param classes the classes
 * @param target the target column's name, for the message
 * @param source the file or dataset name, for the message
 * @example
 * ```ts
 * checkClasses(['yes'], 'bought', 'shop.csv');
 * // throws "shop.csv: the target column bought has only one class (yes); classification needs at least two; ..."
 * ```
 */
export function checkClasses(classes: readonly string[], target: string, source: string): void {
  if (classes.length < 2) {
    const only = classes.length === 1 ? `only one class (${classes[0]})` : 'no classes';
    throw new DataError({
      file: source,
      problem: `the target column ${target} has ${only}; classification needs at least two`,
      fix: 'check --target, or use --task regression for a numeric target',
      expected: 'at least 2 classes',
      received: String(classes.length),
    });
  }
  const lookup = classLookup(classes);
  classes.forEach((c, i) => {
    if (c === '' || lookup(c) !== i) {
      throw new DataError({ file: source, problem: `class ${JSON.stringify(c)} of ${target} is empty or repeated`, fix: 'list each class once' });
    }
  });
}
