let enabled = true;

/** Whether ops currently record the graph for backpropagation. */
export function isGradEnabled(): boolean {
  return enabled;
}

/** Turns graph recording on or off, returning the previous setting (use autograd's `noGrad`). */
export function setGradEnabled(on: boolean): boolean {
  const before = enabled;
  enabled = on;
  return before;
}
