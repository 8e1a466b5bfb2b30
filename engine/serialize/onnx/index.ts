/** ONNX export: a model file → an ONNX model. */
export { onnxModel, onnxRefusals, ONNX_OUTPUT, type OnnxExport } from './export';
export { modelProto, IR_VERSION, OPSET } from './encode';
