/**
 * Blocks: a piece of graph packaged as one reusable node. Definitions live in
 * the graph's `blocks` section (engine/graph/format.ts); these are the pure
 * transforms the editor calls and what validation and compile use to inline
 * instances. docs/blocks.md describes the format and each transform.
 */
export { blockOf, getBlock, usedBlocks, selfContaining, exposedSpec, exposedSpecs, paramOf, type Blocks } from './defs';
export { checkBlocks } from './check';
export { expandBlocks, BLOCK_SEP, MAX_INLINED_NODES, type Expanded } from './expand';
export { locateError } from './locate';
export { makeBlock, badBlockName, outputPorts, type MakeBlockOptions } from './make';
export { detachBlock } from './detach';
export { editBlock, placeBlock, renameBlock, renamePort, exposeParam, unexposeParam, removeBlock } from './edit';
export { readScope, writeScope, type BlockEdit, type Scope } from './scope';
export { blocksFile, parseBlocksFile, parseBlocksValue, addBlocks, MAX_BLOCKS_BYTES } from './file';
