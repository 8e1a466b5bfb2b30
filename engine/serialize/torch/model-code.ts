/**
 * The two graph-specific files of the package: nodes.py (the modules of the
 * node types the graph uses, with the helpers they call) and model.py (the
 * python/model.py template, its slots filled with the graph's wiring).
 */
import type { Compiled } from '../../compile/compile';
import type { BlockDef, GraphEdge, GraphNode } from '../../graph/format';
import { blockOf, getBlock } from '../../graph/blocks/defs';
import { BLOCK_SEP, weightOwner } from '../../graph/blocks/expand';
import { topoSort } from '../../graph/topo';
import { BLOCK_INPUT_TYPE, BLOCK_OUTPUT_TYPE } from '../../nodes/block-ports';
import { INPUT_TYPE, OUTPUT_TYPE } from '../../nodes/io';
import { formatShape } from '../../registry/ports';
import { registry } from '../../registry/default';
import type { PyValue, TorchHelper } from '../../registry/torch';
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

/** What one scope (the graph, or one block definition) compiles to. */
interface ScopeCode {
  /** Entries of its nn.ModuleDict, one per node with a module (a block instance's spanning several lines). */
  modules: string[];
  /** Its forward's lines. */
  body: string[];
}

interface CodeContext {
  compiled: Compiled;
  /** Node id → ModuleDict key, where an id clashes with an nn.Module attribute (any scope: the key is a function of the id). */
  renamed: Map<string, string>;
  /** Block definition name → its class, written once (from its first instance: the wiring is the same in every one). */
  classes: Map<string, string>;
  classNames: Map<string, string>;
  taken: Set<string>;
}

/**
 * The modules and forward lines of one scope: `prefix` is the flat id of the
 * instance it belongs to plus "/" ("" for the graph itself), by which the
 * validation's shapes and params and the model's weights are found.
 */
function scopeCode(nodes: readonly GraphNode[], edges: readonly GraphEdge[], prefix: string, cx: CodeContext, ports: { inputs: ReadonlyMap<string, string> } = { inputs: new Map() }): ScopeCode & { locals: Map<string, string>; sourceOf: (id: string, port: string) => string } {
  const { model, validation } = cx.compiled;
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const { order } = topoSort(nodes.map((n) => n.id), edges);
  const used = new Set<string>();
  const locals = new Map<string, string>();
  for (const [port, arg] of ports.inputs) { used.add(arg); locals.set(port, arg); }
  for (const id of order) if (!locals.has(id)) locals.set(id, localName(id, used));
  const outputsOf = (node: GraphNode): string[] => {
    const block = blockOf(node);
    return block !== undefined ? getBlock(model.document.blocks, block)!.outputs.map((p) => p.name) : Object.keys(registry.get(node.type)!.outputs);
  };
  const sourceOf = (id: string, port: string): string => {
    const name = locals.get(id)!;
    const node = byId.get(id)!;
    return node.type === INPUT_TYPE || node.type === BLOCK_INPUT_TYPE || outputsOf(node).length === 1 ? name : `${name}[${py(port)}]`;
  };
  const modules: string[] = [];
  const body: string[] = [];
  for (const id of order) {
    const node = byId.get(id)!;
    const flatId = prefix + id;
    const shapes = validation.shapes.get(flatId);
    const from: Record<string, [string, string]> = {};
    for (const e of edges) if (e.target === id) from[e.targetHandle] = [e.source, e.sourceHandle];
    const v = locals.get(id)!;
    const key = moduleKey(id);
    if (key !== id) cx.renamed.set(id, key);
    const label = node.label ? `  # ${node.label.replace(/[\r\n]+/g, ' ')}` : '';
    if (node.type === INPUT_TYPE) {
      body.push(`${v} = feeds[${py(String(validation.params.get(flatId)!.field))}]  # Input "${id}": ${shapeComment(shapes?.outputs.out)}`);
      continue;
    }
    if (node.type === BLOCK_INPUT_TYPE || node.type === OUTPUT_TYPE || node.type === BLOCK_OUTPUT_TYPE) continue; // the scope's arguments and results
    // inside a block class the shapes differ from instance to instance: only the graph's own lines show them
    const outs = prefix ? '' : Object.entries(shapes?.outputs ?? {}).map(([p, sh]) => (outputsOf(node).length === 1 ? shapeComment(sh) : `${p} ${shapeComment(sh)}`)).join(', ');
    const block = blockOf(node);
    if (block !== undefined) {
      const def = getBlock(model.document.blocks, block)!;
      const inner = blockClass(block, def, flatId + BLOCK_SEP, cx);
      modules.push(`${py(key)}: ${cx.classNames.get(block)!}({${label}`, ...inner.map((m) => `    ${m}`), '}),');
      const callArgs = def.inputs.map((p) => (from[p.name] ? sourceOf(from[p.name]![0], from[p.name]![1]) : 'None'));
      body.push(`${v} = n[${py(key)}](${[...callArgs, `ctx=ctx.within(${py(id)})`].join(', ')})  # block ${block}${outs ? `: ${outs}` : ''}`);
      continue;
    }
    const def = registry.get(node.type)!;
    const params = validation.params.get(flatId)!;
    const binding = def.torch!;
    const variables: Record<string, number[]> = {};
    const owner = weightOwner(flatId, validation.ties); // a node of a tied instance: its twin's weights
    for (const [name, t] of model.variables) if (model.ownerOf(name) === owner) variables[name.slice(owner.length + 1)] = t.shape.slice();
    const args = binding.args({ nodeId: flatId, params: params as never, inputs: shapes?.inputs ?? {}, outputs: shapes?.outputs ?? {}, dataset: model.dataset, variables });
    modules.push(`${py(key)}: ${binding.className}(${Object.entries(args).map(([k, a]) => `${k}=${py(a)}`).join(', ')}),${label}`);
    const callArgs = Object.keys(def.inputs).map((p) => (from[p] ? sourceOf(from[p][0], from[p][1]) : 'None'));
    if (binding.context) callArgs.push(`ctx=ctx.at(${py(id)})`);
    body.push(`${v} = n[${py(key)}](${callArgs.join(', ')})  # ${def.type}${outs ? `: ${outs}` : ''}`);
  }
  return { modules, body, locals, sourceOf };
}

