// Hebbian learning: Oja's rule finds the direction rows vary most along; the conditioning example
// learns to salivate at a bell and unlearns it.
import { hebbian, pavlov, Random } from 'neurite';

// 500 points spread along the direction (0.8, 0.6), with a little noise across it
const rng = new Random(7);
const rows = Array.from({ length: 500 }, () => {
  const along = 2 * rng.normal();
  const across = 0.3 * rng.normal();
  return [0.8 * along - 0.6 * across, 0.6 * along + 0.8 * across];
});
const { weights } = hebbian(rows, { rule: 'oja', epochs: 20, lr: 0.01, seed: 1 });
const cosine = Math.abs(weights[0] * 0.8 + weights[1] * 0.6) / Math.hypot(...weights);
console.log(`Oja's weights ${Array.from(weights, (w) => w.toFixed(3)).join(', ')}: |cosine| with (0.8, 0.6) = ${cosine.toFixed(4)}`);

for (const t of pavlov({ pairings: 6, extinction: 4 })) {
  const what = t.bell && t.food ? 'bell + food' : t.bell ? 'bell' : 'food';
  console.log(`trial ${t.trial}: ${what.padEnd(11)} salivates: ${t.salivates ? 'yes' : 'no '}  w_bell ${t.bellWeight.toFixed(3)}`);
}
