/**
 * A node's ONNX binding, for `gatelab export --onnx`: either how to write its
 * forward math (inference mode) as ONNX operators, or why it cannot be, in a
 * sentence the export prints beside the node's id. Every node type declares
 * one or the other (a registry test checks it), as every type declares its
 * PyTorch module; today every built-in type writes ONNX.
 */
import type { OnnxGraph } from '../serialize/onnx/graph';
import type { DatasetInfo } from './defineNode';
import type { ParamSchema, ParamValues } from './params';
import type { TensorInfo } from './ports';

export interface OnnxContext<P extends ParamSchema = ParamSchema, I extends string = string, O extends string = string> {
  nodeId: string;
  params: ParamValues<P>;
  /** The ONNX value feeding each connected input port. */
  inputs: Record<I, string>;
  /** Inferred shapes of the ports ('B' for the batch axis). */
  shapes: { inputs: Record<I, TensorInfo | undefined>; outputs: Record<O, TensorInfo | undefined> };
  dataset: DatasetInfo;
  /** The node's trained weights as ONNX initializers, by variable name (`kernel` for `h1/kernel`). */
  w: Record<string, string>;
  /** Where the operators go; names made here start with the node id. */
  g: OnnxGraph;
}

export type OnnxBinding<P extends ParamSchema = ParamSchema, I extends string = string, O extends string = string> =
  /** The ONNX value of each output port; throws a GateLabError (NOT_EXPORTED, with the reason) for settings it cannot write. */
  | { write(ctx: OnnxContext<P, I, O>): Record<O, string> }
  /** Completes "this node type cannot be exported to ONNX: …". */
  | { refused: string };
