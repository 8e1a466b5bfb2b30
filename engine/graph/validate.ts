/**
 * Whole-graph validation: every problem, each located by node, edge or port,
 * then shape inference over the part of the graph that is sound.
 */
import { graphError, nodeFailure, type GraphError } from '../errors';
import type { Registry } from '../registry/registry';
import type { DatasetInfo, NodeDef } from '../registry/defineNode';
import { isFailure } from '../registry/defineNode';
import { checkParam, withDefaults, type ParamValue } from '../registry/params';
import { formatShape, rankFits, type TensorInfo } from '../registry/ports';
import { phaseStepsTotal, type Graph, type GraphNode } from './format';
import { topoSort } from './topo';
import { inferDatasetInfo, resolveDataset } from '../shapes/dataset-info';
import { badShape } from '../shapes/dims';
import type { ParamSpec } from '../registry/params';
import { checkBlocks } from './blocks/check';
import { paramOf } from './blocks/defs';
import { expandBlocks } from './blocks/expand';
import { instanceShapes, locateError } from './blocks/locate';

export interface NodeShapes {
  inputs: Record<string, TensorInfo>;
  outputs: Record<string, TensorInfo>;
}

export interface Validation {
  errors: GraphError[];
  /** Inferred shapes per node id, for the nodes inference reached. */
  shapes: Map<string, NodeShapes>;
  /** Node ids in execution order (cyclic nodes left out). */
  order: string[];
  dataset?: DatasetInfo;
  /** Params with defaults filled in, per node id. */
  params: Map<string, Record<string, ParamValue>>;
  /**
   * The graph as it runs, block instances inlined (engine/graph/blocks/expand.ts):
   * shapes, order and params above are keyed by its node ids (`glu1/s`), and
   * `shapes` also holds each instance's shapes at its ports.
   */
  flat: Graph;
  /** Flat id of every block instance → its definition's name. */
  instances: Map<string, string>;
  /** Flat id of every tied instance → the flat id of the instance whose weights it uses. */
  ties: Map<string, string>;
}

export function checkNodeParams(node: GraphNode, def: NodeDef, errors: GraphError[]): Record<string, ParamValue> {
  const given: Record<string, ParamValue> = Object.create(null);
  for (const [k, v] of Object.entries(node.params ?? {})) {
    const spec = Object.hasOwn(def.params, k) ? def.params[k] : undefined;
    if (!spec) {
      const known = Object.keys(def.params);
      errors.push(graphError('UNKNOWN_PARAM', `${def.type} has no param "${k}"${known.length ? ` (it has ${known.join(', ')})` : ''}`, { nodeId: node.id }));
      continue;
    }
    const why = checkParam(spec, v);
    if (why) errors.push(graphError('BAD_PARAM', `param "${k}" ${why}`, { nodeId: node.id }));
    else given[k] = v;
  }
  return withDefaults(def.params, given);
}

/** Every problem of the graph and its blocks, each located; then the shapes of the part that is sound. */
export function validateGraph(graph: Graph, registry: Registry): Validation {
  const expanded = expandBlocks(graph, registry);
  const paramSpec = (nodeId: string, param: string): ParamSpec | undefined => {
    const node = graph.nodes.find((n) => n.id === nodeId);
    return node && paramOf(graph.blocks, registry, node, param);
  };
  const flat = expanded.tooLarge ? { errors: [], shapes: new Map(), order: [], params: new Map() } : validateFlat(expanded.graph, registry, paramSpec);
  const { instances, ties } = expanded;
  const errors = [...checkBlocks(graph, registry), ...expanded.errors, ...flat.errors].map((e) => locateError(e, instances, graph.blocks));
  instanceShapes(flat, instances, graph.blocks);
  return { ...flat, errors, flat: expanded.graph, instances, ties };
}

type ParamSpecOf = (nodeId: string, param: string) => ParamSpec | undefined;

