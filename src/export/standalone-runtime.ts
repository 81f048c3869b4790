/**
 * The code of the standalone predictor that does not depend on the model: reading rows, the dense
 * layer and the decision (each activation's code is in the activation table,
 * backend/activations.ts). Each computes in float32 in the same order as Neurite's reference
 * kernels (src/backend/js), so the exported module gives the library's numbers bit for bit. It is
 * plain JavaScript text, placed in the generated module as it is.
 */

/** Reading raw rows into the network's inputs: FEATURES' scaling and one-hot categories. */
export const ENCODE_CODE = `function describe(value) {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || typeof value !== 'object') return String(value);
  return Array.isArray(value) ? \`an array of \${value.length}\` : 'an object';
}

/** Whether a feature fills in missing values (models of preprocessing version 2). */
function imputes(feature) {
  return feature.impute !== undefined || feature.kind === 'date' || feature.missingIndicator === true;
}

function valueOf(row, feature, k, i) {
  if (Array.isArray(row)) {
    if (row.length !== FEATURES.length) {
      throw new RangeError(\`predict: row \${i} has \${row.length} values; expected \${FEATURES.length}, one per feature in the order of \\\`features\\\`\`);
    }
    return row[k];
  }
  if (row === null || typeof row !== 'object') throw new TypeError(\`predict: row \${i} is \${describe(row)}; expected an object keyed by feature name or an array\`);
  if (!Object.prototype.hasOwnProperty.call(row, feature.name)) {
    if (imputes(feature)) return null;
    throw new RangeError(\`predict: row \${i} has no value for the feature \${JSON.stringify(feature.name)}\`);
  }
  return row[feature.name];
}

/** A missing value: null, undefined, NaN, or a blank or marker string such as "NA" (MISSING). */
function isMissing(value) {
  if (value === null || value === undefined) return true;
  if (typeof value === 'number') return Number.isNaN(value);
  return typeof value === 'string' && (value.trim() === '' || MISSING.has(value.trim()));
}

const DECIMAL = /^[+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?$/;
const THOUSANDS = /^[+-]?\\d{1,3}(?:,\\d{3})+(?:\\.\\d*)?$/;

function numeric(value, feature, i) {
  const s = typeof value === 'string' ? value.trim() : '';
  const x = typeof value === 'string' ? (DECIMAL.test(s) ? Number(s) : THOUSANDS.test(s) ? Number(s.replaceAll(',', '')) : value) : value;
  if (typeof x !== 'number' || !Number.isFinite(x)) {
    throw new TypeError(\`predict: row \${i}, feature \${JSON.stringify(feature.name)}: expected a finite number, got \${describe(value)}\`);
  }
  return x;
}

function category(value, feature, i) {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return String(value);
  throw new TypeError(\`predict: row \${i}, feature \${JSON.stringify(feature.name)}: expected a category (a non-empty string), got \${describe(value)}\`);
}

/**
 * Raw rows -> network inputs [rows, INPUTS] in float32: (x - center) / scale, one-hot (an unknown
 * category gives all zeros) or date parts; a missing value takes the imputed one, and a feature
 * with a missing indicator adds an input that is 1 when the value was missing.
 */
function encode(rows) {
  if (!Array.isArray(rows)) throw new TypeError(\`predict: expected an array of rows, got \${describe(rows)}\`);
  const x = new Float32Array(rows.length * INPUTS);
  rows.forEach((row, i) => {
    let at = i * INPUTS;
    FEATURES.forEach((feature, k) => {
      const value = valueOf(row, feature, k, i);
      const missing = imputes(feature) && isMissing(value);
      if (feature.kind === 'numeric') {
        x[at++] = ((missing ? feature.impute : numeric(value, feature, i)) - feature.center) / feature.scale;
      } else if (feature.kind === 'categorical') {
        const c = feature.categories.indexOf(missing ? feature.impute : category(value, feature, i));
        if (c >= 0) x[at + c] = 1;
        at += feature.categories.length;
      } else {
        const parts = missing ? null : dateParts(value, feature, i);
        for (const p of feature.parts) x[at++] = ((parts ? parts[p.part] : p.impute) - p.center) / p.scale;
      }
      if (feature.missingIndicator) x[at++] = missing ? 1 : 0;
    });
  });
  return x;
}`;

