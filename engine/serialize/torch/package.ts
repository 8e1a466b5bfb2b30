/**
 * A checked model file → the files of a self-contained PyTorch package:
 *
 *   gatelab_model/nodes.py    one nn.Module per node type the graph uses
 *   gatelab_model/model.py    GraphModel: the graph wired as in the editor, plus the task loss
 *   gatelab_model/arrays.py   reads the .json + .bin arrays below (torch alone, no numpy)
 *   weights.*                 the trained weights; initial_weights.*: GateLab's seeded start
 *   data.*                    the exact dataset GateLab generated for the graph and seed, split 80/20
 *   config.json  graph.json   the training config, input fields, metrics; the graph itself
 *   predict.py  eval.py  train.py  README.md
 *
 * Pure: returns the files; the CLI writes them.
 */
import type { Compiled } from '../../compile/compile';
import { compile } from '../../compile/compile';
import { generateDataset } from '../../data/generate';
import type { Dataset, Field } from '../../data/dataset';
import { graphError, type GraphError } from '../../errors';
import type { Parsed } from '../../graph/parse';
import type { Graph } from '../../graph/format';
import { formatShape } from '../../registry/ports';
import type { NodeDef } from '../../registry/defineNode';
import type { ParamValue } from '../../registry/params';
import { registry } from '../../registry/default';
import { createRng } from '../../random';
import { splitIndices } from '../../train/split';
import type { ModelFile, WeightMap } from '../model-format';
import { weightMismatches } from '../import';
import { littleEndianBytes, nodeOf } from '../weights';
import { NODES_HEADER, helperSources } from './common';
import { TORCH_HELPERS, TORCH_NODES, WIRING_TYPES } from './modules';
import { py, type TorchNode } from './registry';
import { ARRAYS_PY, EVAL_PY, INIT_PY, PREDICT_PY, TRAIN_PY } from './scripts';

export interface PackageFile {
  /** Relative to the package directory, '/'-separated. */
  path: string;
  content: string | Uint8Array;
}

/** Every node whose type has no PyTorch module, one error each. */
export function unsupportedNodes(nodes: readonly { id: string; type: string }[]): GraphError[] {
  return nodes
    .filter((n) => !WIRING_TYPES.has(n.type) && !TORCH_NODES.has(n.type))
    .map((n) => graphError('UNKNOWN_NODE_TYPE', `the PyTorch export has no module for node type "${n.type}" yet`, { nodeId: n.id }));
}

/** Nodes that draw random numbers while training with their params (their training losses differ draw by draw). */
export function stochasticNodes(graph: Graph): string[] {
  return graph.nodes.filter((n) => {
    const entry = TORCH_NODES.get(n.type);
    const def = registry.get(n.type);
    if (!entry?.stochastic || !def) return false;
    const params: Record<string, ParamValue> = {};
    for (const [k, spec] of Object.entries(def.params)) params[k] = n.params?.[k] ?? spec.default;
    return entry.stochastic(params);
  }).map((n) => n.id);
}

const PY_KEYWORDS = new Set('False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'.split(' '));
/** Names the generated forward uses itself. */
const FORWARD_NAMES = new Set(['self', 'feeds', 'ctx', 'n', 'pred', 'torch', 'nn', 'F', 'math']);
/** nn.ModuleDict attributes (PyTorch 1.13 and later): a node id equal to one cannot be a key. */
const MODULE_ATTRS = new Set(('T_destination add_module apply bfloat16 buffers children clear compile cpu cuda double dump_patches eval extra_repr float forward get_buffer ' +
  'get_extra_state get_parameter get_submodule half ipu items keys load_state_dict modules mtia named_buffers named_children named_modules named_parameters parameters pop ' +
  'register_backward_hook register_buffer register_forward_hook register_forward_pre_hook register_full_backward_hook register_full_backward_pre_hook ' +
  'register_load_state_dict_post_hook register_load_state_dict_pre_hook register_module register_parameter register_state_dict_post_hook register_state_dict_pre_hook ' +
  'requires_grad_ set_extra_state set_submodule share_memory smart_apply state_dict to to_empty train training type update values xpu zero_grad').split(' '));

/** A Python identifier for a node id, unique among `used`. */
function localName(id: string, used: Set<string>): string {
  let s = id.replace(/[^A-Za-z0-9_]/g, '_');
  if (/^[0-9]/.test(s)) s = `_${s}`;
  if (PY_KEYWORDS.has(s) || FORWARD_NAMES.has(s)) s = `${s}_`;
  while (used.has(s)) s = `${s}_`;
  used.add(s);
  return s;
}

/** The key of a node's module in GraphModel.nodes: its id, unless that clashes with an nn.Module attribute. */
export function moduleKey(id: string): string {
  return id.startsWith('_') || MODULE_ATTRS.has(id) ? `node_${id}` : id;
}

