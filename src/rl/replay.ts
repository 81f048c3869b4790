import { checkNumber } from '../core/assert.js';
import type { Random } from '../core/random.js';

/** A batch drawn from a {@link ReplayBuffer}, in buffers it reuses. */
export interface ReplayBatch {
  /** `[size, observationSize]` */
  readonly observations: Float32Array;
  readonly actions: Int32Array;
  readonly rewards: Float32Array;
  /** `[size, observationSize]` */
  readonly next: Float32Array;
  /** 1 where the transition ended in a terminal state (no value follows), else 0. */
  readonly terminal: Float32Array;
}

/**
 * Experience replay (Mnih et al. 2015): the last `capacity` transitions in a ring of typed
 * arrays, so memory is fixed whatever the length of training; batches are drawn uniformly.
 *
 * @example
 * ```ts
 * const replay = new ReplayBuffer(4, 10000);
 * replay.push(obs, action, reward, next, terminated);
 * const batch = replay.sample(64, rng);
 * ```
 */
export class ReplayBuffer {
  readonly capacity: number;
  private readonly obs: Float32Array;
  private readonly nextObs: Float32Array;
  private readonly acts: Int32Array;
  private readonly rews: Float32Array;
  private readonly ends: Float32Array;
  private n = 0;
  private at = 0;
  private batch: ReplayBatch | null = null;

  constructor(readonly observationSize: number, capacity: number) {
    this.capacity = checkNumber('replay', 'capacity', capacity, { min: 1, integer: true });
    this.obs = new Float32Array(capacity * observationSize);
    this.nextObs = new Float32Array(capacity * observationSize);
    this.acts = new Int32Array(capacity);
    this.rews = new Float32Array(capacity);
    this.ends = new Float32Array(capacity);
  }

  /** Number of transitions held. */
  get size(): number {
    return this.n;
  }

  /** Adds a transition, over the oldest one when full. */
  push(observation: Float32Array, action: number, reward: number, next: Float32Array, terminal: boolean): void {
    const d = this.observationSize;
    this.obs.set(observation, this.at * d);
    this.nextObs.set(next, this.at * d);
    this.acts[this.at] = action;
    this.rews[this.at] = reward;
    this.ends[this.at] = terminal ? 1 : 0;
    this.at = (this.at + 1) % this.capacity;
    this.n = Math.min(this.n + 1, this.capacity);
  }

  /** `size` transitions drawn uniformly with replacement (the arrays are reused by the next call). */
  sample(size: number, rng: Random): ReplayBatch {
    const d = this.observationSize;
    if (this.batch === null || this.batch.actions.length !== size) {
      this.batch = {
        observations: new Float32Array(size * d), actions: new Int32Array(size), rewards: new Float32Array(size),
        next: new Float32Array(size * d), terminal: new Float32Array(size),
      };
    }
    const b = this.batch;
    for (let i = 0; i < size; i++) {
      const j = rng.int(this.n);
      b.observations.set(this.obs.subarray(j * d, (j + 1) * d), i * d);
      b.next.set(this.nextObs.subarray(j * d, (j + 1) * d), i * d);
      (b.actions as Int32Array)[i] = this.acts[j];
      (b.rewards as Float32Array)[i] = this.rews[j];
      (b.terminal as Float32Array)[i] = this.ends[j];
    }
    return b;
  }
}
