/**
 * An ONNX graph as it is built: nodes in order, initializers (the trained
 * weights, under their GateLab names) and constants, with fresh value names
 * under the GateLab node that makes them (`h1/MatMul_0`). Encoding to bytes is
 * encode.ts's job; node types describe their math through this builder (their
 * `onnx` hook) and the shared pieces in ops.ts.
 */

/** Element types GateLab writes (TensorProto.DataType). */
export const ONNX_TYPE = { float32: 1, int32: 6, int64: 7 } as const;
export type OnnxDtype = keyof typeof ONNX_TYPE;

/** An attribute value, tagged by its ONNX type. */
export type OnnxAttr = { i: number } | { f: number } | { ints: number[] } | { floats: number[] } | { s: string };

export interface OnnxNode {
  op: string;
  name: string;
  inputs: string[];
  outputs: string[];
  attrs: Record<string, OnnxAttr>;
}

export interface OnnxTensor {
  name: string;
  dims: number[];
  dtype: OnnxDtype;
  values: ArrayLike<number>;
}

export class OnnxGraph {
  readonly nodes: OnnxNode[] = [];
  readonly initializers: OnnxTensor[] = [];
  private readonly counts = new Map<string, number>();
  private scope = 'graph';

  /** Names made from now on start with this GateLab node id. */
  enter(nodeId: string): void {
    this.scope = nodeId;
  }

  private fresh(hint: string): string {
    const key = `${this.scope}/${hint}`;
    const n = this.counts.get(key) ?? 0;
    this.counts.set(key, n + 1);
    return `${key}_${n}`;
  }

  /** One operator; returns its outputs' value names. */
  ops(op: string, inputs: string[], attrs: Record<string, OnnxAttr> = {}, outputs = 1): string[] {
    const outs = Array.from({ length: outputs }, () => this.fresh(op));
    this.nodes.push({ op, name: this.fresh(`${op}_node`), inputs, outputs: outs, attrs });
    return outs;
  }

  /** One operator with one output. */
  op(op: string, inputs: string[], attrs: Record<string, OnnxAttr> = {}): string {
    return this.ops(op, inputs, attrs)[0]!;
  }

  /** A tensor stored in the file under `name` (a trained weight keeps its GateLab name). */
  tensor(name: string, dims: number[], values: ArrayLike<number>, dtype: OnnxDtype = 'float32'): string {
    this.initializers.push({ name, dims, dtype, values });
    return name;
  }

  /** A constant made by the export (a mask, a shape, a scalar), named under the current node. */
  constant(values: ArrayLike<number>, dims: number[], dtype: OnnxDtype = 'float32'): string {
    return this.tensor(this.fresh('const'), dims, values, dtype);
  }

  scalar(value: number): string {
    return this.constant([value], []);
  }

  /** A 1-D int64 constant: shapes for Reshape, axes for Unsqueeze and ReduceSum. */
  int64s(values: number[]): string {
    return this.constant(values, [values.length], 'int64');
  }
}