function validateFlat(graph: Graph, registry: Registry, paramSpec: ParamSpecOf): Omit<Validation, 'flat' | 'instances' | 'ties'> {
  const errors: GraphError[] = [];
  const shapes = new Map<string, NodeShapes>();
  const params = new Map<string, Record<string, ParamValue>>();
  const defs = new Map<string, NodeDef>();

  const seen = new Set<string>();
  for (const n of graph.nodes) {
    if (seen.has(n.id)) errors.push(graphError('DUPLICATE_ID', `two nodes have the id "${n.id}"`, { nodeId: n.id }));
    seen.add(n.id);
    const def = registry.get(n.type);
    if (!def) { errors.push(graphError('UNKNOWN_NODE_TYPE', `there is no node type "${n.type.slice(0, 64)}"`, { nodeId: n.id })); continue; }
    defs.set(n.id, def);
    params.set(n.id, checkNodeParams(n, def, errors));
  }
  const edgeIds = new Set<string>();
  const incoming = new Map<string, string>(); // "node:port" -> edge id
  const liveEdges: Graph['edges'] = [];
  for (const e of graph.edges) {
    if (edgeIds.has(e.id)) errors.push(graphError('DUPLICATE_ID', `two edges have the id "${e.id}"`, { edgeId: e.id }));
    edgeIds.add(e.id);
    let ok = true;
    for (const [end, id] of [['source', e.source], ['target', e.target]] as const) {
      if (!seen.has(id)) { errors.push(graphError('DANGLING_EDGE', `the edge's ${end} "${id}" is not a node in this graph`, { edgeId: e.id })); ok = false; }
    }
    const sdef = defs.get(e.source), tdef = defs.get(e.target);
    if (sdef && !Object.hasOwn(sdef.outputs, e.sourceHandle)) {
      errors.push(graphError('UNKNOWN_PORT', `${sdef.type} "${e.source}" has no output "${e.sourceHandle}" (outputs: ${Object.keys(sdef.outputs).join(', ') || 'none'})`, { edgeId: e.id, nodeId: e.source }));
      ok = false;
    }
    if (tdef && !Object.hasOwn(tdef.inputs, e.targetHandle)) {
      errors.push(graphError('UNKNOWN_PORT', `${tdef.type} "${e.target}" has no input "${e.targetHandle}" (inputs: ${Object.keys(tdef.inputs).join(', ') || 'none'})`, { edgeId: e.id, nodeId: e.target }));
      ok = false;
    }
    const key = `${e.target}:${e.targetHandle}`;
    if (ok && incoming.has(key)) {
      errors.push(graphError('PORT_TAKEN', `input "${e.targetHandle}" of "${e.target}" already has an edge ("${incoming.get(key)}"); an input takes one`, { edgeId: e.id, nodeId: e.target, port: e.targetHandle }));
      ok = false;
    }
    if (ok) { incoming.set(key, e.id); liveEdges.push(e); }
  }
  for (const n of graph.nodes) {
    const def = defs.get(n.id);
    if (!def) continue;
    for (const [name, spec] of Object.entries(def.inputs)) {
      if (!spec.optional && !incoming.has(`${n.id}:${name}`)) {
        errors.push(graphError('MISSING_INPUT', `${def.type} "${n.id}" needs its input "${name}" connected`, { nodeId: n.id, port: name }));
      }
    }
  }
  const inputs = graph.nodes.filter((n) => n.type === 'Input');
  const outputs = graph.nodes.filter((n) => n.type === 'Output');
  if (inputs.length === 0) errors.push(graphError('NO_INPUT', 'the graph needs an Input node where the data comes in'));
  if (outputs.length !== 1) {
    errors.push(graphError('NO_OUTPUT', outputs.length === 0 ? 'the graph needs an Output node where predictions meet the labels' : `the graph has ${outputs.length} Output nodes; it needs exactly one`, outputs[1] ? { nodeId: outputs[1].id } : {}));
  }

  const nodeIds = [...seen];
  const { order, cyclic } = topoSort(nodeIds, liveEdges);
  for (const id of cyclic) errors.push(graphError('CYCLE', `"${id}" is on a cycle: data would flow back into itself`, { nodeId: id }));

  validateSteps(graph, errors);
  const ds = resolveDataset(graph.training.dataset);
  if ('errors' in ds) { errors.push(...ds.errors); return { errors, shapes, order, params }; }
  const dataset = inferDatasetInfo(ds.spec, ds.params);
  inferShapes(liveEdges, order, defs, params, dataset, shapes, errors);
  validateVariants(graph, paramSpec, errors);
  return { errors, shapes, order, dataset, params };
}

