/**
 * Neurite's data module: CSV and IDX readers, column typing, preprocessing fitted on training
 * rows, splits and built-in datasets. Everything here runs in Node and in browsers; reading files
 * from disk is in `./node/index.ts`.
 */
export { DataError, location, type DataErrorInit } from './errors.js';
export { columnIndex, columnValues, resolveTarget, cellError, LineIndex, type Table, type ColumnTable, type AnyTable, type TableLike } from './table.js';
export { parseCsv, CsvReader, columnTable, type CsvReaderOptions } from './csv.js';
export { CsvTokenizer, CsvRow, delimiterName, DELIMITERS, type CsvDialect, type RowSink } from './csv-tokens.js';
export { NumericColumn, TextColumn, NumericBuilder, TextBuilder, kindOfCounts, MAX_DISTINCT, type DataColumn, type CellCounts } from './columns.js';
export { asColumns, numericCell, numericColumn, notANumber, firstNonNumber } from './column-table.js';
export { cellKind, columnKind, kindOfCells, readDecimal, lastDecimal, numberOf, MissingMarkers, MISSING, MISSING_MARKERS, type CellKind, type ColumnKind } from './numbers.js';
export { sniffDialect, delimiterOf, QUOTES, type SniffedDialect } from './sniff.js';
export { recordsTable, parseJsonTable, type RecordsOptions } from './json-table.js';
export { parseDate, datePart, dateFormatOf, DATE_FORMATS, DATE_PARTS, type DateFormat, type DatePart } from './dates.js';
export { planColumns, checkNames, type ColumnPlan, type ColumnRole, type ColumnType, type ColumnOptions } from './roles.js';
export { closestName } from './names.js';
export { EncodeReport, FIRST_ISSUES, type CellIssue, type FeatureIssues, type IssueKind } from './encode.js';
export { median } from './fit-features.js';
export { inferTask, classOrder, classLookup, numericLabels, checkClasses, MAX_INFERRED_CLASSES, type Task } from './task.js';
export { targetCells, targetColumn, classIndices, classesOf, inferTaskOf, distinctCount, MAX_CLASSES, MAX_CATEGORIES } from './targets.js';
export { fitScale, SCALES, type Scale, type ScaleParams } from './scaler.js';
export {
  checkPreprocessingJSON,
  type PreprocessingJSON,
  type InputPreprocessingJSON,
  type FeatureJSON,
  type NumericFeatureJSON,
  type CategoricalFeatureJSON,
  type TargetJSON,
  type ClassificationTargetJSON,
  type RegressionTargetJSON,
  type DateFeatureJSON,
  type DatePartJSON,
  featureInputs,
  PREPROCESSING_VERSION,
} from './preprocessing-json.js';
export { InputPreprocessor } from './input-preprocessor.js';
export { Preprocessor, fitPreprocessor, fitPixelPreprocessor, type PreprocessorFitOptions } from './preprocessor.js';
export {
  fitInputPreprocessor, type PreprocessorOptions, type InputPreprocessorOptions, type PixelPreprocessorOptions,
} from './fit.js';
export { parseIdx, pairIdx, idxHeader, decodePixels, type IdxHeader, IDX_IMAGES_MAGIC, IDX_LABELS_MAGIC, type IdxFile, type IdxImages, type IdxLabels, type OtherFile } from './idx.js';
export { splitIndices, type Split } from './split.js';
export { xorDataset, spiralDataset, moonsDataset, circlesDataset, blobsDataset, type GenerateOptions } from './generators.js';
export { salaryDataset } from './salary.js';
export { loadDataset, DATASETS, DATASET_INFO, type DatasetName } from './datasets.js';
export { IRIS_CSV, DIGITS_CSV } from './builtin-csv.js';
