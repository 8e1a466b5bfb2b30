/**
 * An OnnxGraph → ONNX model bytes, through protobufjs and the subset of
 * onnx.proto kept beside this file. protobufjs rather than a hand-written
 * encoder: the .proto text is the specification's own, field for field, so a
 * reader can check it against onnx.proto, and the tests decode with it.
 */
import type protobuf from 'protobufjs';
import { ONNX_TYPE, type OnnxAttr, type OnnxGraph, type OnnxTensor, type OnnxDtype } from './graph';

/** ONNX IR 8 with opset 17, which onnxruntime 1.14+ (node and web) runs. */
export const IR_VERSION = 8;
export const OPSET = 17;

/**
 * The ModelProto type, parsed from the .proto text on first use. Both load on
 * demand, so the editor's bundles leave protobufjs out until an export asks.
 */
export async function modelProto(): Promise<protobuf.Type> {
  if (!parsed) {
    const [{ default: pb }, { default: text }] = await Promise.all([import('protobufjs'), import('./onnx.proto?raw')]);
    parsed = pb.parse(text).root.lookupType('onnx.ModelProto');
  }
  return parsed;
}
let parsed: protobuf.Type | undefined;

/** A graph input or output: name, element type, dims ('B' and other names stay symbolic). */
export interface OnnxValueInfo {
  name: string;
  dtype: OnnxDtype;
  dims: (number | string)[];
}

export interface OnnxModelParts {
  graph: OnnxGraph;
  name: string;
  inputs: OnnxValueInfo[];
  outputs: OnnxValueInfo[];
  metadata: Record<string, string>;
  producerVersion: string;
  doc: string;
}

function rawData(t: OnnxTensor): Uint8Array {
  const typed = t.dtype === 'float32' ? Float32Array.from(t.values) : t.dtype === 'int32' ? Int32Array.from(t.values) : BigInt64Array.from(Array.from(t.values, (v) => BigInt(v)));
  // Little-endian on every platform that runs JavaScript engines in practice; ONNX's raw_data is little-endian.
  return new Uint8Array(typed.buffer, typed.byteOffset, typed.byteLength);
}

const ATTR_TYPE = { f: 1, i: 2, s: 3, floats: 6, ints: 7 } as const;

function attribute(name: string, a: OnnxAttr): Record<string, unknown> {
  const [kind, value] = Object.entries(a)[0] as [keyof typeof ATTR_TYPE, unknown];
  return { name, type: ATTR_TYPE[kind], [kind]: kind === 's' ? new TextEncoder().encode(value as string) : value };
}

function valueInfo(v: OnnxValueInfo): Record<string, unknown> {
  const dim = v.dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d }));
  return { name: v.name, type: { tensorType: { elemType: ONNX_TYPE[v.dtype], shape: { dim } } } };
}

export async function encodeOnnx(m: OnnxModelParts): Promise<Uint8Array> {
  const ModelProto = await modelProto();
  const message = ModelProto.fromObject({
    irVersion: IR_VERSION,
    opsetImport: [{ domain: '', version: OPSET }],
    producerName: 'GateLab',
    producerVersion: m.producerVersion,
    docString: m.doc,
    graph: {
      name: m.name,
      node: m.graph.nodes.map((n) => ({ opType: n.op, name: n.name, input: n.inputs, output: n.outputs, attribute: Object.entries(n.attrs).map(([k, a]) => attribute(k, a)) })),
      initializer: m.graph.initializers.map((t) => ({ name: t.name, dims: t.dims, dataType: ONNX_TYPE[t.dtype], rawData: rawData(t) })),
      input: m.inputs.map(valueInfo),
      output: m.outputs.map(valueInfo),
    },
    metadataProps: Object.entries(m.metadata).map(([key, value]) => ({ key, value })),
  });
  return ModelProto.encode(message).finish();
}
