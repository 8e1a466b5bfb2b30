/** ONNX export: a model file → an ONNX model. Imported by the CLI directly, so the editor's bundle leaves protobufjs out. */
export { onnxModel, onnxRefusals, ONNX_OUTPUT, type OnnxExport } from './export';
export { modelProto, IR_VERSION, OPSET } from './encode';
