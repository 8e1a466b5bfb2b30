/**
 * A trained model → a `gatelab/model` v1 file: the graph, the weights keyed
 * `nodeId/var` (float32, or float16 at half the size), the training config as
 * it ran, the final metrics and the GateLab version.
 */
import type { Model } from '../compile/model';
import type { Graph } from '../graph/format';
import type { RunSummary } from '../train/run';
import { MODEL_FORMAT, MODEL_VERSION, type ModelJson, type WeightDtype, type WeightMap } from './model-format';
import { encodeWeight } from './weights';
import { GATELAB_VERSION } from './version';

export interface ExportInfo {
  /** Steps actually trained (the file's training.steps). */
  steps: number;
  backend: string;
  metrics: Record<string, number>;
}

export interface ExportOptions {
  /** Store weights as float16: half the size, about 3 significant digits. */
  float16?: boolean;
}

/** The final figures of a run worth keeping, finite ones only. */
export function metricsOf(s: RunSummary): Record<string, number> {
  const all: Record<string, number | undefined> = { loss: s.loss, accuracy: s.accuracy, trainLoss: s.trainLoss, firstLoss: s.firstLoss, ...s.metrics };
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(all)) if (typeof v === 'number' && Number.isFinite(v)) out[k] = v;
  return out;
}

/** Builds the file from a graph and plain weight arrays. */
export function modelJson(graph: Graph, weights: WeightMap, info: ExportInfo, opts: ExportOptions = {}): ModelJson {
  const dtype: WeightDtype = opts.float16 ? 'float16' : 'float32';
  const block: ModelJson['weights'] = {};
  for (const [name, w] of weights) block[name] = encodeWeight(name, w.shape, w.data, dtype);
  return {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    gatelab: GATELAB_VERSION,
    graph,
    training: { ...graph.training, steps: info.steps },
    backend: info.backend,
    metrics: { ...info.metrics },
    weights: block,
  };
}

/** Reads the model's current weights and builds the file (the graph as written, with its block definitions). */
export async function exportModel(model: Model, info: ExportInfo, opts: ExportOptions = {}): Promise<ModelJson> {
  return modelJson(model.document, await model.readWeights(), info, opts);
}

/** Readable JSON: short values on one line, arrays of objects one item per line (nodes, edges, weights). */
function layout(v: unknown, indent: string): string {
  const flat = JSON.stringify(v);
  if (typeof v !== 'object' || v === null) return flat;
  const inner = `${indent}  `;
  if (Array.isArray(v)) {
    if (v.every((x) => typeof x !== 'object' || x === null)) return flat;
    return `[\n${v.map((x) => inner + JSON.stringify(x)).join(',\n')}\n${indent}]`;
  }
  if (flat.length <= 100) return flat;
  return `{\n${Object.entries(v).map(([k, x]) => `${inner}${JSON.stringify(k)}: ${layout(x, inner)}`).join(',\n')}\n${indent}}`;
}

/** The file as text: the envelope indented, each node, edge and weight on one line. */
export function modelToText(m: ModelJson): string {
  const { weights, ...rest } = m;
  const head = layout(rest, '');
  const lines = Object.entries(weights).map(([k, w]) => `    ${JSON.stringify(k)}: ${JSON.stringify(w)}`);
  return `${head.slice(0, -2)},\n  "weights": {${lines.length ? `\n${lines.join(',\n')}\n  ` : ''}}\n}\n`;
}
