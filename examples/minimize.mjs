// Gradient descent on any function: f(x) = x² − x + 1 from x = 9 with learning rate 0.1.
import { minimize } from 'neurite';

const { path } = minimize(({ x }) => x.pow(2).sub(x).add(1), { x: 9 }, { lr: 0.1, steps: 2 });
for (const step of path) console.log(`x = ${step.point.x}, f(x) = ${step.value}, slope = ${step.gradient.x}`);

const bowl = minimize(({ x, y }) => x.pow(2).add(y.pow(2)), { x: 5, y: 10 }, { lr: 0.1, steps: 1 });
console.log(`(5, 10) → (${bowl.path[1].point.x}, ${bowl.path[1].point.y}), cost ${bowl.path[0].value} → ${bowl.path[1].value}`);
