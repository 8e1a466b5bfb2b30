/** Model files, share links, JSON Schemas and PyTorch export. */
export * from './model-format';
export { exportModel, modelJson, modelToText, metricsOf, type ExportInfo, type ExportOptions } from './export';
export { parseModel, parseModelValue, loadModel, weightMismatches, migrateModel } from './import';
export { heldOutOverflow } from './held-out';
export { predictBatch, readInputs, inputFields, nest, type Feed, type Predicted } from './predict';
export { encodeShareLink, decodeShareLink, extractPayload, SHARE_KEY, MAX_LINK_CHARS, MAX_DECODE_CHARS } from './share-link';
export { jsonSchemas, schemaText } from './json-schema';
export { encodeFloat16, decodeFloat16, toFloat16Bits, fromFloat16Bits } from './float16';
export { encodeBase64, decodeBase64 } from './base64';
export { GATELAB_VERSION } from './version';
