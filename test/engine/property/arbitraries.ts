/**
 * fast-check generators: random graphs built from the registry, and random
 * mutations of presets. Both draw plain numbers ("plans") and build the graph
 * from them, so a failing case shrinks to a small plan and prints as one.
 */
import fc from 'fast-check';
import { DATASETS, registry, type NodeDef, type ParamSpec, type ParamValue } from '../../../engine';
import { inferDatasetInfo, resolveDataset } from '../../../engine/shapes/dataset-info';

type Json = Record<string, any>;
const OMIT = Symbol('omit');

const pick = <T>(xs: readonly T[], i: number): T => xs[Math.abs(i) % xs.length]!;
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

/** A value within range, at an extreme, or (rarely) wrong: `code` chooses which. */
export function paramValue(spec: ParamSpec, code: number, r: number, extremes = false, wild = true): ParamValue | typeof OMIT {
  const k = extremes ? 6 + (code % 10) : code % (wild ? 16 : 15);
  if (k < 6) return OMIT;
  if (k === 15) { // invalid on purpose
    if (spec.kind === 'number') return pick([(spec.max ?? 1e9) + 1, (spec.min ?? -1e9) - 1, spec.integer ? 0.5 : 'many', 'x'], r);
    if (spec.kind === 'choice') return pick(['nope', 3, true], r);
    return pick([1, 'yes'], r);
  }
  switch (spec.kind) {
    case 'number': {
      const lo = spec.min ?? Math.min(spec.default, 0) - 10, hi = spec.max ?? Math.max(spec.default, 1) * 10;
      if (k === 6 || k === 10) return lo;
      if (k === 7 || k === 11) return hi;
      if (k === 9) return spec.default;
      const v = lo + ((r % 1001) / 1000) * (hi - lo);
      return spec.integer ? Math.round(v) : v;
    }
    case 'choice':
      return k === 9 ? spec.default : pick(spec.options, r + k);
    case 'boolean':
      return k === 9 ? spec.default : (r + k) % 2 === 0;
  }
}

function paramsFor(def: NodeDef, codes: readonly [number, number][], extremes = false, wild = true): Json | undefined {
  const out: Json = {};
  Object.entries(def.params).forEach(([name, spec], i) => {
    const [code, r] = codes[i] ?? [0, 0];
    const v = paramValue(spec, code, r, extremes, wild);
    if (v !== OMIT) out[name] = v;
  });
  return Object.keys(out).length ? out : undefined;
}

/** The `training.dataset` block for a dataset: defaults, with few samples so generating stays quick. */
export function datasetRef(i: number): Json {
  const spec = pick(DATASETS, i);
  const samples = spec.params.samples;
  const ref: Json = { name: spec.name };
  if (samples && samples.kind === 'number') ref.samples = Math.max(samples.min ?? 0, 96);
  return ref;
}

const nat = (max = 1 << 20) => fc.nat({ max });
const codes = fc.array(fc.tuple(nat(), nat()), { maxLength: 8 });

