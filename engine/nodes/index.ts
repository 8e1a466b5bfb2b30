import type { NodeDef } from '../registry/defineNode';
import { Input, Output } from './io';
import { Dense, Activation, ClassifierHead } from './dense';
import { Add, Multiply, Concat } from './merge';
import { LayerNorm, RMSNorm } from './norm';
import { Embedding, PositionalEmbedding } from './embedding';
import { Attention } from './attention';
import { GATE_NODES } from './gates';

/** The core vocabulary, in palette order. */
export const CORE_NODES: readonly NodeDef[] = [
  Input, Output, Dense, Activation, ClassifierHead, Add, Multiply, Concat, LayerNorm, RMSNorm, Embedding, PositionalEmbedding, Attention,
];

export const ALL_NODES: readonly NodeDef[] = [...CORE_NODES, ...GATE_NODES];
