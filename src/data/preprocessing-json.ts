/**
 * The `preprocessing` field of a model file (version 2; version 1 is still read) and its
 * validation, which collects every problem instead of stopping at the first. The shape is
 * documented in docs/preprocessing.md.
 */
import { describe, type Problem } from '../core/errors.js';
import { FLOAT32_MAX, FLOAT32_MIN_NORMAL, finiteInFloat32, isFloat32Scale } from '../core/float32.js';
import { DATE_FORMATS, DATE_PARTS, type DateFormat, type DatePart } from './dates.js';
import { SCALES, type Scale } from './scaler.js';

/**
 * A numeric input column: fed to the network as `(x − center) / scale`; a missing cell is
 * `impute` (the training median) and, with `missingIndicator`, an extra 0/1 input says so.
 */
export interface NumericFeatureJSON {
  name: string;
  kind: 'numeric';
  center: number;
  scale: number;
  /** The value a missing cell takes (version 2; version 1 models impute `center`). */
  impute?: number;
  /** Whether an extra input, right after this feature's, is 1 for a missing cell and 0 otherwise. */
  missingIndicator?: boolean;
}

/**
 * A categorical input column: one-hot over `categories` (an unseen value gives all zeros); a
 * missing cell is `impute` (the most frequent training category), with `missingIndicator` as above.
 */
export interface CategoricalFeatureJSON {
  name: string;
  kind: 'categorical';
  categories: string[];
  /** The category a missing cell takes (version 2; version 1 models give all zeros). */
  impute?: string;
  missingIndicator?: boolean;
}

/** One number of a date feature: `(part − center) / scale`, `impute` for a missing date. */
export interface DatePartJSON {
  part: DatePart;
  center: number;
  scale: number;
  impute: number;
}

/** A date column read in `format`, fed as some of its parts (Note [date features]). */
export interface DateFeatureJSON {
  name: string;
  kind: 'date';
  format: DateFormat;
  /** The parts that varied in training, in input order. */
  parts: DatePartJSON[];
  missingIndicator?: boolean;
}

/** One input column of the model, in input order. */
export type FeatureJSON = NumericFeatureJSON | CategoricalFeatureJSON | DateFeatureJSON;

/**
 * How many network inputs a feature encodes to.
 *
 * @example
 * ```ts
 * featureInputs({ name: 'x', kind: 'numeric', center: 0, scale: 1, missingIndicator: true }); // 2
 * ```
 */
export function featureInputs(f: FeatureJSON): number {
  const own = f.kind === 'numeric' ? 1 : f.kind === 'categorical' ? f.categories.length : f.parts.length;
  return own + (f.missingIndicator ? 1 : 0);
}

/** A classification target: output `i` is the score of `classes[i]`. */
export interface ClassificationTargetJSON {
  name: string;
  task: 'classification';
  classes: string[];
}

/** A regression target: the network predicts `(y − center) / scale`. */
export interface RegressionTargetJSON {
  name: string;
  task: 'regression';
  center: number;
  scale: number;
}

/** The target column and how it is encoded. */
export type TargetJSON = ClassificationTargetJSON | RegressionTargetJSON;

/**
 * The `preprocessing` field of a model trained without labels (a map, an autoencoder): how its
 * input columns are encoded, and no target. Version 2 adds imputation, dates and `missing`.
 */
// Type aliases, not interfaces, so they can be stored in `ModelMeta.preprocessing`.
export type InputPreprocessingJSON = {
  version: 1 | 2;
  scale: Scale;
  features: FeatureJSON[];
  /** The texts that mean "missing" besides a blank cell (Note [missing values]); default the usual markers. */
  missing?: string[];
};

/**
 * The `preprocessing` field of a model file, version 2 (version 1 has no imputation, no dates and
 * no `missing`).
 *
 * @example
 * ```ts
 * const p: PreprocessingJSON = {
 *   version: 1, scale: 'standard',
 *   features: [{ name: 'x', kind: 'numeric', center: 0.5, scale: 2 }],
 *   target: { name: 'label', task: 'classification', classes: ['0', '1'] },
 * };
 * ```
 */
export type PreprocessingJSON = InputPreprocessingJSON & {
  target: TargetJSON;
};

/** The version of the preprocessing this code writes. */
export const PREPROCESSING_VERSION = 2;

type Report = (path: string, expected: string, value: unknown) => void;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isName(v: unknown): v is string {
  return typeof v === 'string' && v.trim() !== '' && v === v.trim();
}

/**
 * Checks a parsed JSON value against {@link PreprocessingJSON} and lists every problem found.
 *
 * @param json the value (e.g. `model.preprocessing`)
 * @param path where it sits in the file, prefixed to each problem's path
 * @param target whether it has a target (false: an {@link InputPreprocessingJSON}, which has none)
 * @returns the problems; empty when `json` is a valid {@link PreprocessingJSON}
 * @example
 * ```ts
 * checkPreprocessingJSON({ version: 2 }).length; // 4: version, scale, features, target
 * ```
 */
