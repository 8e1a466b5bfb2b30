/**
 * Fuzz cases, each a pure function of (seed, index) so a watchdog can restart
 * the run after any case: presets mutated, graphs grown node by node from the
 * registry where shape inference agrees, damaged files, large graphs, and
 * damaged model files and share links.
 */
import {
  DATASETS, PRESETS, registry, type Graph, type NodeDef, type TensorInfo, createRng, type Rng, withDefaults,
  type ParamSpec, type ParamValue, rankFits, inferDatasetInfo, resolveDataset, isFailure,
} from '../../../engine';

type Json = Record<string, any>;

export type GraphCase =
  | { kind: 'mutated-preset' | 'random-graph' | 'large-graph'; value: Json }
  | { kind: 'damaged-file'; text: string };

const pick = <T>(xs: readonly T[], rng: Rng): T => xs[rng.int(xs.length)]!;
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;
const INNER = registry.list().filter((d) => d.type !== 'Input' && d.type !== 'Output');

/** The graph case number `i` of a run seeded `seed`. */
export function graphCase(seed: number, i: number): GraphCase {
  const rng = createRng(`${seed}:graph:${i}`);
  const k = i % 20;
  if (k === 19) return { kind: 'large-graph', value: largeGraph(rng) };
  if (k >= 15) return { kind: 'damaged-file', text: damage(JSON.stringify(pick(PRESETS, rng).graph), rng) };
  if (k >= 7) return { kind: 'random-graph', value: randomGraph(rng) };
  return { kind: 'mutated-preset', value: mutatePreset(rng) };
}

/** A param value: the default most often, else anywhere in range with small values likelier, sometimes out of range. */
function paramValue(spec: ParamSpec, rng: Rng, wild: boolean): ParamValue {
  const r = rng.next();
  if (r < 0.5) return spec.default;
  if (spec.kind === 'choice') return wild && r > 0.97 ? 'nope' : pick(spec.options, rng);
  if (spec.kind === 'boolean') return rng.next() < 0.5;
  const lo = spec.min ?? Math.min(spec.default, 0) - 10, hi = spec.max ?? Math.max(spec.default, 1) * 10;
  if (wild && r > 0.97) return pick([hi + 1, lo - 1, spec.integer ? 0.5 : lo], rng);
  if (r > 0.9) return rng.next() < 0.5 ? lo : hi;
  const span = Math.min(hi - lo, Math.max(4, Math.abs(spec.default) * 3)); // near the low end: models stay small
  const v = lo + rng.next() * span;
  return spec.integer ? Math.round(v) : v;
}

function randomParams(def: NodeDef, rng: Rng, wild: boolean): Json | undefined {
  const out: Json = {};
  for (const [name, spec] of Object.entries(def.params)) if (rng.next() < 0.4) out[name] = paramValue(spec, rng, wild);
  return Object.keys(out).length ? out : undefined;
}

function datasetRef(rng: Rng): Json {
  const spec = pick(DATASETS, rng);
  const samples = spec.params.samples;
  return samples?.kind === 'number' ? { name: spec.name, samples: Math.max(samples.min ?? 0, 96) } : { name: spec.name };
}

function training(dataset: Json, rng: Rng): Graph['training'] {
  return {
    dataset: dataset as Graph['training']['dataset'],
    optimizer: { name: pick(['adam', 'adamw', 'sgd'] as const, rng), learningRate: pick([0.01, 0.001, 0.1, 1], rng) },
    batchSize: 8, steps: 3, seed: rng.int(1000),
  };
}

/**
 * A graph grown from an Input: each new node's inputs are wired to earlier
 * outputs of a fitting rank and dtype, and the node is kept only when its own
 * shape rule accepts them (shape-guided), so many of these graphs validate.
 */
