/**
 * Tune and explain: cross-validation, a search of network settings with successive halving, and
 * permutation importance and partial dependence of a trained model. Everything here runs in Node
 * and in browsers; the worker-thread runner of the search is in `./node/pool.ts` (neurite/node).
 */
export { foldIndices, planFolds, cvSeeds, type FoldPlan } from './folds.js';
export { DEFAULT_SETTINGS, buildNetwork, fitOptionsOf, scoreOn, trainOnFold, type NetworkSettings, type EncodedRows, type FoldData, type FoldOutcome } from './trial.js';
export {
  crossValidate, crossValidateTask, tableTask, foldsOf, encodeFold, summarize,
  type CrossValidateOptions, type CrossValidation, type FoldScore, type TableTask,
} from './cross-validate.js';
export { DEFAULT_SPACE, searchSpace, sampleSettings, type SearchSpace, type Dimension, type Range } from './space.js';
export { inlineRunner, Cancelled, type TrialRunner, type TrialJob } from './runner.js';
export { rungsFor, hyperbandBrackets, type Rung } from './brackets.js';
export { searchFolds, compareRecords, type TrialRecord, type TuneProgress, type SearchOptions, type SearchResult } from './search.js';
export { repeatSeeds, repeatedFolds, checkContenders, type RepeatedFolds, type Contender, type ContenderScore, type CheckResult } from './check.js';
export { tune, tuneTask, type TuneOptions, type TuneResult } from './tune.js';
export { permutationImportance, permutationImportanceOf, inputGroups, type ExplainedModel, type InputGroup, type ImportanceOptions, type ColumnImportance, type Importance } from './importance.js';
export { partialDependence, numericGrid, type DependenceOptions, type Dependence } from './dependence.js';
