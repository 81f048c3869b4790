/**
 * Neurite for dense networks (`neurite/dense`): the main entry's API for tensors, dense networks,
 * training, data and model files, with only the dense and dropout layer kinds registered, so that a
 * page which loads or trains dense networks carries no convolution code (Note [kinds by entry] in
 * nn/layers.ts; docs/browser.md has the sizes). A model file or spec with another kind gets an
 * error saying to import from 'neurite', which has every kind, reinforcement learning, unsupervised
 * learning, tuning and the standalone export besides. Tensors here have no chained methods
 * (`x.add(y)`; the functions are here: `add(x, y)`): ops/chain.ts installs them on every Tensor
 * with every op, half a kilobyte gzipped that a page running a network never calls; 'neurite'
 * installs them, and its types declare them.
 */

export { NeuriteError, ArgumentError, DivergenceError, ModelFormatError, describe as describeValue, type Problem, type ErrorDetails } from './core/errors.js';
export { Random, type RandomState } from './core/random.js';
export { type Shape, sizeOf } from './core/shape.js';
export { type MatrixLike, type Matrix, type Records, toMatrix, takeRows, isRecords } from './core/matrix.js';
export { closestName, checkOptionNames } from './core/closest.js';
export type { Backend, Kernels, Data, UnaryOp, BinaryOp, Broadcast, ReduceOp, UpdateRule, UpdateParams, UpdateBase, SgdUpdate, AdagradUpdate, RmspropUpdate, AdamUpdate } from './backend/kernels.js';
export { MATH_OPS, BINARY_OPS } from './backend/kernels.js';
export type { Window2d, ConvWindow } from './backend/window.js';
export type { WindowSettings } from './nn/image.js';
export { jsBackend } from './backend/js/index.js';
export { registerBackend, setBackend, getBackend, listBackends } from './backend/registry.js';
export { Tensor, tensor, zeros, type NestedArray, type Node } from './tensor/tensor.js';
export { type DType, scope, freshAllocations } from './tensor/memory.js';
export * from './ops/index.js';
export { backward, noGrad } from './autograd/backward.js';
export {
  ACTIVATIONS, ACTIVATION_TABLE, activate, isActivation, type Activation, type ActivationEntry, type OnnxAttribute, type OnnxBuilder,
} from './nn/activations.js';
export { LEAKY_SLOPE, ELU_ALPHA, type ElementwiseActivation, type ActivationMath } from './backend/activations.js';
export type { ActivationForms } from './nn/activation-forms.js';
export {
  Dense, Dropout, registerLayerKind, layerKind, layerTypes,
  type BatchNormSpec, type Conv2dSpec, type FlattenSpec, type GlobalAvgPool2dSpec, type Pool2dSpec, type PoolType, type CompetitiveSpec,
  type Layer, type LayerKind, type LayerSpecs, type Mode, type Parameter, type ParameterShape,
} from './nn/layers.js';
export { INFERENCE, type LayerSpecBase } from './nn/layer.js';
export { LOSSES, LOSS_ACTIVATION, type Loss, lossFromLogits } from './nn/losses.js';
export { Network, type NetworkSpec, type RecordEncoder, type LayerSpec, type DenseSpec, type DropoutSpec, type ForwardResult } from './nn/network.js';
export { initializerFor, type Initializer } from './nn/init.js';
export { Optimizer, OPTIMIZERS, type OptimizerName, type OptimizerOptions, type OptimizerState } from './optim/optimizer.js';
export { Scheduler, type ScheduleSpec, type ScheduleState } from './optim/schedules.js';
export { clipGradNorm, gradNorm } from './optim/clip.js';
export { minimize, type DescentStep, type DescentResult } from './optim/minimize.js';
export { parseExpression, variablesOf, ExpressionError, FUNCTIONS as EXPRESSION_FUNCTIONS, type Expr, type FunctionName } from './optim/expression.js';
export { toFunction } from './optim/expression-function.js';
export { fit, fitAsync } from './train/fit.js';
export { Trainer, type TrainStep } from './train/trainer.js';
export { trainInWorker, type TrainingWorker, type WorkerTrainOptions, type WorkerTraining } from './train/in-worker.js';
export { serveTraining } from './train/serve-training.js';
export type { BatchProgress, MessageEnd } from './train/worker-protocol.js';
export type { FitOptions, FitResult, EpochLog, EpochInfo, BatchInfo, TrainState, CallbackResult } from './train/options.js';
export { evaluate, defaultLoss, type Evaluation } from './train/evaluate.js';
export { type TargetsLike } from './train/targets.js';
export { accuracy, confusionMatrix, classReport, type ClassReport, mse, mae, rmse, r2, classesOf } from './train/metrics.js';
export * from './data/index.js';
export {
  toModelFile, stringifyModel, modelText, versionFor, MODEL_FORMAT, MODEL_VERSION, MODEL_TASKS, type ModelTask,
  type ModelFile, type ModelMeta, type LayerJSON, type DenseJSON, type DropoutJSON, type OtherLayerJSON,
} from './io/model-file.js';
export { fromModelFile, parseModel, type LoadedModel } from './io/load.js';
export { validateModelFile } from './io/validate.js';
export { saveToLocalStorage, loadFromLocalStorage, saveToIndexedDB, loadFromIndexedDB, downloadModel } from './io/browser-storage.js';
export { shortestFloat32 } from './io/float32.js';
export { trainStateText } from './io/state-text.js';
export { finiteInFloat32, FLOAT32_MAX } from './core/float32.js';
export { initBackend, describeBackend, BACKEND_NAMES, type BackendPreference, type BackendOptions } from './backend/init.js';
