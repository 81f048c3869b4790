/** Node-only data helpers: reading CSV and IDX files (optionally gzip-compressed) from disk. */
export { readDataFile, peekHeader, maxInputFromEnv, type DataFile, type CsvFile, type ReadOptions } from './read.js';
export { prefetchIdx, type PrefetchOptions, type Prefetched } from './early.js';
export { tableFormat, describeFormat, checkNotOtherKind, type TableFormat } from './formats.js';
