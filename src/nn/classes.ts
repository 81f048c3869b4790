/** Class decisions from a network's outputs: the one rule `fit`'s metrics and `classify` share. */

/** Class index of each row of outputs `[rows, units]`: the argmax, or output ≥ 0.5 for a single unit. */
export function classesOf(outputs: ArrayLike<number>, rows: number, units: number): Int32Array {
  const out = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    if (units === 1) {
      out[i] = outputs[i] >= 0.5 ? 1 : 0;
      continue;
    }
    let best = 0;
    for (let j = 1; j < units; j++) if (outputs[i * units + j] > outputs[i * units + best]) best = j;
    out[i] = best;
  }
  return out;
}
