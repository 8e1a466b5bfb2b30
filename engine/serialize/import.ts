/**
 * Untrusted text → a checked model file → a compiled model with its weights.
 * Same guards and located errors as graph files: size and depth before
 * JSON.parse, the schema (unknown fields rejected), then every weight checked
 * against its shape and for NaN/Infinity, then against the compiled graph.
 */
import { graphError, type GraphError } from '../errors';
import { parseGraphValue, parseJsonText, zodErrors, type Parsed } from '../graph/parse';
import { GRAPH_FORMAT } from '../graph/format';
import { compile, type Compiled } from '../compile/compile';
import type { Registry } from '../registry/registry';
import { registry as defaultRegistry } from '../registry/default';
import { MAX_MODEL_BYTES, MODEL_FORMAT, MODEL_VERSION, modelSchema, type ModelFile, type WeightMap } from './model-format';
import { decodeWeights, nodeOf } from './weights';
import { locateError } from '../graph/blocks/locate';
import type { z } from 'zod';

/** Upgrades older model files, one version at a time (none yet: version 1 is the first). */
const STEPS: Record<number, (m: Record<string, unknown>) => Record<string, unknown>> = {};

export function migrateModel(m: Record<string, unknown>): Record<string, unknown> {
  let out = m;
  for (let v = out.version as number; STEPS[v]; v++) out = STEPS[v]!(out);
  return out;
}

/** Errors inside the embedded graph: located as graph errors are, under `graph.`. */
function prefixGraph(errors: GraphError[]): GraphError[] {
  return errors.map((e) => {
    if (e.path === undefined) return e; // located by node or edge id already
    const inner = e.path !== '(top level)' ? e.path : '';
    const path = inner ? `graph.${inner}` : 'graph';
    const message = e.message.startsWith(`${inner}: `) && inner ? `graph.${e.message}` : e.message.replace(/^the file:/, 'graph:');
    return { ...e, path, message };
  });
}

function envelopeErrors(issues: readonly z.core.$ZodIssue[], root: Record<string, unknown>): GraphError[] {
  const out: GraphError[] = [];
  for (const iss of issues.slice(0, 100)) {
    const [head, name, ...rest] = iss.path;
    if (head === 'graph') out.push(...prefixGraph(zodErrors([{ ...iss, path: iss.path.slice(1) }], root.graph)));
    else if (head === 'weights' && typeof name === 'string') {
      const field = rest.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
      const path = `weights[${JSON.stringify(name)}]${field}`;
      const msg = iss.code === 'unrecognized_keys' ? `unknown field${iss.keys.length > 1 ? 's' : ''} ${iss.keys.map((k) => `"${k}"`).join(', ')}`
        : iss.code === 'invalid_key' ? 'weight names are "nodeId/var" (a node id, a slash, the variable)' : iss.message;
      const nodeId = nodeOf(name);
      out.push(graphError(iss.code === 'invalid_key' ? 'BAD_WEIGHTS' : 'SCHEMA', `${path}: ${msg}`, { path, ...(nodeId ? { nodeId } : {}) }));
    } else out.push(...zodErrors([iss], root));
  }
  return out;
}

/** A parsed JSON value → a checked model file with decoded weights. */
export function parseModelValue(value: unknown): Parsed<ModelFile> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, errors: [graphError('BAD_FORMAT', `expected a JSON object with "format": "${MODEL_FORMAT}"`)] };
  }
  const v = value as Record<string, unknown>;
  if (v.format !== MODEL_FORMAT) {
    const hint = v.format === GRAPH_FORMAT ? ' (this is a graph file without weights: open it as a graph, or train it with --out)' : '';
    return { ok: false, errors: [graphError('BAD_FORMAT', `"format" must be "${MODEL_FORMAT}"; got ${JSON.stringify(v.format ?? null).slice(0, 60)}${hint}`, { path: 'format' })] };
  }
  if (typeof v.version !== 'number' || !Number.isInteger(v.version) || v.version < 1 || v.version > MODEL_VERSION) {
    return { ok: false, errors: [graphError('BAD_VERSION', `model version ${JSON.stringify(v.version ?? null).slice(0, 20)} is not supported; this GateLab reads versions 1 to ${MODEL_VERSION}`, { path: 'version' })] };
  }
  const m = migrateModel(v);
  const g = parseGraphValue(m.graph);
  if (!g.ok) return { ok: false, errors: prefixGraph(g.errors) };
  const withGraph = { ...m, graph: g.value };
  const r = modelSchema.safeParse(withGraph);
  if (!r.success) return { ok: false, errors: envelopeErrors(r.error.issues, withGraph) };
  const { weights, errors } = decodeWeights(r.data.weights);
  if (errors.length) return { ok: false, errors };
  const dtypes = new Set(Object.values(r.data.weights).map((w) => w.dtype));
  return {
    ok: true,
    value: {
      gatelab: r.data.gatelab,
      graph: r.data.graph,
      training: r.data.training,
      backend: r.data.backend,
      metrics: r.data.metrics,
      dtype: dtypes.has('float16') ? 'float16' : 'float32',
      weights,
    },
  };
}

/** Model file text → a checked model file. */
export function parseModel(text: string, maxBytes = MAX_MODEL_BYTES): Parsed<ModelFile> {
  const j = parseJsonText(text, maxBytes);
  return j.ok ? parseModelValue(j.value) : j;
}

/** Every way the weights fail to fit the compiled graph: missing, extra, wrong shape. */
export function weightMismatches(compiled: Compiled, weights: WeightMap): GraphError[] {
  const errors: GraphError[] = [];
  const vars = compiled.model.variables;
  for (const [name, v] of vars) {
    const w = weights.get(name);
    const nodeId = compiled.model.ownerOf(name)!;
    if (!w) errors.push(graphError('BAD_WEIGHTS', `the graph needs a weight "${name}" ${JSON.stringify(v.shape)} that the file lacks`, { nodeId, path: 'weights' }));
    else if (w.shape.length !== v.shape.length || w.shape.some((d, i) => d !== v.shape[i])) {
      errors.push(graphError('BAD_WEIGHTS', `weight "${name}" has shape ${JSON.stringify(w.shape)}; the graph makes it ${JSON.stringify(v.shape)}`, { nodeId, path: `weights[${JSON.stringify(name)}].shape` }));
    }
  }
  for (const name of weights.keys()) {
    if (!vars.has(name)) errors.push(graphError('BAD_WEIGHTS', `the file has a weight "${name}" that the graph does not make`, { nodeId: nodeOf(name), path: `weights[${JSON.stringify(name)}]` }));
  }
  // a weight inside a block instance shows at the instance, and at its node inside the block
  return errors.map((e) => locateError(e, compiled.validation.instances, compiled.model.document.blocks));
}

/** Compiles the file's graph and loads its weights; the caller disposes the model. */
export function loadModel(file: ModelFile, registry: Registry = defaultRegistry): Parsed<Compiled> {
  const c = compile(file.graph, registry);
  if (!c.ok) return { ok: false, errors: prefixGraph(c.errors) };
  const errors = weightMismatches(c.value, file.weights);
  if (errors.length) {
    c.value.model.dispose();
    return { ok: false, errors };
  }
  c.value.model.writeWeights(file.weights);
  return c;
}
