/**
 * ONNX export (`neurite/onnx`), apart from the main entry so that only code that exports ONNX
 * loads protobufjs: a page or app that trains and predicts never bundles or parses it.
 */
export { toOnnx, ONNX_OPSET, ONNX_IR_VERSION, ONNX_INPUT, ONNX_OUTPUT } from './export/onnx.js';
