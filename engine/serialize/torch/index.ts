/** PyTorch export: a model file → a self-contained Python package. */
export { TORCH_NODES, TORCH_HELPERS, WIRING_TYPES, torchNodeFor } from './modules';
export { torchPackage, unsupportedNodes, stochasticNodes, type PackageFile } from './package';
export type { TorchNode, TorchNodeContext, PyValue } from './registry';
