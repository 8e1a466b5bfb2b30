/**
 * Graph files (format v1) and model files (graph plus trained weights):
 * saved as readable JSON, opened through the engine's parsers so a bad file
 * gives located errors and leaves the open graph untouched.
 */
import {
  GRAPH_FORMAT, MAX_MODEL_BYTES, MODEL_FORMAT, graphError, parseGraph, parseGraphValue, parseModelValue,
  type Graph, type GraphError, type ModelFile, type Parsed, MAX_GRAPH_BYTES, parseJsonText,
} from '../../engine';

export function serializeGraph(graph: Graph): string {
  return JSON.stringify(graph, null, 2) + '\n';
}

const slug = (graph: Graph) => graph.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'graph';

export function graphFileName(graph: Graph): string {
  return `${slug(graph)}.gatelab.json`;
}

export function modelFileName(graph: Graph): string {
  return `${slug(graph)}.model.json`;
}

export function openGraphText(text: string): Parsed<Graph> {
  return parseGraph(text);
}

/** What a dropped or picked file turned out to be; `kind` says how to word a failure. */
export type Opened =
  | { ok: true; kind: 'graph'; graph: Graph }
  | { ok: true; kind: 'model'; model: ModelFile }
  | { ok: false; kind: 'graph' | 'model' | 'other'; errors: GraphError[] };

/** Opens either kind of GateLab file, told apart by its `format` field. */
export function openFileText(text: string): Opened {
  const j = parseJsonText(text, MAX_MODEL_BYTES);
  if (!j.ok) return { ok: false, kind: 'other', errors: j.errors };
  const format = typeof j.value === 'object' && j.value !== null ? (j.value as { format?: unknown }).format : undefined;
  if (format === MODEL_FORMAT) {
    const m = parseModelValue(j.value);
    return m.ok ? { ok: true, kind: 'model', model: m.value } : { ok: false, kind: 'model', errors: m.errors };
  }
  if (format !== GRAPH_FORMAT) {
    const got = format === undefined ? 'it has no "format" field' : `its "format" is ${JSON.stringify(format).slice(0, 60)}`;
    return { ok: false, kind: 'other', errors: [graphError('BAD_FORMAT', `this is not a GateLab file: ${got}; GateLab opens "${GRAPH_FORMAT}" and "${MODEL_FORMAT}" files`, { path: 'format' })] };
  }
  if (text.length > MAX_GRAPH_BYTES) {
    return { ok: false, kind: 'graph', errors: [graphError('TOO_LARGE', `the file is ${(text.length / 1048576).toFixed(1)} MB; graph files are at most ${MAX_GRAPH_BYTES / 1048576} MB`)] };
  }
  const g = parseGraphValue(j.value);
  return g.ok ? { ok: true, kind: 'graph', graph: g.value } : { ok: false, kind: 'graph', errors: g.errors };
}

/** Offers text as a JSON download. */
export function downloadText(text: string, name: string): void {
  const blob = new Blob([text], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function downloadGraph(graph: Graph): void {
  downloadText(serializeGraph(graph), graphFileName(graph));
}
