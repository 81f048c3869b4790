// An autoencoder on the 8×8 digits: 64 pixels through a code of 8 numbers and back. Rows it
// reconstructs badly are unlike those it learnt from.
import { Autoencoder, fitInputPreprocessor, loadDataset } from 'neurite';

const digits = loadDataset('digits');
const pixels = { ...digits, columns: digits.columns.slice(0, 64), rows: digits.rows.map((r) => r.slice(0, 64)) };
const x = fitInputPreprocessor({ table: pixels, scale: 'standard' }).transform(pixels);

const ae = new Autoencoder({ inputs: 64, bottleneck: 8, hidden: [32], activation: 'relu', seed: 1 });
ae.fit(x, { epochs: 20, lr: 0.005, seed: 1 });
const error = ae.reconstructionError(x);
console.log(`reconstruction mse ${error.mse.toFixed(4)} (PCA with 8 components: 0.4485)`);
const code = ae.encode({ data: x.data.subarray(0, 64), rows: 1, cols: 64 });
console.log(`the first digit's code: ${Array.from(code.data, (v) => v.toFixed(2)).join(' ')}`);
const worst = Array.from(error.perRow.keys()).sort((a, b) => error.perRow[b] - error.perRow[a]).slice(0, 3);
console.log(`least like the rest: rows ${worst.join(', ')} (digits ${worst.map((i) => digits.rows[i][64]).join(', ')})`);
