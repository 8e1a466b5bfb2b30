/**
 * A lesson's graph edits: where a step starts (a preset or an inline graph) and
 * what its Show me does, as pure functions from graph to graph. The editor
 * applies the result as one undoable change; the solver and grader headlessly.
 */
import { graphError, type GraphError } from '../errors';
import type { Graph } from '../graph/format';
import { applyVariant, setParam } from '../graph/edit';
import type { Parsed } from '../graph/parse';
import { getPreset } from '../presets';
import type { GraphEditOp, GraphSource } from './format';

/** The graph a source names, its training steps shortened where the lesson says so. */
export function resolveSource(source: GraphSource): Parsed<Graph> {
  let graph: Graph | undefined = source.graph;
  if (source.preset !== undefined) {
    graph = getPreset(source.preset)?.graph;
    if (!graph) return { ok: false, errors: [graphError('BAD_LESSON', `no preset "${source.preset}"`)] };
  }
  if (!graph) return { ok: false, errors: [graphError('BAD_LESSON', 'the graph source names no graph')] };
  if (source.steps !== undefined) graph = withSteps(graph, source.steps);
  return source.edits ? applyEdits(graph, source.edits) : { ok: true, value: graph };
}

/** The graph trained for `steps` steps; training phases are scaled to fit, in proportion, the last taking the rest. */
export function withSteps(graph: Graph, steps: number): Graph {
  const phases = graph.training.phases;
  if (!phases?.length) return { ...graph, training: { ...graph.training, steps } };
  const natural = phases.reduce((a, p) => a + p.steps, 0);
  let used = 0;
  const scaled = phases.map((p, i) => {
    const n = i === phases.length - 1 ? Math.max(1, steps - used) : Math.max(1, Math.round((p.steps * steps) / natural));
    used += n;
    return { ...p, steps: n };
  });
  return { ...graph, training: { ...graph.training, steps: used, phases: scaled } };
}

/** A fresh edge id that no edge of the graph has. */
function edgeId(graph: Graph, base: string): string {
  const taken = new Set(graph.edges.map((e) => e.id));
  const clean = base.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 56);
  let id = clean, i = 2;
  while (taken.has(id)) id = `${clean}_${i++}`;
  return id;
}

function applyOne(graph: Graph, op: GraphEditOp): Graph | GraphError {
  const has = (id: string) => graph.nodes.some((n) => n.id === id);
  switch (op.op) {
    case 'addNode':
      if (has(op.id)) return graphError('BAD_LESSON', `a node "${op.id}" already exists`, { nodeId: op.id });
      return { ...graph, nodes: [...graph.nodes, { id: op.id, type: op.type, ...(op.params ? { params: op.params } : {}), ...(op.position ? { position: op.position } : {}) }] };
    case 'removeNode':
      if (!has(op.id)) return graphError('BAD_LESSON', `there is no node "${op.id}" to remove`, { nodeId: op.id });
      return { ...graph, nodes: graph.nodes.filter((n) => n.id !== op.id), edges: graph.edges.filter((e) => e.source !== op.id && e.target !== op.id) };
    case 'connect': {
      for (const id of [op.from.node, op.to.node]) if (!has(id)) return graphError('BAD_LESSON', `there is no node "${id}" to connect`, { nodeId: id });
      // an input port takes one edge: connecting replaces what fed it
      const kept = graph.edges.filter((e) => !(e.target === op.to.node && e.targetHandle === op.to.port));
      const id = edgeId({ ...graph, edges: kept }, `e_${op.from.node}_${op.to.node}_${op.to.port}`);
      return { ...graph, edges: [...kept, { id, source: op.from.node, sourceHandle: op.from.port, target: op.to.node, targetHandle: op.to.port }] };
    }
    case 'disconnect':
      return { ...graph, edges: graph.edges.filter((e) => !(e.target === op.to.node && e.targetHandle === op.to.port)) };
    case 'setParam':
      if (!has(op.node)) return graphError('BAD_LESSON', `there is no node "${op.node}"`, { nodeId: op.node });
      return setParam(graph, op.node, op.param, op.value);
    case 'variant':
      if (!graph.variants?.some((v) => v.name === op.name)) return graphError('BAD_LESSON', `the graph has no variant "${op.name}"`);
      return applyVariant(graph, op.name);
    case 'setSteps':
      return withSteps(graph, op.steps);
  }
}

/** The graph after every edit, or the first edit that cannot be made (with its index). */
export function applyEdits(graph: Graph, edits: readonly GraphEditOp[]): Parsed<Graph> {
  let g = graph;
  for (const [i, op] of edits.entries()) {
    const r = applyOne(g, op);
    if ('code' in r) return { ok: false, errors: [{ ...r, path: `edits[${i}]` }] };
    g = r;
  }
  return { ok: true, value: g };
}

/** The graph after a Show me: its `load`, then its edits. */
export function applyShowGraph(graph: Graph, show: { load?: GraphSource | undefined; edits?: readonly GraphEditOp[] | undefined }): Parsed<Graph> {
  let g = graph;
  if (show.load) {
    const r = resolveSource(show.load);
    if (!r.ok) return r;
    g = r.value;
  }
  return show.edits ? applyEdits(g, show.edits) : { ok: true, value: g };
}
