export { type Environment, type Observation, type Step, checkAction, checkedEnvironment } from './environment.js';
export { CARTPOLE, CartPole, type CartPoleState } from './cartpole.js';
export { Bandit, type BanditOptions } from './bandit.js';
export {
  type BanditLearner, type ActionValueOptions, EpsilonGreedy, Ucb, GradientBandit, argmaxRandomTies, banditTestbed,
  type TestbedOptions, type TestbedResult,
} from './bandit-learners.js';
