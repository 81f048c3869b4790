/**
 * Every batch's loss, kept in bounded memory: buckets of `stride` consecutive steps with their
 * mean, smallest and largest loss; past MAX_BUCKETS, neighbouring buckets merge and the stride
 * doubles, so a long run costs at most a few thousand numbers.
 */
const MAX_BUCKETS = 4096;

export class LossSeries {
  stride = 1;
  steps = 0;
  mean: number[] = [];
  min: number[] = [];
  max: number[] = [];
  /** Steps in the last bucket. */
  private fill = 0;

  clear(): void {
    this.stride = 1;
    this.steps = 0;
    this.mean = [];
    this.min = [];
    this.max = [];
    this.fill = 0;
  }

  push(v: number): void {
    if (this.fill === 0 || this.fill === this.stride) {
      this.mean.push(v);
      this.min.push(v);
      this.max.push(v);
      this.fill = 1;
    } else {
      const i = this.mean.length - 1;
      this.mean[i] = (this.mean[i] * this.fill + v) / (this.fill + 1);
      this.min[i] = Math.min(this.min[i], v);
      this.max[i] = Math.max(this.max[i], v);
      this.fill++;
    }
    this.steps++;
    if (this.mean.length > MAX_BUCKETS) this.compact();
  }

  private compact(): void {
    const n = Math.ceil(this.mean.length / 2);
    const pair = <T>(a: T[], f: (x: T, y: T, i: number) => T): T[] => Array.from({ length: n }, (_, i) => (2 * i + 1 < a.length ? f(a[2 * i], a[2 * i + 1], i) : a[2 * i]));
    // the last bucket may be partly filled: weigh each half by its steps
    const steps = (i: number) => (i === this.mean.length - 1 ? this.fill : this.stride);
    this.mean = pair(this.mean, (x, y, i) => (x * steps(2 * i) + y * steps(2 * i + 1)) / (steps(2 * i) + steps(2 * i + 1)));
    this.min = pair(this.min, (x, y) => Math.min(x, y));
    this.max = pair(this.max, (x, y) => Math.max(x, y));
    this.stride *= 2;
    this.fill = this.steps - (this.mean.length - 1) * this.stride;
  }
}
