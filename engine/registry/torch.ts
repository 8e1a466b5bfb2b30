/**
 * A node's PyTorch binding: its nn.Module as a real .py file beside the node
 * file (loaded as text), and how the export writes its constructor call. The
 * module's parameters carry GateLab's variable names and shapes, so trained
 * weights load as they are, and its forward takes the node's input ports in
 * order (then `ctx` when the binding asks for it).
 */
import type { DatasetInfo } from './defineNode';
import type { ParamSchema, ParamValues } from './params';
import type { TensorInfo } from './ports';

/** A value written as a Python literal. */
export type PyValue = number | string | boolean | null | PyValue[];

/** Python shared by several modules, by name: engine/serialize/torch/python/helpers/<name>.py. */
export type TorchHelper = 'activate' | 'norms' | 'attention' | 'router' | 'gzsl';

/** What a module's constructor may depend on: the node's resolved params, its shapes, the dataset. */
export interface TorchArgsContext<P extends ParamSchema = ParamSchema, I extends string = string, O extends string = string> {
  nodeId: string;
  params: ParamValues<P>;
  inputs: Record<I, TensorInfo | undefined>;
  outputs: Record<O, TensorInfo | undefined>;
  dataset: DatasetInfo;
  /** The node's variables (name without the node prefix) and their shapes, as the compiled model made them. */
  variables: Record<string, number[]>;
}

export interface TorchBinding<P extends ParamSchema = ParamSchema, I extends string = string, O extends string = string> {
  /**
   * Loads the node file's .py (the class, and any function only it uses):
   * `() => import('./x.py?raw')`. A dynamic import, so the editor's bundles
   * leave the Python out until an export asks for it.
   */
  source(): Promise<{ default: string }>;
  /** The class in `source` that implements this node type. */
  className: string;
  /** Shared helpers the class calls. */
  helpers?: readonly TorchHelper[];
  /** Whether forward takes `ctx` (training flag, step, the batch's labels, add_loss). */
  context?: boolean;
  /** Constructor keyword arguments. */
  args(ctx: TorchArgsContext<P, I, O>): Record<string, PyValue>;
  /** Whether, with these params, the node draws random numbers while training (noise, a random choice): its training losses cannot match GateLab's draw for draw. */
  stochastic?(params: ParamValues<P>): boolean;
}

/** The width of the last axis of an input port. */
export function lastOf(t: TensorInfo | undefined): number {
  const d = t?.shape[t.shape.length - 1];
  if (typeof d !== 'number') throw new Error('the export needs the last axis of an input');
  return d;
}
