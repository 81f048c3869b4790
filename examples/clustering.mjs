// Competitive learning and a self-organizing map on iris, without its labels; the species are
// used only afterwards, to see how well the clusters found them.
import { adjustedRandIndex, fitInputPreprocessor, loadDataset, MapTrainer, SelfOrganizingMap } from 'neurite';

const iris = loadDataset('iris');
const measurements = { ...iris, columns: iris.columns.slice(0, 4), rows: iris.rows.map((r) => r.slice(0, 4)) };
const x = fitInputPreprocessor({ table: measurements }).transform(measurements); // standard-scaled
const species = iris.rows.map((r) => r[4]);

// three competing units: only the winner of each row moves toward it
const plain = new MapTrainer(new SelfOrganizingMap({ inputs: 4, units: 3 }), x, { epochs: 50, seed: 1 }).run();
console.log(`competitive learning: adjusted Rand index ${adjustedRandIndex(plain.assign(x), species).toFixed(3)}`);

// a 6 × 6 map: the winner's grid neighbours move too, so neighbouring units hold similar flowers
const map = new MapTrainer(new SelfOrganizingMap({ inputs: 4, grid: [6, 6] }), x, { epochs: 50, seed: 1 }).run();
console.log(`6x6 map: quantization error ${map.quantizationError(x).toFixed(3)}, topographic error ${map.topographicError(x).toFixed(3)}`);
const u = map.uMatrix();
console.log('U-matrix (mean distance to the neighbours; high = a border between clusters):');
for (let r = 0; r < 6; r++) console.log(Array.from(u.subarray(r * 6, r * 6 + 6), (v) => v.toFixed(2)).join(' '));
