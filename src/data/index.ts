/**
 * Neurite's data module: CSV and IDX readers, column typing, preprocessing fitted on training
 * rows, splits and built-in datasets. Everything here runs in Node and in browsers; reading files
 * from disk is in `./node/index.ts`.
 */
export { DataError, location, type DataErrorInit } from './errors.js';
export { columnIndex, columnValues, resolveTarget, cellError, type Table } from './table.js';
export { parseCsv } from './csv.js';
export { cellKind, columnKind, numericCell, numericColumn, type CellKind, type ColumnKind } from './numbers.js';
export { inferTask, classOrder, classLookup, numericLabels, checkClasses, MAX_INFERRED_CLASSES, type Task } from './task.js';
export { targetCells, classIndices } from './targets.js';
export { fitScale, SCALES, type Scale, type ScaleParams } from './scaler.js';
export {
  checkPreprocessingJSON,
  type PreprocessingJSON,
  type FeatureJSON,
  type NumericFeatureJSON,
  type CategoricalFeatureJSON,
  type TargetJSON,
  type ClassificationTargetJSON,
  type RegressionTargetJSON,
} from './preprocessing-json.js';
export { Preprocessor } from './preprocessor.js';
export { fitPreprocessor, fitPixelPreprocessor, type PreprocessorOptions, type PixelPreprocessorOptions } from './fit.js';
export { parseIdx, pairIdx, IDX_IMAGES_MAGIC, IDX_LABELS_MAGIC, type IdxFile, type IdxImages, type IdxLabels, type OtherFile } from './idx.js';
export { splitIndices, type Split } from './split.js';
export { xorDataset, spiralDataset, moonsDataset, circlesDataset, blobsDataset, type GenerateOptions } from './generators.js';
export { salaryDataset } from './salary.js';
export { loadDataset, DATASETS, DATASET_INFO, type DatasetName } from './datasets.js';
export { IRIS_CSV, DIGITS_CSV } from './builtin-csv.js';
