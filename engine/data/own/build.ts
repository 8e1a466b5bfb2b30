/**
 * Your own data as a Dataset, the shape every generator hands the trainer.
 * Run on data that check.ts passed. Tables are standardised with their stored
 * scaling; the held-out share travels as `testShare`.
 */
import type { Rng } from '../../random';
import type { Dataset } from '../dataset';
import { whole } from '../whole';
import type { OwnData, PointsData, Scaling, SequencesData, TableData, TextData } from './format';
import { tableClasses } from './check';

export function buildOwnDataset(d: OwnData, rng: Rng): Dataset {
  const data = d.name === 'table' ? buildTable(d) : d.name === 'points' ? buildPoints(d) : d.name === 'text' ? buildText(d, rng) : buildSequences(d);
  if (d.heldOutShare !== undefined) data.testShare = d.heldOutShare;
  if (d.name === 'table' && d.heldOutFrom !== undefined) {
    // a held-out set the person supplied: exactly those rows are evaluated
    data.heldOut = Uint8Array.from(d.rows!, (_, i) => (i >= d.heldOutFrom! ? 1 : 0));
    data.testShare = 0;
  }
  return data;
}

/** The standardisation a graph's table stores, which raw inputs need before they reach the model. */
export function storedScaling(ref: { name: string }): Scaling | undefined {
  return ref.name === 'table' ? (ref as TableData).scaling : undefined;
}

/** Standardises raw feature rows in place: x' = (x - mean) / std per column. */
export function applyScaling(x: Float32Array, scaling: Scaling | undefined): Float32Array {
  if (!scaling) return x;
  const f = scaling.mean.length;
  for (let i = 0; i < x.length; i++) x[i] = (x[i]! - scaling.mean[i % f]!) / scaling.std[i % f]!;
  return x;
}

/** Mean and spread of each column of [N, F] raw values; a constant column keeps spread 1 (nothing to divide). */
export function scalingOf(x: Float32Array, f: number): Scaling {
  const n = x.length / f;
  const mean = new Array<number>(f).fill(0);
  const sq = new Array<number>(f).fill(0);
  for (let i = 0; i < x.length; i++) mean[i % f]! += x[i]! / n;
  for (let i = 0; i < x.length; i++) sq[i % f]! += (x[i]! - mean[i % f]!) ** 2 / n;
  const round = (v: number) => Number(v.toPrecision(7));
  return { mean: mean.map(round), std: sq.map((s) => (s > 1e-12 ? round(Math.sqrt(s)) : 1)) };
}

/** Raw values of the named columns, [rows, names] row-major. */
export function columnValues(d: TableData, names: readonly string[]): Float32Array {
  const cols = names.map((n) => d.columns!.indexOf(n));
  const rows = d.rows!;
  const out = new Float32Array(rows.length * cols.length);
  rows.forEach((r, i) => cols.forEach((c, j) => { out[i * cols.length + j] = Number(r[c]); }));
  return out;
}

function buildTable(d: TableData): Dataset {
  const features = d.features!, targets = d.targets!;
  const n = d.rows!.length;
  const x = applyScaling(columnValues(d, features), d.scaling);
  const base = { inputs: { x: { data: x, shape: [n, features.length], dtype: 'float32' as const } } };
  if (d.task === 'regression') {
    return { ...base, target: { data: columnValues(d, targets), shape: [n, targets.length], dtype: 'float32' }, task: 'regression', classes: targets.length, labels: targets.slice() };
  }
  const classes = tableClasses(d);
  const id = new Map(classes.map((c, i) => [c, i] as const));
  const col = d.columns!.indexOf(targets[0]!);
  const y = Int32Array.from(d.rows!, (r) => id.get(String(r[col]))!);
  return { ...base, target: { data: y, shape: [n], dtype: 'int32' }, task: 'classification', classes: classes.length, labels: classes };
}

function buildPoints(d: PointsData): Dataset {
  const n = d.points.length;
  if (d.task === 'regression') {
    return {
      inputs: { x: { data: Float32Array.from(d.points, (p) => p[0]!), shape: [n, 1], dtype: 'float32' } },
      target: { data: Float32Array.from(d.points, (p) => p[1]!), shape: [n, 1], dtype: 'float32' },
      task: 'regression', classes: 1, labels: ['y'],
    };
  }
  const k = d.classes ?? 2;
  return {
    inputs: { x: { data: Float32Array.from(d.points.flatMap((p) => [p[0]!, p[1]!])), shape: [n, 2], dtype: 'float32' } },
    target: { data: Int32Array.from(d.points, (p) => p[2]!), shape: [n], dtype: 'int32' },
    task: 'classification', classes: k, labels: Array.from({ length: k }, (_, i) => `class ${i}`),
  };
}

/** The text's alphabet, sorted by character code, and the text as ids into it. */
export function textVocabulary(text: string): { chars: string[]; ids: Int32Array } {
  const chars = [...new Set(text)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const index = new Map(chars.map((c, i) => [c, i] as const));
  return { chars, ids: Int32Array.from(text, (c) => index.get(c)!) };
}

/** Random windows of seqLen + 1 characters: x = the first seqLen ids, y = the next character at each position. */
function buildText(d: TextData, rng: Rng): Dataset {
  const { chars, ids } = textVocabulary(d.text);
  const T = d.seqLen;
  const n = whole(d.samples ?? 2000, 10, 20_000);
  const x = new Int32Array(n * T), y = new Int32Array(n * T);
  const span = ids.length - T;
  for (let i = 0; i < n; i++) {
    const s = rng.int(span);
    x.set(ids.subarray(s, s + T), i * T);
    y.set(ids.subarray(s + 1, s + T + 1), i * T);
  }
  return {
    inputs: { x: { data: x, shape: [n, T], dtype: 'int32' } },
    target: { data: y, shape: [n, T], dtype: 'int32' },
    mask: new Float32Array(n * T).fill(1),
    task: 'classification', classes: chars.length, vocab: chars.length, seqLen: T, labels: chars,
  };
}

function buildSequences(d: SequencesData): Dataset {
  const n = d.inputs.length, T = d.inputs[0]!.length, U = d.targets[0]!.length;
  return {
    inputs: { x: { data: Int32Array.from(d.inputs.flat()), shape: [n, T], dtype: 'int32' } },
    target: { data: Int32Array.from(d.targets.flat()), shape: U === 1 ? [n] : [n, U], dtype: 'int32' },
    task: 'classification', classes: d.vocab, vocab: d.vocab, seqLen: T,
  };
}
