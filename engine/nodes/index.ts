import type { NodeDef } from '../registry/defineNode';
import { Input, Output } from './io';
import { Dense, Activation, ClassifierHead } from './dense';
import { Add, Multiply, Concat } from './merge';
import { LayerNorm, RMSNorm } from './norm';
import { Embedding, PositionalEmbedding } from './embedding';
import { Attention } from './attention';
import { GATE_NODES } from './gates';
import { PRIMITIVE_NODES } from './primitives';
import { BlockInput, BlockOutput } from './block-ports';

/** The core vocabulary, in palette order. */
export const CORE_NODES: readonly NodeDef[] = [
  Input, Output, Dense, Activation, ClassifierHead, Add, Multiply, Concat, LayerNorm, RMSNorm, Embedding, PositionalEmbedding, Attention,
];

export const ALL_NODES: readonly NodeDef[] = [...CORE_NODES, ...PRIMITIVE_NODES, ...GATE_NODES, BlockInput, BlockOutput];

/** Types the compiler feeds or reads itself (the model's inputs and its output, a block's ports): no PyTorch module of their own. */
export const WIRING_TYPES: ReadonlySet<string> = new Set([Input.type, Output.type, BlockInput.type, BlockOutput.type]);

/**
 * Types that run in GateLab only: `gatelab export --torch` refuses a graph
 * using one, by name. Every other type declares its `torch` binding, and a
 * test fails for a type that does neither.
 */
export const NOT_EXPORTED: ReadonlySet<string> = new Set<string>([]);
