/**
 * A model file → an ONNX model (opset 17) that onnxruntime runs with
 * GateLab's outputs: built from the engine directly, node by node through
 * each type's `onnx` binding, so no Python is needed. The graph's inputs are
 * its dataset fields (`x`, float32 or int32 token ids, batch axis `B`), its
 * output `logits` is what reaches the Output node, and the GateLab graph
 * itself is kept in the metadata (`gatelab/graph`), so the file records how
 * it was made. A graph using a type that has no ONNX form is refused, node
 * by node, with the reason.
 */
import { GateLabError, graphError, type GraphError } from '../../errors';
import type { Parsed } from '../../graph/parse';
import { INPUT_TYPE, OUTPUT_TYPE } from '../../nodes/io';
import { WIRING_TYPES } from '../../nodes';
import { BLOCK_INPUT_TYPE, BLOCK_OUTPUT_TYPE } from '../../nodes/block-ports';
import { registry as defaultRegistry } from '../../registry/default';
import type { Registry } from '../../registry/registry';
import type { TensorInfo } from '../../registry/ports';
import { loadModel } from '../import';
import { validateGraph } from '../../graph/validate';
import type { ModelFile } from '../model-format';
import { GATELAB_VERSION } from '../version';
import { storedScaling } from '../../data/own/build';
import type { Scaling } from '../../data/own/format';
import { encodeOnnx, type OnnxValueInfo } from './encode';
import { OnnxGraph } from './graph';

/** The ONNX output's name. */
export const ONNX_OUTPUT = 'logits';

/** Every node of the graph without an ONNX form, one error each, with its type's reason. */
export function onnxRefusals(nodes: readonly { id: string; type: string }[], reg: Registry = defaultRegistry): GraphError[] {
  const out: GraphError[] = [];
  for (const n of nodes) {
    if (WIRING_TYPES.has(n.type)) continue;
    const def = reg.get(n.type);
    if (!def || (def.onnx && 'write' in def.onnx)) continue; // an unknown type is the compiler's to report
    const why = def.onnx ? def.onnx.refused : 'GateLab has no ONNX form for it yet';
    out.push(graphError('NOT_EXPORTED', `node "${n.id}" is a ${n.type}, which cannot be exported to ONNX: ${why}`, { nodeId: n.id }));
  }
  return out;
}

/** A table's features were standardised for training: the model takes raw rows, as `gatelab predict` does, and scales them first. */
function standardised(g: OnnxGraph, x: string, scaling: Scaling | undefined): string {
  if (!scaling) return x;
  g.enter('x');
  return g.op('Div', [g.op('Sub', [x, g.constant(scaling.mean, [scaling.mean.length])]), g.constant(scaling.std, [scaling.std.length])]);
}

const dimsOf = (t: TensorInfo): (number | string)[] => t.shape.map((d) => (typeof d === 'number' ? d : String(d)));

export interface OnnxExport {
  bytes: Uint8Array;
  inputs: OnnxValueInfo[];
  outputs: OnnxValueInfo[];
}

/** The model as ONNX bytes, or every reason it cannot be. */
export async function onnxModel(file: ModelFile, reg: Registry = defaultRegistry): Promise<Parsed<OnnxExport>> {
  // Block instances are inlined first: their inner nodes are what must export.
  const checked = validateGraph(file.graph, reg);
  const refused = onnxRefusals(checked.flat.nodes, reg);
  if (refused.length) return { ok: false, errors: refused };
  // Compiling checks the graph and that the weights fit it, as every reader of a model file does.
  const loaded = loadModel(file, reg);
  if (!loaded.ok) return loaded;
  const { validation } = loaded.value;
  loaded.value.model.dispose();
  const { flat } = validation;
  const dataset = validation.dataset!;
  const byId = new Map(flat.nodes.map((n) => [n.id, n]));
  const g = new OnnxGraph();
  const values = new Map<string, Record<string, string>>();
  const inputs: OnnxValueInfo[] = [];
  const outputs: OnnxValueInfo[] = [];
  let scaled: string | undefined;
  for (const id of validation.order) {
    const node = byId.get(id)!;
    const params = validation.params.get(id)!;
    const shapes = validation.shapes.get(id)!;
    const from: Record<string, string> = {};
    for (const e of flat.edges) if (e.target === id) from[e.targetHandle] = values.get(e.source)![e.sourceHandle]!;
    if (node.type === INPUT_TYPE) {
      const field = String(params.field);
      if (!inputs.some((i) => i.name === field)) inputs.push({ name: field, dtype: dataset.fields[field]!.dtype, dims: dimsOf(shapes.outputs.out!) });
      values.set(id, { out: field === 'x' ? scaled ??= standardised(g, field, storedScaling(file.graph.training.dataset)) : field });
      continue;
    }
    // a block's port nodes stay in the flat graph as pass-throughs
    if (node.type === BLOCK_INPUT_TYPE || node.type === BLOCK_OUTPUT_TYPE) { values.set(id, { out: from.in! }); continue; }
    g.enter(id);
    if (node.type === OUTPUT_TYPE) {
      g.nodes.push({ op: 'Identity', name: `${id}/Identity`, inputs: [from.in!], outputs: [ONNX_OUTPUT], attrs: {} });
      outputs.push({ name: ONNX_OUTPUT, dtype: 'float32', dims: dimsOf(shapes.inputs.in!) });
      continue;
    }
    const w: Record<string, string> = {};
    for (const [name, weight] of file.weights) {
      if (name.startsWith(`${id}/`)) w[name.slice(id.length + 1)] = g.tensor(name, weight.shape, weight.data);
    }
    const binding = reg.get(node.type)!.onnx as { write: (ctx: never) => Record<string, string> };
    try {
      values.set(id, binding.write({ nodeId: id, params, inputs: from, shapes: { inputs: shapes.inputs, outputs: shapes.outputs }, dataset, w, g } as never));
    } catch (e) {
      // a binding refuses some settings of its type by throwing, with the reason
      if (e instanceof GateLabError) return { ok: false, errors: e.errors };
      throw e;
    }
  }
  const bytes = await encodeOnnx({
    graph: g,
    name: file.graph.name,
    inputs,
    outputs,
    metadata: { 'gatelab/graph': JSON.stringify(file.graph), 'gatelab/version': file.gatelab, 'gatelab/training': JSON.stringify(file.training) },
    producerVersion: GATELAB_VERSION,
    doc: `${file.graph.name}: exported by GateLab ${GATELAB_VERSION} from a model trained ${file.training.steps} steps. Inputs: the dataset's fields; output "${ONNX_OUTPUT}": what reaches the Output node. The graph is in the metadata under gatelab/graph.`,
  });
  return { ok: true, value: { bytes, inputs, outputs } };
}