function randomGraph(rng: Rng): Json {
  const dataset = datasetRef(rng);
  const resolved = resolveDataset(dataset as Graph['training']['dataset']);
  if ('errors' in resolved) return { format: 'gatelab/graph', version: 1, name: 'random', nodes: [], edges: [], training: training(dataset, rng) };
  const info = inferDatasetInfo(resolved.spec, resolved.params);
  const nodes: Json[] = [], edges: Json[] = [];
  const avail: { id: string; port: string; t: TensorInfo }[] = [];
  for (const [field, t] of Object.entries(info.fields)) {
    const id = `in_${field}`;
    nodes.push({ id, type: 'Input', params: { field } });
    avail.push({ id, port: 'out', t: { shape: ['B', ...t.shape], dtype: t.dtype } });
  }
  const count = 1 + rng.int(8);
  for (let n = 0; n < count; n++) {
    for (let attempt = 0; attempt < 12; attempt++) {
      const def = pick(INNER, rng);
      const id = `n${n}`;
      const params = randomParams(def, rng, false);
      const ins: Record<string, TensorInfo> = {};
      const wires: Json[] = [];
      let ok = true;
      for (const [port, spec] of Object.entries(def.inputs)) {
        if (spec.optional && rng.next() < 0.6) continue;
        const fits = avail.filter((a) => (spec.dtype === 'any' || spec.dtype === a.t.dtype) && rankFits(spec.pattern, a.t.shape));
        if (!fits.length) { ok = spec.optional; continue; }
        const src = rng.next() < 0.6 ? fits[fits.length - 1]! : pick(fits, rng);
        ins[port] = src.t;
        wires.push({ id: `e${edges.length + wires.length}`, source: src.id, sourceHandle: src.port, target: id, targetHandle: port });
      }
      if (!ok) continue;
      let r: ReturnType<NodeDef['infer']>;
      try {
        r = def.infer(ins as never, withDefaults(def.params, params ?? {}) as never, { nodeId: id, dataset: info });
      } catch {
        continue; // validation reports this one; the fuzz run meets it through the same graph anyway
      }
      if (isFailure(r)) continue;
      nodes.push({ id, type: def.type, ...(params ? { params } : {}) });
      edges.push(...wires);
      for (const [port, t] of Object.entries(r as Record<string, TensorInfo>)) avail.push({ id, port, t });
      break;
    }
  }
  const last = [...avail].reverse().find((a) => a.t.dtype === 'float32') ?? avail[avail.length - 1]!;
  const head = rng.next() < 0.7 && last.t.shape.length <= 3;
  if (head) {
    nodes.push({ id: 'head', type: 'ClassifierHead' });
    edges.push({ id: `e${edges.length}`, source: last.id, sourceHandle: last.port, target: 'head', targetHandle: 'in' });
  }
  nodes.push({ id: 'y', type: 'Output', ...(info.task === 'regression' ? { params: { loss: 'mse' } } : {}) });
  edges.push({ id: `e${edges.length}`, source: head ? 'head' : last.id, sourceHandle: head ? 'out' : last.port, target: 'y', targetHandle: 'in' });
  return { format: 'gatelab/graph', version: 1, name: 'random', nodes, edges, training: training(dataset, rng) };
}

/** A preset with one to four edits: edges rewired, params moved, nodes deleted or spliced in, data or training changed. */
function mutatePreset(rng: Rng): Json {
  const g = clone(pick(PRESETS, rng).graph) as Json;
  const nodes = g.nodes as Json[];
  const defOf = (n: Json) => registry.get(String(n.type));
  for (let m = 1 + rng.int(4); m > 0; m--) {
    const edges = g.edges as Json[];
    switch (rng.int(8)) {
      case 0: { // rewire an edge's source to another node's output
        if (!edges.length) break;
        const e = pick(edges, rng), n = pick(nodes, rng), outs = Object.keys(defOf(n)?.outputs ?? { out: 0 });
        e.source = n.id; e.sourceHandle = pick(outs, rng);
        break;
      }
      case 1: { // rewire an edge's target to another node's input
        if (!edges.length) break;
        const e = pick(edges, rng), n = pick(nodes, rng), ins = Object.keys(defOf(n)?.inputs ?? { in: 0 });
        if (!ins.length) break;
        e.target = n.id; e.targetHandle = pick(ins, rng);
        break;
      }
      case 2: case 3: { // a param moved within (or just outside) its range
        const n = pick(nodes, rng), def = defOf(n);
        const specs = def ? Object.entries(def.params) : [];
        if (!specs.length) break;
        const [name, spec] = pick(specs, rng);
        n.params = { ...n.params, [name]: paramValue(spec, rng, true) };
        break;
      }
      case 4: { // a node deleted, its edges left dangling or removed
        const [gone] = nodes.splice(rng.int(nodes.length), 1);
        if (gone && rng.next() < 0.7) g.edges = edges.filter((e) => e.source !== gone.id && e.target !== gone.id);
        break;
      }
      case 5: { // a random node spliced into an edge
        if (!edges.length) break;
        const def = pick(INNER, rng), e = pick(edges, rng), id = `m${m}`;
        const params = randomParams(def, rng, false);
        nodes.push({ id, type: def.type, ...(params ? { params } : {}) });
        const ins = Object.keys(def.inputs), outs = Object.keys(def.outputs);
        ins.forEach((port, j) => {
          const src = j === 0 ? { id: e.source, port: e.sourceHandle } : { id: pick(nodes, rng).id, port: 'out' };
          edges.push({ id: `me${m}_${j}`, source: src.id, sourceHandle: src.port, target: id, targetHandle: port });
        });
        if (outs.length) { e.source = id; e.sourceHandle = outs[0]; }
        break;
      }
      case 6: g.training.dataset = datasetRef(rng); break;
      default: // training at its extremes
        g.training.optimizer = { ...g.training.optimizer, learningRate: pick([10, 1e-6, 1], rng) };
        if (rng.next() < 0.5) g.training.optimizer.clipNorm = pick([0.001, 100], rng);
    }
  }
  g.training.batchSize = 8;
  return g;
}

