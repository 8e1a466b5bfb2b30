/**
 * Detach: one instance back into plain nodes, where it stood. Its exposed
 * params are written into the inner nodes, the port nodes disappear and the
 * edges through them join up; blocks nested inside stay blocks. The
 * definition stays too (other instances, the library may use it).
 */
import type { Graph, GraphEdge, GraphNode } from '../format';
import { BLOCK_INPUT_TYPE, BLOCK_OUTPUT_TYPE } from '../../nodes/block-ports';
import { allIds, claimId } from '../ids';
import { blockOf, getBlock } from './defs';
import { readScope, refuse, writeScope, type BlockEdit } from './scope';

export function detachBlock(graph: Graph, instanceId: string, scope?: string): BlockEdit {
  const s = readScope(graph, scope);
  const inst = s?.nodes.find((n) => n.id === instanceId);
  const name = inst && blockOf(inst);
  if (!s || !inst || name === undefined) return refuse(`there is no block "${instanceId}" to detach`);
  const def = getBlock(graph.blocks, name);
  if (!def) return refuse(`"${instanceId}" uses the block "${name}", which this graph does not define`, { nodeId: instanceId });

  const isPort = (id: string) => def.nodes.some((n) => n.id === id && (n.type === BLOCK_INPUT_TYPE || n.type === BLOCK_OUTPUT_TYPE));
  const inner = def.nodes.filter((n) => !isPort(n.id));
  const others = s.nodes.filter((n) => n.id !== instanceId);
  const taken = allIds({ nodes: others, edges: s.edges });
  const rename = new Map<string, string>();
  for (const n of inner) rename.set(n.id, claimId(n.id, taken));

  const center = (ns: readonly GraphNode[]) => ({ x: avg(ns.map((n) => n.position?.x ?? 0)), y: avg(ns.map((n) => n.position?.y ?? 0)) });
  const from = center(inner), to = inst.position ?? { x: 0, y: 0 };
  const values = new Map((def.params ?? []).map((p) => [p.name, inst.params?.[p.name] ?? p.default]));
  const placed: GraphNode[] = inner.map((n) => {
    const set = (def.params ?? []).filter((p) => p.node === n.id);
    const params = set.length ? { ...n.params, ...Object.fromEntries(set.map((p) => [p.param, values.get(p.name)!])) } : n.params;
    const p = n.position ?? { x: 0, y: 0 };
    return { ...n, id: rename.get(n.id)!, ...(params ? { params } : {}), position: { x: Math.round(p.x - from.x + to.x), y: Math.round(p.y - from.y + to.y) } };
  });

  // where each port leads: an input port to the outside output feeding it; an output port to the inner output feeding it
  const feeding = (port: string) => s.edges.find((e) => e.target === instanceId && e.targetHandle === port);
  const end = (id: string, handle: string): { node: string; handle: string } | undefined => {
    if (!isPort(id)) return { node: rename.get(id)!, handle };
    const e = feeding(id);
    return e && { node: e.source, handle: e.sourceHandle };
  };
  const edges: GraphEdge[] = s.edges.filter((e) => e.target !== instanceId && e.source !== instanceId);
  const edgeId = (stem: string) => claimId(stem, taken);
  for (const e of def.edges) {
    if (def.outputs.some((p) => p.name === e.target)) continue; // joined below, from the outside edges they feed
    const src = end(e.source, e.sourceHandle);
    if (src) edges.push({ id: edgeId(e.id), source: src.node, sourceHandle: src.handle, target: rename.get(e.target)!, targetHandle: e.targetHandle });
  }
  for (const e of s.edges) {
    if (e.source !== instanceId) continue;
    const into = def.edges.find((d) => d.target === e.sourceHandle);
    const src = into && end(into.source, into.sourceHandle);
    if (src) edges.push({ ...e, source: src.node, sourceHandle: src.handle });
  }
  let g = writeScope(graph, scope, { nodes: [...others, ...placed], edges });
  if (scope === undefined) g = retarget(g, instanceId, def.params ?? [], rename);
  return { ok: true, graph: g, id: placed[0]?.id ?? instanceId, ids: placed.map((n) => n.id) };
}

/** Variants that set the instance's exposed params now set the inner node's param; phases that named the instance name its nodes; the headline's statistic follows its node. */
function retarget(graph: Graph, instanceId: string, exposed: NonNullable<NonNullable<Graph['blocks']>[string]['params']>, rename: ReadonlyMap<string, string>): Graph {
  const variants = graph.variants?.map((v) => ({
    ...v,
    set: Object.fromEntries(Object.entries(v.set).map(([k, val]) => {
      const p = k.startsWith(`${instanceId}.`) ? exposed.find((x) => x.name === k.slice(instanceId.length + 1)) : undefined;
      return [p ? `${rename.get(p.node) ?? p.node}.${p.param}` : k, val];
    })),
  }));
  const names = (ids: string[] | undefined) => ids?.flatMap((id) => (id === instanceId ? [...rename.values()] : [id]));
  const phases = graph.training.phases?.map((p) => ({ ...p, ...(p.train ? { train: names(p.train)! } : {}), ...(p.freeze ? { freeze: names(p.freeze)! } : {}) }));
  const metric = graph.headline?.metric;
  const inner = metric?.startsWith(`${instanceId}/`) ? metric.slice(instanceId.length + 1) : undefined;
  const dot = inner?.indexOf('.') ?? -1;
  const headline = inner && dot > 0 && rename.has(inner.slice(0, dot)) ? { ...graph.headline!, metric: `${rename.get(inner.slice(0, dot))}${inner.slice(dot)}` } : graph.headline;
  return { ...graph, ...(variants ? { variants } : {}), ...(headline ? { headline } : {}), training: { ...graph.training, ...(phases ? { phases } : {}) } };
}

const avg = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
