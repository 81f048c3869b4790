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

function valueOf(row, feature, k, i) {
  if (Array.isArray(row)) {
    if (row.length !== FEATURES.length) {
      throw new RangeError(\`predict: row \${i} has \${row.length} values; expected \${FEATURES.length}, one per feature in the order of \\\`features\\\`\`);
    }
    return row[k];
  }
  if (row === null || typeof row !== 'object') throw new TypeError(\`predict: row \${i} is \${describe(row)}; expected an object keyed by feature name or an array\`);
  if (!Object.prototype.hasOwnProperty.call(row, feature.name)) {
    throw new RangeError(\`predict: row \${i} has no value for the feature \${JSON.stringify(feature.name)}\`);
  }
  return row[feature.name];
}

const DECIMAL = /^[+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?$/;

function numeric(value, feature, i) {
  const x = typeof value === 'string' && DECIMAL.test(value.trim()) ? Number(value) : value;
  if (typeof x !== 'number' || !Number.isFinite(x)) {
    throw new TypeError(\`predict: row \${i}, feature \${JSON.stringify(feature.name)}: expected a finite number, got \${describe(value)}\`);
  }
  return x;
}

function category(value, feature, i) {
  if ((typeof value === 'string' && value !== '') || (typeof value === 'number' && Number.isFinite(value))) return String(value);
  throw new TypeError(\`predict: row \${i}, feature \${JSON.stringify(feature.name)}: expected a category (a non-empty string), got \${describe(value)}\`);
}

/** Raw rows -> network inputs [rows, INPUTS] in float32: (x - center) / scale, or one-hot (an unknown category gives all zeros). */
function encode(rows) {
  if (!Array.isArray(rows)) throw new TypeError(\`predict: expected an array of rows, got \${describe(rows)}\`);
  const x = new Float32Array(rows.length * INPUTS);
  rows.forEach((row, i) => {
    let at = i * INPUTS;
    FEATURES.forEach((feature, k) => {
      const value = valueOf(row, feature, k, i);
      if (feature.kind === 'numeric') {
        x[at++] = (numeric(value, feature, i) - feature.center) / feature.scale;
      } else {
        const c = feature.categories.indexOf(category(value, feature, i));
        if (c >= 0) x[at + c] = 1;
        at += feature.categories.length;
      }
    });
  });
  return x;
}`;

/** The dense layer and the forward pass over LAYERS. */
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
  for (const layer of LAYERS) h = dense(h, rows.length, layer);
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
