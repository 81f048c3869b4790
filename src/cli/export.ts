/**
 * `neurite export --model FILE --format onnx|js --out FILE`: writes the model as an ONNX file or
 * as a standalone ES module (docs/export.md), atomically.
 */
import { parseModel, toStandaloneModule } from '../index.js';
import type { Io } from './io.js';
import { readText, writeOutput } from './io.js';

/** The formats `neurite export` writes. */
export const EXPORT_FORMATS = ['onnx', 'js'] as const;

/** The options of `neurite export`, as commander gives them. */
export interface ExportOptions {
  model: string;
  format: (typeof EXPORT_FORMATS)[number];
  out: string;
}

/**
 * Runs `neurite export`: reads and checks the model file, converts it, writes `--out`.
 *
 * @returns the exit status
 * @example
 * ```ts
 * await exportCommand(processIo, { model: 'model.json', format: 'onnx', out: 'model.onnx' });
 * ```
 */
export async function exportCommand(io: Io, o: ExportOptions): Promise<number> {
  const text = readText(o.model, '--model');
  parseModel(text, o.model); // JSON syntax errors with line and column, and every invalid field
  const file: unknown = JSON.parse(text);
  // the ONNX writer (protobufjs) is loaded only here, not by every command's start-up
  const content = o.format === 'onnx' ? (await import('../onnx.js')).toOnnx(file, o.model) : toStandaloneModule(file, o.model);
  writeOutput(o.out, content, '--out');
  const what = o.format === 'onnx' ? 'ONNX model (input "features", output "outputs")' : 'standalone ES module (export function predict(rows))';
  io.err(`wrote ${o.out}: ${what}, ${content.length} bytes\n`);
  return 0;
}
