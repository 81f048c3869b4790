// Regression: learn y = sin(x) on [-3, 3]; outputs are not squashed into [0, 1].
import { fit, Network, r2, Random } from 'neurite';

const rng = new Random(5);
const x = Array.from({ length: 300 }, () => [rng.uniform(-3, 3)]);
const y = x.map(([v]) => Math.sin(v));

const net = new Network({
  inputs: 1,
  layers: [{ units: 32, activation: 'tanh' }, { units: 32, activation: 'tanh' }, { units: 1, activation: 'linear' }],
  seed: 5,
});
fit(net, x, y, { epochs: 150, batchSize: 32, optimizer: 'adam', lr: 0.01, loss: 'mse', seed: 5 });

const grid = Array.from({ length: 61 }, (_, i) => [-3 + i * 0.1]);
const predicted = net.predict(grid).map((r) => r[0]);
console.log(`r² on a grid: ${r2(grid.map(([v]) => Math.sin(v)), predicted).toFixed(4)}`);
console.log(`sin(1.5) ≈ ${net.predict([[1.5]])[0][0].toFixed(3)} (exact ${Math.sin(1.5).toFixed(3)})`);
