export { type Environment, type Observation, type Step, checkAction, checkedEnvironment } from './environment.js';
export { CARTPOLE, CartPole, type CartPoleState } from './cartpole.js';
export { Bandit, type BanditOptions } from './bandit.js';
export {
  type BanditLearner, type ActionValueOptions, EpsilonGreedy, Ucb, GradientBandit, argmaxRandomTies, banditTestbed,
  type TestbedOptions, type TestbedResult,
} from './bandit-learners.js';
export { Agent, type AgentOptions, type AgentStep, type EpisodeLog, AVERAGE_OVER, greedyAction } from './agent.js';
export { type NetworkOptions, denseNetwork, logSoftmax, huber, discountedReturns, policyLoss, qLoss, qTargets } from './policy.js';
export { PolicyGradient, type PolicyGradientOptions, Reinforce } from './reinforce.js';
export { Rollout, checkPolicy, checkValue, checkQ } from './rollout.js';
export { ActorCritic, type ActorCriticOptions } from './a2c.js';
export { Dqn, type DqnOptions, syncTarget } from './dqn.js';
export { ReplayBuffer, type ReplayBatch } from './replay.js';
export { play, trainAgent, type PlayResult, type SolvedCriterion, type TrainAgentOptions, type TrainAgentResult } from './train.js';
export { GridWorld, type GridWorldOptions, DEFAULT_GRID, GRID_MOVES } from './gridworld.js';
export { BanditAgent } from './bandit-agent.js';
export {
  ENVIRONMENTS, type EnvironmentName, type EnvironmentSpec, makeEnvironment, ALGORITHMS, type AlgorithmName, BANDIT_ALGORITHMS,
  type AgentSettings, defaultAlgorithm, makeAgent,
} from './registry.js';
export { type ReinforcementMeta, type LoadedPolicy, toPolicyFile, fromPolicyFile } from './policy-file.js';
export { FeedbackEnvironment, type FeedbackOptions, feedbackLoss, learnFromFeedback } from './feedback.js';
