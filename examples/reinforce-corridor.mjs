// Writing one's own environment: a corridor of 6 cells; the walker starts next to the left end,
// which pays nothing, while the right end, four steps away, pays 1 (either ends the episode; at
// most 20 steps). REINFORCE learns to walk right; play measures the greedy policy.
import { checkAction, play, Reinforce, trainAgent } from 'neurite';

class Corridor {
  name = 'corridor';
  observationSize = 6; // one-hot: which cell the walker stands on
  actions = 2; // 0 left, 1 right
  solvedReturn = 1; // every episode reaches the right end
  at = 1;
  steps = 0;

  reset() {
    this.at = 1;
    this.steps = 0;
    return this.observation();
  }

  step(action) {
    checkAction(this.name, action, this.actions);
    this.at += action === 1 ? 1 : -1;
    this.steps++;
    const terminated = this.at === 0 || this.at === 5;
    return { observation: this.observation(), reward: this.at === 5 ? 1 : 0, terminated, truncated: !terminated && this.steps >= 20 };
  }

  observation() {
    return Array.from({ length: 6 }, (_, i) => (i === this.at ? 1 : 0));
  }
}

const agent = new Reinforce(new Corridor(), { hidden: [8], lr: 0.01, entropy: 0.05, seed: 2 });
console.log(`before: greedy mean return ${play(agent.network, new Corridor(), { episodes: 10 }).meanReturn}`);
const result = trainAgent(agent, { episodes: 1000, solved: { return: 1, env: new Corridor() } });
console.log(`solved after ${result.solvedAt} episodes`);
console.log(`greedy policy: mean return ${play(agent.network, new Corridor(), { episodes: 10 }).meanReturn}`);
console.log(`next to the left end it walks ${agent.act([0, 1, 0, 0, 0, 0]) === 1 ? 'right' : 'left'}`);
