import type { NodeDef } from '../../registry/defineNode';
import { GatedAttention } from './gated-attention';
import { ReZero } from './rezero';
import { ResidualStack } from './residual-stack';
import { ExpandedSelfGate, ExpandedGLU } from './expanded-activations';

/** Gating mechanisms from the papers: one file each, one line here. */
export const GATE_NODES: readonly NodeDef[] = [
  GatedAttention,
  ReZero,
  ResidualStack,
  ExpandedSelfGate,
  ExpandedGLU,
];
