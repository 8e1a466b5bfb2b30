/**
 * Predictions on raw inputs, shared by `gatelab predict` and the web-page
 * runtime (gatelab/runtime): nested arrays in, one batch, checked against the
 * dataset's fields; the logits out as nested arrays. What comes in is
 * untrusted, so every problem is a located error value, never a throw.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Compiled } from '../compile/compile';
import { graphError, type GraphError } from '../errors';
import type { Parsed } from '../graph/parse';
import { INPUT_TYPE } from '../nodes/io';
import { applyScaling, storedScaling } from '../data/own/build';
import { FLOAT32_MAX } from '../data/own/format';

/** One field of a batch: flat values and the shape with the example axis first. */
export interface Feed {
  data: Float32Array | Int32Array;
  shape: number[];
}

/** What a prediction returns: what reaches the Output node (the logits), one entry per example. */
export interface Predicted {
  outputs: unknown[];
}

const MAX_EXAMPLES = 100_000;

/** A problem with the inputs, thrown inside the walk and returned as a value by `readInputs`. */
class BadInput extends Error {}
const bad = (message: string): never => {
  throw new BadInput(message);
};

/** The dataset fields the graph's Input nodes read, in graph order. */
export function inputFields(compiled: Compiled): string[] {
  return [...new Set(compiled.model.graph.nodes.filter((n) => n.type === INPUT_TYPE).map((n) => String(compiled.validation.params.get(n.id)!.field)))];
}

/** A batch of nested arrays → flat values, checked against the field's shape and dtype. */
function toField(value: unknown, where: string, field: { shape: number[]; dtype: 'float32' | 'int32' }, vocab: number | undefined): Feed {
  if (!Array.isArray(value) || value.length === 0) bad(`${where} must be a non-empty array: a batch of examples`);
  const batch = value as unknown[];
  if (batch.length > MAX_EXAMPLES) bad(`${where} has ${batch.length} examples; the limit is ${MAX_EXAMPLES}`);
  const shape = [batch.length, ...field.shape];
  const per = field.shape.reduce((a, b) => a * b, 1);
  const data = field.dtype === 'int32' ? new Int32Array(batch.length * per) : new Float32Array(batch.length * per);
  let o = 0;
  const walk = (v: unknown, depth: number, path: string): void => {
    if (depth === shape.length) {
      if (typeof v !== 'number' || !Number.isFinite(v)) bad(`${path} must be a finite number, got ${JSON.stringify(v)?.slice(0, 40)}`);
      const x = v as number;
      if (Math.abs(x) > FLOAT32_MAX) bad(`${path} is ${x}, beyond the largest 32-bit float (about 3.4e38) the model computes with`);
      if (field.dtype === 'int32' && (!Number.isInteger(x) || x < 0 || (vocab !== undefined && x >= vocab))) {
        bad(`${path} must be a token id, a whole number from 0 to ${vocab !== undefined ? vocab - 1 : 'the vocabulary size'}; got ${x}`);
      }
      data[o++] = x;
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[depth]) {
      bad(`${path} must be an array of ${shape[depth]} (each example is ${JSON.stringify(field.shape)}); got ${Array.isArray(v) ? `${v.length} entries` : JSON.stringify(v)?.slice(0, 40)}`);
    }
    (v as unknown[]).forEach((x, i) => walk(x, depth + 1, `${path}[${i}]`));
  };
  walk(batch, 0, where);
  return { data, shape };
}

/**
 * The value of `"inputs"`: a batch as nested arrays, or, for a graph reading
 * several fields, an object of such batches by field name → one checked feed per field.
 */
export function readInputs(compiled: Compiled, given: unknown): Parsed<Record<string, Feed>> {
  try {
    const fields = inputFields(compiled);
    const info = compiled.model.dataset;
    const single = Array.isArray(given);
    if (single && fields.length !== 1) bad(`this graph reads the fields ${fields.join(', ')}: give {"inputs": {${fields.map((f) => `"${f}": [...]`).join(', ')}}}`);
    if (!single && (typeof given !== 'object' || given === null)) bad('"inputs" must be an array (a batch) or an object of arrays by field');
    const byField = (single ? { [fields[0]!]: given } : given) as Record<string, unknown>;
    const unknown = Object.keys(byField).filter((k) => !fields.includes(k));
    if (unknown.length) bad(`the graph reads no field ${unknown.map((k) => `"${k.slice(0, 40)}"`).join(', ')} (it reads ${fields.join(', ')})`);
    const out: Record<string, Feed> = {};
    for (const f of fields) {
      if (!(f in byField)) bad(`"inputs" lacks the field "${f}"`);
      const spec = info.fields[f]!;
      out[f] = toField(byField[f], single ? 'inputs' : `inputs.${f}`, { shape: spec.shape.map(Number), dtype: spec.dtype }, info.vocab);
    }
    if (new Set(Object.values(out).map((v) => v.shape[0])).size > 1) bad('every field must hold the same number of examples');
    return { ok: true, value: out };
  } catch (e) {
    if (e instanceof BadInput) return { ok: false, errors: [graphError('BAD_INPUT', e.message, { path: 'inputs' })] };
    throw e;
  }
}

/** Flat values with a shape → nested arrays. */
export function nest(data: Float32Array, shape: number[]): unknown[] {
  const build = (offset: number, depth: number): unknown[] => {
    const n = shape[depth]!;
    const stride = shape.slice(depth + 1).reduce((a, b) => a * b, 1);
    const out: unknown[] = [];
    for (let i = 0; i < n; i++) out.push(depth === shape.length - 1 ? data[offset + i]! : build(offset + i * stride, depth + 1));
    return out;
  };
  return shape.length === 0 ? [data[0]] : build(0, 0);
}

/** The model's outputs for a batch given as `"inputs"` is; NON_FINITE when an example's outputs overflow. */
export async function predictBatch(compiled: Compiled, given: unknown): Promise<Parsed<Predicted>> {
  const feeds = readInputs(compiled, given);
  if (!feeds.ok) return feeds;
  // A table's features were standardised for training: raw inputs get the same scaling.
  const x = feeds.value['x'];
  if (x) applyScaling(x.data as Float32Array, storedScaling(compiled.model.graph.training.dataset));
  const pred = tf.tidy(() => {
    const tensors: Record<string, tf.Tensor> = {};
    for (const [k, v] of Object.entries(feeds.value)) tensors[k] = tf.tensor(v.data, v.shape, compiled.model.dataset.fields[k]!.dtype);
    return compiled.model.forward(tensors, { training: false }).pred;
  });
  const values = (await pred.data()) as Float32Array;
  const shape = pred.shape;
  pred.dispose();
  const broken = values.findIndex((v) => !Number.isFinite(v));
  if (broken >= 0) {
    const example = Math.floor(broken / (values.length / shape[0]!));
    return { ok: false, errors: [graphError('NON_FINITE', `the model's outputs for example ${example} overflow to Infinity or NaN; its inputs are far outside what it was trained on`, { path: 'inputs' })] };
  }
  return { ok: true, value: { outputs: nest(values, shape) } };
}