/**
 * One block instance's ModuleDict entries; on the definition's first
 * instance, also its class: the inner modules come from the caller (sized
 * for each instance), the forward is the definition's wiring.
 */
function blockClass(name: string, def: BlockDef, prefix: string, cx: CodeContext): string[] {
  if (!cx.classNames.has(name)) cx.classNames.set(name, className(name, cx.taken));
  const args = new Map<string, string>();
  const argNames = new Set<string>();
  for (const p of def.inputs) args.set(p.name, localName(p.name, argNames));
  const code = scopeCode(def.nodes, def.edges, prefix, cx, { inputs: args });
  if (!cx.classes.has(name)) {
    const result = (port: string) => { const e = def.edges.find((x) => x.target === port)!; return code.sourceOf(e.source, e.sourceHandle); };
    const returns = def.outputs.length === 1 ? result(def.outputs[0]!.name) : `{${def.outputs.map((p) => `${py(p.name)}: ${result(p.name)}`).join(', ')}}`;
    const doc = [def.description ?? '', `Inputs: ${def.inputs.map((p) => p.name).join(', ') || 'none'}. Outputs: ${def.outputs.map((p) => p.name).join(', ')}.`,
      ...(def.params?.length ? [`Exposed params: ${[...new Set(def.params.map((p) => p.name))].map((x) => `${x} (${def.params!.filter((p) => p.name === x).map((p) => `${p.node}.${p.param}`).join(', ')})`).join(', ')}.`] : []),
      'The inner modules are handed in, sized for each instance; auxiliary losses are filed under "instanceId/nodeId/name".'].filter(Boolean).join('\n\n');
    cx.classes.set(name, [
      `class ${cx.classNames.get(name)!}(nn.Module):`,
      `    """${wrap(pyDoc(doc), 84).split('\n').join('\n    ')}
    """`,
      '',
      '    def __init__(self, nodes):',
      '        super().__init__()',
      '        self.nodes = nn.ModuleDict(nodes)',
      '',
      `    def forward(self, ${[...args.values(), 'ctx'].join(', ')}):`,
      '        n = self.nodes',
      ...code.body.map((l) => `        ${l}`),
      `        return ${returns}`,
    ].join('\n'));
  }
  return code.modules;
}

/** A class name for a block: its own, unless nodes.py or model.py already define that name. */
function className(name: string, taken: Set<string>): string {
  let c = name;
  while (taken.has(c) || PY_KEYWORDS.has(c)) c = `${c}Block`;
  taken.add(c);
  return c;
}

/** Names model.py defines or imports itself: a block class must not take one. */
const MODEL_NAMES = ['GraphModel', 'LOSS', 'NODE_KEYS', 'INSTANCES', 'TIES', 'task_loss', 'accuracy', 'state_key', 'instance_key', 'instance_module', 'with_ties', 'load_weights', 'build_model', 'load_model', 're', 'torch', 'nn', 'read_arrays'];

const pyDoc = (text: string) => text.replace(/\\/g, '\\\\').replace(/"""/g, '\\"\\"\\"');

/** nodes.py and model.py for a compiled graph: one module per node, and one class per block definition it uses. */
export async function generateModelCode(compiled: Compiled, title: string): Promise<{ nodesPy: string; modelPy: string }> {
  const { model, validation } = compiled;
  const graph = model.document;
  const cx: CodeContext = { compiled, renamed: new Map(), classes: new Map(), classNames: new Map(), taken: new Set(MODEL_NAMES) };
  const types = new Set(model.graph.nodes.map((n) => n.type));
  const nodesPy = await nodesSource(types);
  for (const m of nodesPy.matchAll(/^(?:class|def) ([A-Za-z_][A-Za-z0-9_]*)|^([A-Za-z_][A-Za-z0-9_]*) =/gm)) cx.taken.add(m[1] ?? m[2]!);
  const top = scopeCode(graph.nodes, graph.edges, '', cx);
  const output = graph.nodes.find((n) => n.type === OUTPUT_TYPE)!;
  const into = graph.edges.find((e) => e.target === output.id);
  const fields = Object.entries(model.dataset.fields)
    .filter(([k]) => graph.nodes.some((n) => n.type === INPUT_TYPE && String(validation.params.get(n.id)?.field) === k))
    .map(([k, f]) => `${k} ${formatShape(['B', ...f.shape])} ${f.dtype}`).join(', ');
  const modelPy = fillTemplate(MODEL_TEMPLATE, {
    title,
    description: wrap(pyDoc(graph.description ?? ''), 78),
    loss: py(String(validation.params.get(output.id)!.loss)),
    node_keys: `{${[...cx.renamed].map(([id, key]) => `${py(id)}: ${py(key)}`).join(', ')}}`,
    instances: `{${[...validation.instances.keys()].map((id) => py(id)).join(', ')}}`,
    ties: `{${[...validation.ties].map(([id, twin]) => `${py(id)}: ${py(twin)}`).join(', ')}}`,
    blocks: [...cx.classes.values()].map((c) => `${c}\n\n\n`).join(''),
    modules: top.modules.join('\n'),
    fields,
    forward: top.body.join('\n'),
    prediction: into ? top.sourceOf(into.source, into.sourceHandle) : 'None',
  });
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
