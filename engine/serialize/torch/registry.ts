/**
 * PyTorch modules by node type: the export's vocabulary. One small file per
 * family, one entry per node type; a graph using a type without an entry gets
 * an error naming it. Each entry is Python source for an nn.Module whose
 * parameters carry GateLab's variable names and shapes (so trained weights
 * load as they are) and whose forward takes the node's input ports in order.
 */
import type { DatasetInfo } from '../../registry/defineNode';
import type { ParamValue } from '../../registry/params';
import type { TensorInfo } from '../../registry/ports';

/** What a module's constructor may depend on: the node's resolved params, its shapes, the dataset. */
export interface TorchNodeContext {
  nodeId: string;
  params: Record<string, ParamValue>;
  inputs: Record<string, TensorInfo | undefined>;
  outputs: Record<string, TensorInfo | undefined>;
  dataset: DatasetInfo;
  /** The node's variables (name without the node prefix) and their shapes, as the compiled model made them. */
  variables: Record<string, number[]>;
}

/** A value written as a Python literal. */
export type PyValue = number | string | boolean | null | PyValue[];

export interface TorchNode {
  /** The GateLab node type. */
  type: string;
  /** The Python class in `source`. */
  className: string;
  /** The class, in plain readable PyTorch. */
  source: string;
  /** Shared helpers the class calls, by name (see common.ts). */
  helpers?: readonly string[];
  /** Whether forward takes `ctx` (training flag, step, the batch's labels, add_loss). */
  context?: boolean;
  /** Constructor keyword arguments. */
  args(ctx: TorchNodeContext): Record<string, PyValue>;
  /** Whether, with these params, the node draws random numbers while training (noise, a random choice): its training losses cannot match GateLab's draw for draw. */
  stochastic?(params: Record<string, ParamValue>): boolean;
}

export function defineTorchNode(n: TorchNode): TorchNode {
  return n;
}

/** A Python literal: numbers in shortest round-trip form, strings JSON-quoted (valid Python). */
export function py(v: PyValue): string {
  if (v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`cannot write ${v} as a Python literal`);
    return Object.is(v, -0) ? '-0.0' : String(v);
  }
  if (typeof v === 'string') return JSON.stringify(v);
  return `[${v.map(py).join(', ')}]`;
}

/** The width of the last axis of an input port. */
export function lastOf(t: TensorInfo | undefined): number {
  const d = t?.shape[t.shape.length - 1];
  if (typeof d !== 'number') throw new Error('the export needs the last axis of an input');
  return d;
}
