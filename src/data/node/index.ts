/** Node-only data helpers: reading CSV and IDX files (optionally gzip-compressed) from disk. */
export { readDataFile, type DataFile, type CsvFile } from './read.js';