/** A long chain of small Dense/Activation/Add blocks: from 200 up to a few thousand nodes. */
function largeGraph(rng: Rng): Json {
  const blocks = 100 + rng.int(1400);
  const nodes: Json[] = [{ id: 'x', type: 'Input' }, { id: 'b0', type: 'Dense', params: { units: 4 } }];
  const edges: Json[] = [{ id: 'e0', source: 'x', sourceHandle: 'out', target: 'b0', targetHandle: 'in' }];
  let prev = 'b0';
  for (let b = 1; b <= blocks; b++) {
    const d = `d${b}`, a = `a${b}`;
    nodes.push({ id: d, type: 'Dense', params: { units: 4 } }, { id: a, type: rng.next() < 0.5 ? 'Add' : 'Multiply' });
    edges.push(
      { id: `f${b}`, source: prev, sourceHandle: 'out', target: d, targetHandle: 'in' },
      { id: `g${b}`, source: prev, sourceHandle: 'out', target: a, targetHandle: 'a' },
      { id: `h${b}`, source: d, sourceHandle: 'out', target: a, targetHandle: 'b' },
    );
    prev = a;
  }
  nodes.push({ id: 'head', type: 'Dense', params: { units: 2 } }, { id: 'y', type: 'Output' });
  edges.push({ id: 'eh', source: prev, sourceHandle: 'out', target: 'head', targetHandle: 'in' }, { id: 'ey', source: 'head', sourceHandle: 'out', target: 'y', targetHandle: 'in' });
  return { format: 'gatelab/graph', version: 1, name: 'large', nodes, edges, training: training({ name: 'spiral', samples: 96 }, rng) };
}

/** Text damaged the ways files get damaged: cut short, bytes flipped or inserted, numbers made huge, keys made hostile. */
export function damage(text: string, rng: Rng): string {
  let t = text;
  for (let m = 1 + rng.int(3); m > 0; m--) {
    const at = rng.int(Math.max(t.length, 1));
    switch (rng.int(8)) {
      case 0: t = t.slice(0, at); break;
      case 1: t = t.slice(0, at) + String.fromCharCode(rng.int(128)) + t.slice(at + 1); break;
      case 2: t = t.slice(0, at) + pick(['{', '}', '[', ']', ',', '"', ':', '\\', '\u0000', '\uFEFF', '\uD800'], rng) + t.slice(at); break;
      case 3: t = t.replace(/-?\d+(\.\d+)?/, pick(['1e308', '-1e308', '1e-320', '0', '-1', '4294967296', '9007199254740993', '0.5'], rng)); break;
      case 4: t = t.replace(/"(\w+)":/, pick(['"__proto__":', '"constructor":', '"$1":1,"$1":'], rng)); break;
      case 5: t = '\uFEFF' + t; break;
      case 6: t = t.slice(0, at) + '['.repeat(100 + rng.int(5000)) + t.slice(at); break;
      default: t = t.slice(0, at) + t.slice(at, at + 200).repeat(1 + rng.int(20)) + t.slice(at + 200);
    }
  }
  return t;
}