function inferShapes(
  edges: Graph['edges'], order: string[], defs: Map<string, NodeDef>,
  params: Map<string, Record<string, ParamValue>>, dataset: DatasetInfo,
  shapes: Map<string, NodeShapes>, errors: GraphError[],
): void {
  const into = new Map<string, Graph['edges']>();
  for (const e of edges) into.set(e.target, [...(into.get(e.target) ?? []), e]);
  const failed = new Set<string>();
  for (const id of order) {
    const def = defs.get(id);
    if (!def) { failed.add(id); continue; }
    const ins: Record<string, TensorInfo> = Object.create(null);
    let blocked = false;
    for (const e of into.get(id) ?? []) {
      const src = shapes.get(e.source)?.outputs[e.sourceHandle];
      if (!src) { blocked = true; continue; }
      const spec = def.inputs[e.targetHandle]!;
      const srcDef = defs.get(e.source)!;
      if (spec.dtype !== 'any' && spec.dtype !== src.dtype) {
        errors.push(graphError('SHAPE_MISMATCH', `${def.type} "${id}" expects ${spec.dtype === 'int32' ? 'token ids' : 'float values'} at "${e.targetHandle}"; ${srcDef.type} "${e.source}" gives ${src.dtype === 'int32' ? 'token ids' : 'floats'} ${formatShape(src.shape)}`, { edgeId: e.id, nodeId: id, port: e.targetHandle }));
        blocked = true;
      } else if (!rankFits(spec.pattern, src.shape)) {
        errors.push(graphError('SHAPE_MISMATCH', `${def.type} expects ${formatShape(spec.pattern)}; ${srcDef.type} "${e.source}" gives ${formatShape(src.shape)}`, { edgeId: e.id, nodeId: id, port: e.targetHandle }));
        blocked = true;
      } else ins[e.targetHandle] = src;
    }
    if (blocked || (into.get(id) ?? []).some((e) => failed.has(e.source))) { failed.add(id); continue; }
    let r: ReturnType<NodeDef['infer']>;
    try {
      r = def.infer(ins as never, params.get(id) as never, { nodeId: id, dataset });
    } catch (e) {
      errors.push(...nodeFailure(e, def.type, id, 'while its shapes were worked out').errors);
      failed.add(id);
      continue;
    }
    if (isFailure(r)) {
      const edge = r.port ? (into.get(id) ?? []).find((e) => e.targetHandle === r.port) : undefined;
      errors.push(graphError('SHAPE_MISMATCH', r.error, { nodeId: id, ...(r.port ? { port: r.port } : {}), ...(edge ? { edgeId: edge.id } : {}) }));
      failed.add(id);
      continue;
    }
    const outs = r as Record<string, TensorInfo>;
    const bad = Object.entries(outs).map(([name, t]) => [name, badShape(t.shape), t] as const).find(([, why]) => why);
    if (bad) {
      const [name, why, t] = bad;
      errors.push(graphError('SHAPE_MISMATCH', `${def.type} "${id}" would give its output "${name}" the shape ${formatShape(t.shape)}: ${why}; check the shapes of its inputs`, { nodeId: id, port: name }));
      failed.add(id);
      continue;
    }
    // weights are sized only once every required input is there (a missing one is reported already)
    const complete = Object.entries(def.inputs).every(([name, spec]) => spec.optional || ins[name]);
    const weights = def.build && complete ? weightProblem(def, id, ins, params.get(id)!, dataset) : null;
    if (weights) {
      errors.push(weights);
      failed.add(id);
      continue;
    }
    shapes.set(id, { inputs: ins, outputs: outs });
  }
}

/** With phases, the run is their steps one after another: a different `steps` would be announced but not trained. */
function validateSteps(graph: Graph, errors: GraphError[]): void {
  const { steps, phases = [] } = graph.training;
  const sum = phaseStepsTotal(graph.training);
  if (sum === undefined || sum === steps) return;
  const parts = phases.map((p) => `"${p.name}" ${p.steps}`).join(' + ');
  errors.push(graphError('BAD_TRAINING', `training.steps is ${steps}, but the phases add up to ${sum} steps (${parts}); a run with phases trains exactly their steps, so set steps to ${sum} or change the phases`, { path: 'training.steps' }));
}

/**
 * Runs a node's `build` against a variable maker that only looks at shapes: a
 * weight whose size is not a positive whole number (a [B] input where features
 * belong) is refused here, by node, instead of failing in compile.
 */
function weightProblem(def: NodeDef, id: string, inputs: Record<string, TensorInfo>, params: Record<string, ParamValue>, dataset: DatasetInfo): GraphError | null {
  let bad: string | undefined;
  const dummy = {} as never;
  const v = {
    make: (name: string, shape: number[]) => {
      // a weight has no batch axis: every size a positive whole number
      if (bad === undefined && !shape.every((d) => Number.isInteger(d) && d > 0)) bad = `${def.type} "${id}" would make its weight "${name}" with the shape ${formatShape(shape)}, which has a size that is not a positive whole number; check the shapes of its inputs`;
      return dummy;
    },
    scalar: () => dummy,
  };
  try {
    def.build!({ params: params as never, inputs: inputs as never, v, dataset });
  } catch (e) {
    return nodeFailure(e, def.type, id, 'while its weights were sized').errors[0]!;
  }
  return bad === undefined ? null : graphError('SHAPE_MISMATCH', bad, { nodeId: id });
}

/** Variants set params of the graph's own nodes; on a block instance, the params it exposes. */
function validateVariants(graph: Graph, paramSpec: ParamSpecOf, errors: GraphError[]): void {
  for (const variant of graph.variants ?? []) {
    for (const [key, value] of Object.entries(variant.set)) {
      const [nodeId = '', param = ''] = key.split('.');
      const spec = paramSpec(nodeId, param);
      if (!spec) { errors.push(graphError('BAD_VARIANT', `variant "${variant.name}" sets "${key}", which names no node param`, { path: `variants.${variant.name}` })); continue; }
      const why = checkParam(spec, value);
      if (why) errors.push(graphError('BAD_VARIANT', `variant "${variant.name}": "${key}" ${why}`, { nodeId }));
    }
  }
  const h = graph.headline;
  if (!h) return;
  const names = (graph.variants ?? []).map((v) => v.name);
  for (const side of [h.a, h.b]) {
    if (!names.includes(side)) errors.push(graphError('BAD_VARIANT', `the headline compares "${side}", which is not one of the variants (${names.map((n) => `"${n}"`).join(', ') || 'none'})`, { path: 'headline' }));
  }
  if (h.a === h.b) errors.push(graphError('BAD_VARIANT', `the headline compares "${h.a}" with itself; name two different variants`, { path: 'headline' }));
}
