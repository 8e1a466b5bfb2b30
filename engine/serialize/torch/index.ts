/** PyTorch export: a model file → a self-contained Python package. Each node type's module is its node file's `torch` binding. */
export { torchBindingFor, unsupportedNodes, stochasticNodes } from './bindings';
export { torchPackage, type PackageFile } from './package';