export function checkPreprocessingJSON(json: unknown, path = 'preprocessing', target = true): Problem[] {
  const problems: Problem[] = [];
  const report: Report = (p, expected, value) => problems.push({ path: p, expected, received: describe(value) });
  if (!isObject(json)) {
    report(path, 'an object', json);
    return problems;
  }
  if (json.version !== 1 && json.version !== 2) report(`${path}.version`, '1 or 2', json.version);
  if (!(SCALES as readonly unknown[]).includes(json.scale)) report(`${path}.scale`, `one of ${SCALES.join(', ')}`, json.scale);
  if (json.missing !== undefined && (!Array.isArray(json.missing) || json.missing.some((m) => typeof m !== 'string'))) report(`${path}.missing`, 'an array of strings', json.missing);
  const names = checkFeatures(json.features, `${path}.features`, report);
  if (target) checkTarget(json.target, `${path}.target`, names, report);
  else if (json.target !== undefined) report(`${path}.target`, 'no target (the model was trained without labels)', json.target);
  return problems;
}

function checkFeatures(features: unknown, path: string, report: Report): Set<string> {
  const names = new Set<string>();
  if (!Array.isArray(features) || features.length === 0) {
    report(path, 'a non-empty array of features', features);
    return names;
  }
  features.forEach((f, i) => {
    const at = `${path}[${i}]`;
    if (!isObject(f)) return report(at, 'an object', f);
    if (!isName(f.name)) report(`${at}.name`, 'a non-empty column name', f.name);
    else if (names.has(f.name)) report(`${at}.name`, 'a name not used by another feature', f.name);
    else names.add(f.name);
    if (f.missingIndicator !== undefined && typeof f.missingIndicator !== 'boolean') report(`${at}.missingIndicator`, 'true or false', f.missingIndicator);
    if (f.kind === 'numeric') {
      checkCenterScale(f, at, report);
      if (f.impute !== undefined && !(typeof f.impute === 'number' && finiteInFloat32(f.impute))) report(`${at}.impute`, 'a number finite in float32', f.impute);
    } else if (f.kind === 'categorical') {
      checkLabels(f.categories, `${at}.categories`, 1, report);
      if (f.impute !== undefined && typeof f.impute !== 'string') report(`${at}.impute`, 'a string', f.impute);
    } else if (f.kind === 'date') checkDate(f, at, report);
    else report(`${at}.kind`, '"numeric", "categorical" or "date"', f.kind);
  });
  return names;
}

function checkDate(f: Record<string, unknown>, at: string, report: Report): void {
  if (!(DATE_FORMATS as readonly unknown[]).includes(f.format)) report(`${at}.format`, `one of ${DATE_FORMATS.join(', ')}`, f.format);
  if (!Array.isArray(f.parts)) return report(`${at}.parts`, 'an array of date parts', f.parts);
  f.parts.forEach((p: unknown, k) => {
    const where = `${at}.parts[${k}]`;
    if (!isObject(p)) return report(where, 'an object', p);
    if (!(DATE_PARTS as readonly unknown[]).includes(p.part)) report(`${where}.part`, `one of ${DATE_PARTS.join(', ')}`, p.part);
    checkCenterScale(p, where, report);
    if (typeof p.impute !== 'number' || !Number.isFinite(p.impute)) report(`${where}.impute`, 'a finite number', p.impute);
  });
}

function checkTarget(target: unknown, path: string, features: Set<string>, report: Report): void {
  if (!isObject(target)) return report(path, 'an object', target);
  if (!isName(target.name)) report(`${path}.name`, 'a non-empty column name', target.name);
  else if (features.has(target.name)) report(`${path}.name`, 'a column that is not also a feature', target.name);
  if (target.task === 'classification') checkLabels(target.classes, `${path}.classes`, 2, report);
  else if (target.task === 'regression') checkCenterScale(target, path, report);
  else report(`${path}.task`, '"classification" or "regression"', target.task);
}

// The scaled value (x − center) / scale goes into float32: both must be float32 numbers, and a
// scale below the normal range (1e-308 is 0 in float32) turns every input into infinity.
function checkCenterScale(o: Record<string, unknown>, path: string, report: Report): void {
  const { center, scale } = o;
  const range = `${FLOAT32_MIN_NORMAL.toPrecision(2)} to ${FLOAT32_MAX.toPrecision(2)}`;
  if (typeof center !== 'number' || !finiteInFloat32(center)) report(`${path}.center`, `a number finite in float32 (|x| <= ${FLOAT32_MAX.toPrecision(8)})`, center);
  if (typeof scale !== 'number' || !isFloat32Scale(scale)) report(`${path}.scale`, `a number from ${range} (a positive normal float32)`, scale);
}

function checkLabels(labels: unknown, path: string, min: number, report: Report): void {
  if (!Array.isArray(labels) || labels.length < min) {
    return report(path, `an array of at least ${min} string${min === 1 ? '' : 's'}`, labels);
  }
  const seen = new Set<string>();
  labels.forEach((label, i) => {
    if (typeof label !== 'string' || label === '') report(`${path}[${i}]`, 'a non-empty string', label);
    else if (seen.has(label)) report(`${path}[${i}]`, 'a value not listed before', label);
    else seen.add(label);
  });
}