interface ArrayEntry {
  name: string;
  dtype: 'float32' | 'int32';
  shape: number[];
  data: Float32Array | Int32Array;
}

/** Arrays → a manifest (names, dtypes, shapes, byte offsets) and one little-endian blob, 8-byte aligned. */
export function packArrays(entries: readonly ArrayEntry[], note: string): { manifest: string; bin: Uint8Array } {
  let size = 0;
  const arrays: Record<string, { dtype: string; shape: number[]; offset: number }> = {};
  for (const e of entries) {
    arrays[e.name] = { dtype: e.dtype, shape: e.shape, offset: size };
    size += Math.ceil(e.data.byteLength / 8) * 8;
  }
  const bin = new Uint8Array(size);
  for (const e of entries) bin.set(littleEndianBytes(e.data), arrays[e.name]!.offset);
  return { manifest: `${JSON.stringify({ note, arrays }, null, 1)}\n`, bin };
}

function weightEntries(w: WeightMap): ArrayEntry[] {
  return [...w].map(([name, a]) => ({ name, dtype: 'float32', shape: a.shape, data: a.data }));
}

/** Rows `rows` of a field, as a new array. */
function take(f: Field, rows: Int32Array): { shape: number[]; data: Float32Array | Int32Array } {
  const per = f.shape.slice(1).reduce((a, b) => a * b, 1);
  const data = f.dtype === 'int32' ? new Int32Array(rows.length * per) : new Float32Array(rows.length * per);
  rows.forEach((r, i) => data.set(f.data.subarray(r * per, (r + 1) * per), i * per));
  return { shape: [rows.length, ...f.shape.slice(1)], data };
}

/** The dataset, split as the trainer splits it (same seed, same rows), as arrays. */
function dataEntries(data: Dataset, seed: number): ArrayEntry[] {
  const split = splitIndices(data, createRng(seed).fork('split'));
  const out: ArrayEntry[] = [];
  const n = data.target.shape[0]!;
  for (const [part, rows] of [['train', split.train], ['test', split.test]] as const) {
    for (const [k, f] of Object.entries(data.inputs)) out.push({ name: `${part}/input/${k}`, dtype: f.dtype, ...take(f, rows) });
    out.push({ name: `${part}/target`, dtype: data.target.dtype, ...take(data.target, rows) });
    if (data.mask) {
      const shape = data.mask.length === n ? [n] : [n, data.mask.length / n];
      out.push({ name: `${part}/mask`, dtype: 'float32', ...take({ data: data.mask, shape, dtype: 'float32' }, rows) });
    }
  }
  return out;
}

function shapeComment(s: { shape: (number | string)[] } | undefined): string {
  return s ? formatShape(s.shape) : '';
}