export const graphPlan = fc.record({
  /** Wild plans also leave ports open, set invalid params and add stray edges; tame ones aim to compile. */
  wild: fc.boolean(),
  dataset: nat(),
  input: fc.oneof({ weight: 9, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
  output: fc.oneof({ weight: 9, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
  outputParams: codes,
  nodes: fc.array(fc.record({ type: nat(), params: codes, wires: fc.array(nat(), { maxLength: 4 }) }), { maxLength: 7 }),
  stray: fc.array(fc.tuple(nat(), nat(), nat(), nat()), { maxLength: 2 }),
  optimizer: nat(),
  seed: fc.nat(),
});
export type GraphPlan = typeof graphPlan extends fc.Arbitrary<infer T> ? T : never;

/**
 * A graph from a plan: Input, then random registry nodes each wired mostly from
 * the node before (so chains that fit are common), then Output. Tame plans put
 * an Embedding after token inputs and a ClassifierHead before Output; wild ones
 * leave ports open and add stray edges (cycles, taken ports, wrong ports).
 */
export function buildGraph(plan: GraphPlan): Json {
  const defs = registry.list().filter((d) => plan.wild || (d.type !== 'Input' && d.type !== 'Output'));
  const nodes: { id: string; def: NodeDef; params?: Json | undefined }[] = [];
  const edges: Json[] = [];
  const input = registry.get('Input')!, output = registry.get('Output')!;
  const dataset = datasetRef(plan.dataset);
  const resolved = resolveDataset(dataset);
  const info = 'spec' in resolved ? inferDatasetInfo(resolved.spec, resolved.params) : undefined;
  const tokens = info?.fields.x?.dtype === 'int32';
  if (plan.input) nodes.push({ id: 'x', def: input });
  if (!plan.wild && tokens) nodes.push({ id: 'emb', def: registry.get('Embedding')!, params: { dim: 8 } });
  // tame plans keep chains short: the longer a random chain, the less likely its shapes fit
  (plan.wild ? plan.nodes : plan.nodes.slice(0, 3)).forEach((p, i) => {
    const def = pick(defs, p.type);
    nodes.push({ id: `n${i}`, def, params: paramsFor(def, p.params, false, plan.wild) });
  });
  if (!plan.wild) nodes.push({ id: 'head', def: registry.get('ClassifierHead')! });
  const outParams = plan.wild ? paramsFor(output, plan.outputParams) : info?.task === 'regression' ? { loss: 'mse' } : undefined;
  const out = plan.output ? { id: 'y', def: output, params: outParams } : undefined;
  if (out) nodes.push(out);

  const withOutputs = (upTo: number) => nodes.slice(0, upTo).filter((n) => Object.keys(n.def.outputs).length);
  const offset = nodes.findIndex((n) => n.id === 'n0');
  nodes.forEach((n, i) => {
    const wires = plan.nodes[i - offset]?.wires ?? [];
    Object.keys(n.def.inputs).forEach((port, j) => {
      const w = wires[j] ?? j;
      if (plan.wild && w % 10 === 9) return; // left unconnected
      const earlier = withOutputs(i);
      if (!earlier.length) return;
      const src = w % 3 !== 2 ? earlier[earlier.length - 1]! : pick(earlier, w >> 2);
      edges.push({ id: `e${edges.length}`, source: src.id, sourceHandle: pick(Object.keys(src.def.outputs), w >> 4), target: n.id, targetHandle: port });
    });
  });
  for (const [s, sp, t, tp] of plan.wild ? plan.stray : []) {
    if (!nodes.length) break;
    const src = pick(nodes, s), dst = pick(nodes, t);
    edges.push({
      id: `s${edges.length}`, source: src.id, sourceHandle: pick([...Object.keys(src.def.outputs), 'out', 'nope'], sp),
      target: dst.id, targetHandle: pick([...Object.keys(dst.def.inputs), 'in', 'nope'], tp),
    });
  }
  return {
    format: 'gatelab/graph', version: 1, name: 'random',
    nodes: nodes.map((n) => ({ id: n.id, type: n.def.type, ...(n.params ? { params: n.params } : {}) })),
    edges,
    training: {
      dataset,
      optimizer: { name: pick(['adam', 'adamw', 'sgd'] as const, plan.optimizer), learningRate: pick([0.01, 0.001, 0.1, 10], plan.optimizer >> 2) },
      batchSize: 8, steps: 1, seed: plan.seed,
    },
  };
}

export const MUTATIONS = [
  'rewire-source', 'rewire-target', 'param-extreme', 'param-any', 'delete-node', 'delete-node-and-edges',
  'delete-edge', 'insert-node', 'dataset', 'duplicate-id', 'training-extreme',
] as const;

export const mutationPlan = fc.array(
  fc.record({ kind: fc.constantFrom(...MUTATIONS), a: nat(), b: nat(), c: nat(), d: nat() }),
  { minLength: 1, maxLength: 4 },
);
export type Mutation = typeof mutationPlan extends fc.Arbitrary<(infer T)[]> ? T : never;

/** Applies mutations to a copy of a graph; each one may well break it, which is the point. */
export function mutate(graph: unknown, muts: readonly Mutation[]): Json {
  const g = clone(graph) as Json;
  const nodes = g.nodes as Json[], edges = g.edges as Json[];
  const defOf = (n: Json | undefined) => (n ? registry.get(String(n.type)) : undefined);
  muts.forEach((m, i) => {
    switch (m.kind) {
      case 'rewire-source': case 'rewire-target': {
        if (!edges.length || !nodes.length) return;
        const e = pick(edges, m.a), n = pick(nodes, m.b), def = defOf(n);
        const ports = def ? Object.keys(m.kind === 'rewire-source' ? def.outputs : def.inputs) : [];
        if (m.kind === 'rewire-source') { e.source = n.id; e.sourceHandle = ports.length ? pick(ports, m.c) : 'out'; }
        else { e.target = n.id; e.targetHandle = ports.length ? pick(ports, m.c) : 'in'; }
        return;
      }
      case 'param-extreme': case 'param-any': {
        if (!nodes.length) return;
        const n = pick(nodes, m.a), def = defOf(n);
        if (!def) return;
        const specs = Object.entries(def.params);
        if (!specs.length) { n.params = { ...n.params, bogus: m.c }; return; }
        const [name, spec] = pick(specs, m.b);
        const v = paramValue(spec, m.c, m.d, m.kind === 'param-extreme');
        n.params = { ...n.params };
        if (v === OMIT) delete n.params[name]; else n.params[name] = v;
        return;
      }
      case 'delete-node': case 'delete-node-and-edges': {
        if (!nodes.length) return;
        const [gone] = nodes.splice(Math.abs(m.a) % nodes.length, 1);
        if (m.kind === 'delete-node-and-edges') g.edges = (g.edges as Json[]).filter((e) => e.source !== gone!.id && e.target !== gone!.id);
        return;
      }
      case 'delete-edge':
        if (edges.length) edges.splice(Math.abs(m.a) % edges.length, 1);
        return;
      case 'insert-node': { // splice a random node type into a random edge
        const def = pick(registry.list(), m.a);
        const id = `m${i}`;
        const params = paramsFor(def, [[m.c, m.d], [m.d, m.c]]);
        nodes.push({ id, type: def.type, ...(params ? { params } : {}) });
        const e = edges.length ? pick(edges, m.b) : undefined;
        const ins = Object.keys(def.inputs), outs = Object.keys(def.outputs);
        if (!e) return;
        ins.forEach((port, j) => {
          const src = j === 0 ? { id: e.source, port: e.sourceHandle } : { id: pick(nodes, m.c + j).id, port: 'out' };
          edges.push({ id: `me${i}_${j}`, source: src.id, sourceHandle: src.port, target: id, targetHandle: port });
        });
        if (outs.length) { e.source = id; e.sourceHandle = outs[0]; }
        return;
      }
      case 'dataset':
        g.training.dataset = datasetRef(m.a);
        return;
      case 'duplicate-id':
        if (nodes.length > 1) pick(nodes, m.a).id = pick(nodes, m.b).id;
        return;
      case 'training-extreme': {
        const t = g.training;
        const k = m.a % 7;
        if (k === 0) t.optimizer = { name: 'sgd', learningRate: 10, momentum: 0.9999 };
        else if (k === 1) t.optimizer = { ...t.optimizer, learningRate: 1e-12 };
        else if (k === 2) t.batchSize = pick([1, 4096], m.b);
        else if (k === 3) t.clipNorm = pick([1e-9, 1e6], m.b);
        else if (k === 4) t.seed = pick([0, 2 ** 32 - 1], m.b);
        else if (k === 5) t.warmupSteps = pick([0, 1_000_000], m.b);
        else { t.phases = [{ name: 'p', steps: 1, train: [pick(nodes, m.b)?.id ?? 'x'] }]; t.steps = 1; }
        return;
      }
    }
  });
  return g;
}