/** Reading a date cell as src/data/dates.ts does: year, month, day of year, day of week (1 = Monday). */
export const DATE_CODE = String.raw`const TIME = '(?:[T ]\\d{1,2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?\\s*(?:[AaPp][Mm])?)?(?:Z|[+-]\\d{2}:?\\d{2}| ?UTC)?';
const DATE_PATTERNS = {
  iso: [new RegExp('^(\\d{4})-(\\d{1,2})-(\\d{1,2})' + TIME + '$'), 1, 2, 3],
  'ymd-slash': [new RegExp('^(\\d{4})/(\\d{1,2})/(\\d{1,2})' + TIME + '$'), 1, 2, 3],
  mdy: [new RegExp('^(\\d{1,2})/(\\d{1,2})/(\\d{4})' + TIME + '$'), 3, 1, 2],
  dmy: [new RegExp('^(\\d{1,2})/(\\d{1,2})/(\\d{4})' + TIME + '$'), 3, 2, 1],
  'dmy-dot': [new RegExp('^(\\d{1,2})\\.(\\d{1,2})\\.(\\d{4})' + TIME + '$'), 3, 2, 1],
};
const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

function daysIn(y, m) {
  return m === 2 ? (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;
}

function validDate(y, m, d) {
  return m >= 1 && m <= 12 && d >= 1 && d <= daysIn(y, m) ? [y, m, d] : null;
}

function monthName(s) {
  const words = s.toLowerCase().replace(/[,.]/g, ' ').split(/[\s-]+/).filter((w) => w !== '');
  let y = -1, m = -1, d = -1;
  for (const w of words) {
    const k = w.length >= 3 ? MONTHS.findIndex((name) => name.startsWith(w)) : -1;
    if (/^\d{4}$/.test(w) && y < 0) y = Number(w);
    else if (/^\d{1,2}(?:st|nd|rd|th)?$/.test(w) && d < 0) d = parseInt(w, 10);
    else if (k >= 0 && m < 0) m = k + 1;
    else if (!/^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*$/.test(w) && !/^\d{1,2}:\d{2}(?::\d{2})?$/.test(w)) return null;
  }
  return y >= 0 && m > 0 && d > 0 ? validDate(y, m, d) : null;
}

function daysFromCivil(y, m, d) {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  return era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468;
}

function dateParts(value, feature, i) {
  const s = typeof value === 'string' ? value.trim() : '';
  let date = null;
  if (feature.format === 'month-name') date = monthName(s);
  else {
    const [re, yi, mi, di] = DATE_PATTERNS[feature.format];
    const m = re.exec(s);
    if (m) date = validDate(Number(m[yi]), Number(m[mi]), Number(m[di]));
  }
  if (!date) throw new TypeError('predict: row ' + i + ', feature ' + JSON.stringify(feature.name) + ': expected a date like the training ones (' + feature.format + '), got ' + describe(value));
  const [y, m, d] = date;
  const days = daysFromCivil(y, m, d);
  return { year: y, month: m, dayOfYear: days - daysFromCivil(y, 1, 1) + 1, dayOfWeek: ((((days + 3) % 7) + 7) % 7) + 1 };
}`;

/** The dense layer and the forward pass over LAYERS (each layer's `run`: dense, or an image layer's loop). */
export const FORWARD_CODE = `/** z = x.W + b, then the activation: [rows, inputs] -> [rows, units], accumulated in float32. */
function dense(x, rows, layer) {
  const { inputs, units, weights, bias } = layer;
  const z = new Float32Array(rows * units);
  for (let i = 0; i < rows; i++) {
    const o = i * units;
    for (let p = 0; p < inputs; p++) {
      const xip = x[i * inputs + p];
      if (xip === 0) continue;
      for (let j = 0; j < units; j++) z[o + j] += xip * weights[p * units + j];
    }
    for (let j = 0; j < units; j++) z[o + j] += bias[j];
  }
  return layer.activation(z, units);
}

function forward(rows) {
  let h = encode(rows);
  for (const layer of LAYERS) h = layer.run(h, rows.length, layer);
  return h;
}

/**
 * The values of the output layer for each row (class probabilities for a softmax output).
 * @param {Array<Record<string, number | string> | Array<number | string>>} rows raw feature values
 * @returns {number[][]} [rows, OUTPUTS]
 */
export function outputs(rows) {
  const y = forward(rows);
  return Array.from({ length: rows.length }, (_, i) => Array.from(y.subarray(i * OUTPUTS, (i + 1) * OUTPUTS)));
}`;

/** `predict` for a classification model: the label of the highest output (one sigmoid output: p >= 0.5). */
export const PREDICT_CLASS_CODE = `/**
 * The predicted class of each row.
 * @param {Array<Record<string, number | string> | Array<number | string>>} rows raw feature values
 * @returns {string[]} one label of \`classes\` per row
 */
export function predict(rows) {
  const y = forward(rows);
  return Array.from({ length: rows.length }, (_, i) => {
    if (OUTPUTS === 1) return classes[y[i] >= 0.5 ? 1 : 0];
    let best = 0;
    for (let j = 1; j < OUTPUTS; j++) if (y[i * OUTPUTS + j] > y[i * OUTPUTS + best]) best = j;
    return classes[best];
  });
}`;

/** `predict` for a regression model: the output un-scaled to the target's units. */
export const PREDICT_VALUE_CODE = `/**
 * The predicted target value of each row, in the target's own units.
 * @param {Array<Record<string, number | string> | Array<number | string>>} rows raw feature values
 * @returns {number[]} one number per row
 */
export function predict(rows) {
  return Array.from(forward(rows), (y) => y * TARGET_SCALE.scale + TARGET_SCALE.center);
}`;