/** nodes.py and model.py for a compiled graph. */
export function generateModelCode(compiled: Compiled, title: string): { nodesPy: string; modelPy: string } {
  const { model, validation } = compiled;
  const graph = model.graph;
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const defs = new Map<string, NodeDef>(graph.nodes.map((n) => [n.id, registry.get(n.type)!]));
  const used = new Set<string>();
  const locals = new Map<string, string>();
  for (const id of validation.order) locals.set(id, localName(id, used));

  const entries = new Map<string, TorchNode>();
  const helpers = new Set<string>();
  const ctor: string[] = [];
  const body: string[] = [];
  const renamed: string[] = [];
  let outputLoss = 'softmax_cross_entropy';
  let predVar = 'None';

  const sourceOf = (id: string, port: string): string => {
    const name = locals.get(id)!;
    const def = defs.get(id)!;
    return def.type === 'Input' || Object.keys(def.outputs).length === 1 ? name : `${name}[${py(port)}]`;
  };

  for (const id of validation.order) {
    const node = byId.get(id)!;
    const def = defs.get(id)!;
    const params = validation.params.get(id)!;
    const shapes = validation.shapes.get(id);
    const from: Record<string, [string, string]> = {};
    for (const e of graph.edges) if (e.target === id) from[e.targetHandle] = [e.source, e.sourceHandle];
    const v = locals.get(id)!;
    if (def.type === 'Input') {
      body.push(`${v} = feeds[${py(String(params.field))}]  # Input "${id}": ${shapeComment(shapes?.outputs.out)}`);
      continue;
    }
    if (def.type === 'Output') {
      outputLoss = String(params.loss);
      predVar = from.in ? sourceOf(from.in[0], from.in[1]) : 'None';
      continue;
    }
    const entry = TORCH_NODES.get(def.type)!;
    entries.set(def.type, entry);
    for (const h of entry.helpers ?? []) helpers.add(h);
    const variables: Record<string, number[]> = {};
    for (const [name, t] of model.variables) if (nodeOf(name) === id) variables[name.slice(id.length + 1)] = t.shape.slice();
    const args = entry.args({ nodeId: id, params, inputs: shapes?.inputs ?? {}, outputs: shapes?.outputs ?? {}, dataset: model.dataset, variables });
    const key = moduleKey(id);
    if (key !== id) renamed.push(`${py(id)}: ${py(key)}`);
    const label = node.label ? `  # ${node.label.replace(/[\r\n]+/g, ' ')}` : '';
    ctor.push(`                ${py(key)}: ${entry.className}(${Object.entries(args).map(([k, a]) => `${k}=${py(a)}`).join(', ')}),${label}`);
    const callArgs = Object.keys(def.inputs).map((p) => (from[p] ? sourceOf(from[p][0], from[p][1]) : 'None'));
    if (entry.context) callArgs.push(`ctx=ctx.at(${py(id)})`);
    const outs = Object.entries(shapes?.outputs ?? {}).map(([p, s]) => (Object.keys(def.outputs).length === 1 ? shapeComment(s) : `${p} ${shapeComment(s)}`)).join(', ');
    body.push(`${v} = n[${py(key)}](${callArgs.join(', ')})  # ${def.type}${outs ? `: ${outs}` : ''}`);
  }

  const classes = [...entries.values()].map((e) => e.source.trimEnd());
  const nodesPy = [NODES_HEADER.trimEnd(), ...helperSources(helpers, TORCH_HELPERS).map((s) => s.trimEnd()), ...classes].join('\n\n\n') + '\n';

  const fields = Object.entries(model.dataset.fields)
    .filter(([k]) => graph.nodes.some((n) => n.type === 'Input' && String(validation.params.get(n.id)?.field) === k))
    .map(([k, f]) => `${k} ${formatShape(['B', ...f.shape])} ${f.dtype}`).join(', ');
  const doc = (graph.description ?? '').replace(/\\/g, '\\\\').replace(/"""/g, '\\"\\"\\"');
  const modelPy = `"""${title}

${wrap(doc, 78)}
"""
import re

import torch
from torch import nn

from .nodes import *  # noqa: F401,F403
from .nodes import Context, masked_mean, softmax_cross_entropy
from .arrays import read_arrays

LOSS = ${py(outputLoss)}  # the Output node's loss
# GateLab node id -> key in GraphModel.nodes, where an id clashes with an nn.Module attribute.
NODE_KEYS = {${renamed.join(', ')}}


class GraphModel(nn.Module):
    """The graph wired as in the editor: one module per node, run in topological order."""

    def __init__(self):
        super().__init__()
        self.nodes = nn.ModuleDict(
            {
${ctor.join('\n')}
            }
        )

    def forward(self, feeds, ctx=None):
        """feeds: the dataset fields by name (${fields}).
        Returns what reaches the Output node (logits or predictions) and the
        auxiliary losses by "nodeId/name"."""
        ctx = ctx if ctx is not None else Context(training=self.training)
        n = self.nodes
${body.map((l) => `        ${l}`).join('\n')}
        return ${predVar}, ctx.losses


def task_loss(pred, target, mask=None):
    """The Output node's loss: softmax cross-entropy against class ids, or mean squared error;
    a mask (1 where the loss counts) weights the mean."""
    if LOSS == "mse":
        return masked_mean(((pred - target) ** 2).mean(-1), mask)
    return softmax_cross_entropy(pred, target, mask)


def accuracy(pred, target, mask=None):
    return masked_mean((pred.argmax(-1) == target.long()).float(), mask)


def state_key(name):
    """GateLab's weight name "nodeId/var" -> this model's state_dict key; a "/" inside var
    names a submodule ("l0/wq" -> l0.wq)."""
    node, var = name.split("/", 1)
    return "nodes." + NODE_KEYS.get(node, node) + "." + re.sub(r"[^A-Za-z0-9_.]", "_", var.replace("/", "."))


def load_weights(model, source="weights"):
    """Loads exported weights (a stem: weights, initial_weights) or a .pt state_dict from train.py --out."""
    if source.endswith(".pt"):
        state = torch.load(source, map_location="cpu")
    else:
        state = {state_key(k): v for k, v in read_arrays(source).items()}
    model.load_state_dict(state, strict=True)
    return model


def build_model():
    return GraphModel()


def load_model(source="weights"):
    """The model with its trained weights, in eval mode."""
    return load_weights(build_model(), source).eval()
`;
  return { nodesPy, modelPy };
}

function wrap(text: string, width: number): string {
  const out: string[] = [];
  for (const para of text.split(/\n+/)) {
    let line = '';
    for (const word of para.split(/\s+/).filter(Boolean)) {
      if (line && line.length + 1 + word.length > width) { out.push(line); line = word; } else line = line ? `${line} ${word}` : word;
    }
    if (line) out.push(line);
  }
  return out.join('\n');
}

/** The whole package for a checked model file, or the reasons it cannot be exported. */
export async function torchPackage(file: ModelFile): Promise<Parsed<PackageFile[]>> {
  const missing = unsupportedNodes(file.graph.nodes);
  if (missing.length) return { ok: false, errors: missing };
  const c = compile(file.graph);
  if (!c.ok) return c;
  const compiled = c.value;
  try {
    const mismatch = weightMismatches(compiled, file.weights);
    if (mismatch.length) return { ok: false, errors: mismatch };
    const initial = await compiled.model.readWeights();
    const graph = file.graph;
    const title = `${graph.name}: a GateLab ${file.gatelab} graph exported to PyTorch.`;
    const { nodesPy, modelPy } = generateModelCode(compiled, title);
    const data = generateDataset(graph);
    const trained = packArrays(weightEntries(file.weights), `Trained weights of "${graph.name}", keyed nodeId/var as in GateLab.`);
    const init = packArrays(weightEntries(initial), `GateLab's seeded initial weights of "${graph.name}" (seed ${graph.training.seed}).`);
    const arrays = packArrays(dataEntries(data, graph.training.seed), `The dataset "${String(graph.training.dataset.name)}" as GateLab generates it for seed ${graph.training.seed}, split 80/20 as its trainer splits it.`);
    const fields: Record<string, { shape: number[]; dtype: string }> = {};
    for (const n of graph.nodes) {
      if (n.type !== 'Input') continue;
      const f = String(compiled.validation.params.get(n.id)!.field);
      const info = compiled.model.dataset.fields[f];
      if (info) fields[f] = { shape: info.shape.map(Number), dtype: info.dtype };
    }
    const config = {
      name: graph.name,
      gatelab: file.gatelab,
      /** The graph's training config: what train.py follows (steps, optimizer, phases, seed). */
      training: graph.training,
      /** Steps the exported weights were trained for in GateLab. */
      trainedSteps: file.training.steps,
      task: compiled.model.dataset.task,
      classes: compiled.model.dataset.classes,
      fields,
      params: compiled.params,
      metrics: file.metrics,
      backend: file.backend,
    };
    const files: PackageFile[] = [
      { path: 'gatelab_model/__init__.py', content: INIT_PY },
      { path: 'gatelab_model/nodes.py', content: nodesPy },
      { path: 'gatelab_model/model.py', content: modelPy },
      { path: 'gatelab_model/arrays.py', content: ARRAYS_PY },
      { path: 'predict.py', content: PREDICT_PY },
      { path: 'eval.py', content: EVAL_PY },
      { path: 'train.py', content: TRAIN_PY },
      { path: 'config.json', content: `${JSON.stringify(config, null, 2)}\n` },
      { path: 'graph.json', content: `${JSON.stringify(graph, null, 2)}\n` },
      { path: 'weights.json', content: trained.manifest },
      { path: 'weights.bin', content: trained.bin },
      { path: 'initial_weights.json', content: init.manifest },
      { path: 'initial_weights.bin', content: init.bin },
      { path: 'data.json', content: arrays.manifest },
      { path: 'data.bin', content: arrays.bin },
      { path: 'README.md', content: readme(graph.name, file, compiled, [...new Set(graph.nodes.map((n) => n.type))]) },
    ];
    return { ok: true, value: files };
  } finally {
    compiled.model.dispose();
  }
}

function readme(name: string, file: ModelFile, compiled: Compiled, types: string[]): string {
  const m = Object.entries(file.metrics).map(([k, v]) => `${k} ${Number(v.toPrecision(4))}`).join(', ');
  return `# ${name}

Exported from GateLab ${file.gatelab}: the graph as plain PyTorch (node types ${types.join(', ')}),
${compiled.params} trained parameters (${file.training.steps} steps on ${file.backend}; ${m || 'no metrics'}),
and the exact dataset GateLab generated for it (seed ${file.training.seed}). Needs torch alone (1.13 or later).

    python predict.py --input batch.json   # {"inputs": [...]} -> {"outputs": [...]}, as gatelab predict
    python eval.py                         # held-out loss and accuracy, as gatelab eval
    python train.py --steps 500            # trains from GateLab's initial weights
    torchrun --nproc_per_node 4 train.py   # the same with DistributedDataParallel (gloo on CPU, NCCL on GPU)

- \`gatelab_model/nodes.py\`: one \`nn.Module\` per node type; parameters keep GateLab's names and shapes
  (kernels are [in, out], applied as \`x @ kernel\`).
- \`gatelab_model/model.py\`: \`GraphModel\`, the graph wired as in the editor; \`task_loss\`; \`load_model()\`.
- \`weights.*\`, \`initial_weights.*\`, \`data.*\`: arrays as NAME.json (names, shapes, offsets) + NAME.bin (little-endian).
- \`graph.json\`: the GateLab graph; open it in the editor.
`;
}
