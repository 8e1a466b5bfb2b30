/**
 * gatelab predict model.json --input FILE: FILE holds {"inputs": [...]}, a
 * batch of examples as nested arrays (or {"inputs": {"x": [...], ...}} for a
 * graph reading several fields); stdout gets {"outputs": [...]}, what reaches
 * the Output node (the logits), one entry per example.
 */
import * as tf from '@tensorflow/tfjs-core';
import { type DatasetInfo, INPUT_TYPE } from '../../../engine';
import { startBackend } from '../backend';
import { CliError, EXIT } from '../io';
import { compileModelFile, readModelFile, readText } from './model-file';

export interface PredictArgs {
  file?: string;
  input?: string;
  backend?: string;
}

const MAX_INPUT_BYTES = 64 * 1024 * 1024;
const MAX_EXAMPLES = 100_000;
const FLOAT32_MAX = 3.4028234663852886e38;

function bad(source: string, message: string): never {
  throw new CliError(EXIT.usage, [`${source}: ${message}`]);
}

/** A batch of nested arrays → flat values, checked against the field's shape and dtype. */
export function toField(value: unknown, where: string, field: { shape: number[]; dtype: 'float32' | 'int32' }, vocab: number | undefined, source: string): { data: Float32Array | Int32Array; shape: number[] } {
  if (!Array.isArray(value) || value.length === 0) bad(source, `${where} must be a non-empty array: a batch of examples`);
  if (value.length > MAX_EXAMPLES) bad(source, `${where} has ${value.length} examples; the limit is ${MAX_EXAMPLES}`);
  const shape = [value.length, ...field.shape];
  const per = field.shape.reduce((a, b) => a * b, 1);
  const data = field.dtype === 'int32' ? new Int32Array(value.length * per) : new Float32Array(value.length * per);
  let o = 0;
  const walk = (v: unknown, depth: number, path: string): void => {
    if (depth === shape.length) {
      if (typeof v !== 'number' || !Number.isFinite(v)) bad(source, `${path} must be a finite number, got ${JSON.stringify(v)?.slice(0, 40)}`);
      if (Math.abs(v) > FLOAT32_MAX) bad(source, `${path} is ${v}, beyond the largest 32-bit float (about 3.4e38) the model computes with`);
      if (field.dtype === 'int32' && (!Number.isInteger(v) || v < 0 || (vocab !== undefined && v >= vocab))) {
        bad(source, `${path} must be a token id, a whole number from 0 to ${vocab !== undefined ? vocab - 1 : 'the vocabulary size'}; got ${v}`);
      }
      data[o++] = v;
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[depth]) {
      bad(source, `${path} must be an array of ${shape[depth]} (each example is ${JSON.stringify(field.shape)}); got ${Array.isArray(v) ? `${v.length} entries` : JSON.stringify(v)?.slice(0, 40)}`);
    }
    v.forEach((x, i) => walk(x, depth + 1, `${path}[${i}]`));
  };
  walk(value, 0, where);
  return { data, shape };
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

function feedsFrom(doc: unknown, fields: string[], info: DatasetInfo, source: string): Record<string, { data: Float32Array | Int32Array; shape: number[] }> {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc) || !('inputs' in doc)) bad(source, 'expected a JSON object {"inputs": [...]}');
  const extra = Object.keys(doc).filter((k) => k !== 'inputs');
  if (extra.length) bad(source, `unknown field ${extra.map((k) => `"${k.slice(0, 40)}"`).join(', ')}; expected {"inputs": [...]}`);
  let given = (doc as { inputs: unknown }).inputs;
  if (!Array.isArray(given)) {
    if (typeof given !== 'object' || given === null) bad(source, '"inputs" must be an array (a batch) or an object of arrays by field');
  } else {
    if (fields.length !== 1) bad(source, `this graph reads the fields ${fields.join(', ')}: give {"inputs": {${fields.map((f) => `"${f}": [...]`).join(', ')}}}`);
    given = { [fields[0]!]: given };
  }
  const byField = given as Record<string, unknown>;
  const unknown = Object.keys(byField).filter((k) => !fields.includes(k));
  if (unknown.length) bad(source, `the graph reads no field ${unknown.map((k) => `"${k.slice(0, 40)}"`).join(', ')} (it reads ${fields.join(', ')})`);
  const out: Record<string, { data: Float32Array | Int32Array; shape: number[] }> = {};
  for (const f of fields) {
    if (!(f in byField)) bad(source, `"inputs" lacks the field "${f}"`);
    const spec = info.fields[f]!;
    out[f] = toField(byField[f], fields.length === 1 && Array.isArray((doc as { inputs: unknown }).inputs) ? 'inputs' : `inputs.${f}`, { shape: spec.shape.map(Number), dtype: spec.dtype }, info.vocab, source);
  }
  const sizes = new Set(Object.values(out).map((v) => v.shape[0]));
  if (sizes.size > 1) bad(source, 'every field must hold the same number of examples');
  return out;
}

export async function predictCommand(a: PredictArgs): Promise<number> {
  if (!a.input) throw new CliError(EXIT.usage, ['give --input FILE, a JSON file {"inputs": [...]} (or - for stdin)', "Run 'gatelab help' for usage."]);
  await startBackend(a.backend);
  const file = readModelFile(a.file);
  let doc: unknown;
  const text = readText(a.input, '--input FILE', MAX_INPUT_BYTES);
  try {
    doc = JSON.parse(text);
  } catch (e) {
    bad(a.input, `not valid JSON (${(e as Error).message.slice(0, 120)})`);
  }
  const compiled = await compileModelFile(file, a.file!);
  try {
    const fields = [...new Set(file.graph.nodes.filter((n) => n.type === INPUT_TYPE).map((n) => String(compiled.validation.params.get(n.id)!.field)))];
    const arrays = feedsFrom(doc, fields, compiled.model.dataset, a.input);
    const pred = tf.tidy(() => {
      const feeds: Record<string, tf.Tensor> = {};
      for (const [k, v] of Object.entries(arrays)) feeds[k] = tf.tensor(v.data, v.shape, compiled.model.dataset.fields[k]!.dtype);
      return compiled.model.forward(feeds, { training: false }).pred;
    });
    const values = (await pred.data()) as Float32Array;
    const shape = pred.shape;
    pred.dispose();
    const broken = values.findIndex((v) => !Number.isFinite(v));
    if (broken >= 0) {
      const per = values.length / shape[0]!;
      throw new CliError(EXIT.invalid, [`${a.input}: NON_FINITE: the model's outputs for example ${Math.floor(broken / per)} overflow to Infinity or NaN; its inputs are far outside what it was trained on`]);
    }
    console.log(JSON.stringify({ outputs: nest(values, shape) }));
    return EXIT.ok;
  } finally {
    compiled.model.dispose();
  }
}
