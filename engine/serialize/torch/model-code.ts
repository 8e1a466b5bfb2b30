/**
 * The two graph-specific files of the package: nodes.py (the modules of the
 * node types the graph uses, with the helpers they call) and model.py (the
 * python/model.py template, its slots filled with the graph's wiring).
 */
import type { Compiled } from '../../compile/compile';
import { INPUT_TYPE, OUTPUT_TYPE } from '../../nodes/io';
import { formatShape } from '../../registry/ports';
import type { NodeDef } from '../../registry/defineNode';
import { registry } from '../../registry/default';
import type { PyValue, TorchHelper } from '../../registry/torch';
import { nodeOf } from '../weights';
import { HELPERS, MODEL_TEMPLATE, NODES_HEADER } from './python';

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

function shapeComment(s: { shape: (number | string)[] } | undefined): string {
  return s ? formatShape(s.shape) : '';
}

/** Fills the `{name}` slots of a Python template; a value of several lines keeps the slot's indentation on each. */
export function fillTemplate(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/^([ \t]*).*$/gm, (line, indent: string) =>
    line.replace(/\{([a-z_]+)\}/g, (slot, name: string) => (Object.hasOwn(values, name) ? values[name]!.split('\n').join(`\n${indent}`) : slot)));
}

/** nodes.py: the header, the helpers, then each node file's module once (a file may declare several types). */
async function nodesSource(types: ReadonlySet<string>): Promise<string> {
  const modules = await Promise.all(registry.list().filter((d) => d.torch).map(async (d) => ({ def: d, source: (await d.torch!.source()).default })));
  const sources = new Set(modules.filter((m) => types.has(m.def.type)).map((m) => m.source));
  // a module file brings every class it holds, so it needs the helpers of all of them
  const helpers = new Set(modules.filter((m) => sources.has(m.source)).flatMap((m) => m.def.torch!.helpers ?? []));
  const used = (Object.keys(HELPERS) as TorchHelper[]).filter((h) => helpers.has(h)).map((h) => HELPERS[h]);
  return [NODES_HEADER, ...used, ...sources].map((s) => s.trimEnd()).join('\n\n\n') + '\n';
}

/** nodes.py and model.py for a compiled graph. */
export async function generateModelCode(compiled: Compiled, title: string): Promise<{ nodesPy: string; modelPy: string }> {
  const { model, validation } = compiled;
  const graph = model.graph;
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const defs = new Map<string, NodeDef>(graph.nodes.map((n) => [n.id, registry.get(n.type)!]));
  const used = new Set<string>();
  const locals = new Map<string, string>();
  for (const id of validation.order) locals.set(id, localName(id, used));

  const types = new Set<string>();
  const ctor: string[] = [];
  const body: string[] = [];
  const renamed: string[] = [];
  let outputLoss = 'softmax_cross_entropy';
  let predVar = 'None';

  const sourceOf = (id: string, port: string): string => {
    const name = locals.get(id)!;
    const def = defs.get(id)!;
    return def.type === INPUT_TYPE || Object.keys(def.outputs).length === 1 ? name : `${name}[${py(port)}]`;
  };

  for (const id of validation.order) {
    const node = byId.get(id)!;
    const def = defs.get(id)!;
    const params = validation.params.get(id)!;
    const shapes = validation.shapes.get(id);
    const from: Record<string, [string, string]> = {};
    for (const e of graph.edges) if (e.target === id) from[e.targetHandle] = [e.source, e.sourceHandle];
    const v = locals.get(id)!;
    if (def.type === INPUT_TYPE) {
      body.push(`${v} = feeds[${py(String(params.field))}]  # Input "${id}": ${shapeComment(shapes?.outputs.out)}`);
      continue;
    }
    if (def.type === OUTPUT_TYPE) {
      outputLoss = String(params.loss);
      predVar = from.in ? sourceOf(from.in[0], from.in[1]) : 'None';
      continue;
    }
    const binding = def.torch!;
    types.add(def.type);
    const variables: Record<string, number[]> = {};
    for (const [name, t] of model.variables) if (nodeOf(name) === id) variables[name.slice(id.length + 1)] = t.shape.slice();
    const args = binding.args({ nodeId: id, params: params as never, inputs: shapes?.inputs ?? {}, outputs: shapes?.outputs ?? {}, dataset: model.dataset, variables });
    const key = moduleKey(id);
    if (key !== id) renamed.push(`${py(id)}: ${py(key)}`);
    const label = node.label ? `  # ${node.label.replace(/[\r\n]+/g, ' ')}` : '';
    ctor.push(`${py(key)}: ${binding.className}(${Object.entries(args).map(([k, a]) => `${k}=${py(a)}`).join(', ')}),${label}`);
    const callArgs = Object.keys(def.inputs).map((p) => (from[p] ? sourceOf(from[p][0], from[p][1]) : 'None'));
    if (binding.context) callArgs.push(`ctx=ctx.at(${py(id)})`);
    const outs = Object.entries(shapes?.outputs ?? {}).map(([p, s]) => (Object.keys(def.outputs).length === 1 ? shapeComment(s) : `${p} ${shapeComment(s)}`)).join(', ');
    body.push(`${v} = n[${py(key)}](${callArgs.join(', ')})  # ${def.type}${outs ? `: ${outs}` : ''}`);
  }

  const fields = Object.entries(model.dataset.fields)
    .filter(([k]) => graph.nodes.some((n) => n.type === INPUT_TYPE && String(validation.params.get(n.id)?.field) === k))
    .map(([k, f]) => `${k} ${formatShape(['B', ...f.shape])} ${f.dtype}`).join(', ');
  const doc = (graph.description ?? '').replace(/\\/g, '\\\\').replace(/"""/g, '\\"\\"\\"');
  const modelPy = fillTemplate(MODEL_TEMPLATE, {
    title,
    description: wrap(doc, 78),
    loss: py(outputLoss),
    node_keys: `{${renamed.join(', ')}}`,
    modules: ctor.join('\n'),
    fields,
    forward: body.join('\n'),
    prediction: predVar,
  });
  return { nodesPy: await nodesSource(types), modelPy };
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
