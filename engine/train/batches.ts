import * as tf from '@tensorflow/tfjs-core';
import type { Dataset, Field } from '../data/dataset';

/** A dataset on the device: every field as one tensor, rows picked by index. */
export interface DeviceData {
  inputs: Record<string, tf.Tensor>;
  target: tf.Tensor;
  mask?: tf.Tensor;
  size: number;
  dispose(): void;
}

function toTensor(f: Field): tf.Tensor {
  return tf.tensor(f.data, f.shape, f.dtype);
}

/** Uploads the rows `rows` of a dataset (all rows when omitted). */
export function upload(data: Dataset, rows?: Int32Array): DeviceData {
  const kept: tf.Tensor[] = [];
  const held = tf.tidy(() => {
    const idx = rows ? tf.tensor1d(rows, 'int32') : undefined;
    const pick = (t: tf.Tensor) => (idx ? tf.gather(t, idx) : t);
    const inputs: Record<string, tf.Tensor> = Object.create(null);
    for (const [k, f] of Object.entries(data.inputs)) inputs[k] = tf.keep(pick(toTensor(f)));
    const target = tf.keep(pick(toTensor(data.target)));
    const n = data.target.shape[0]!;
    const mask = data.mask ? tf.keep(pick(tf.tensor(data.mask, data.mask.length === n ? [n] : [n, data.mask.length / n], 'float32'))) : undefined;
    kept.push(...Object.values(inputs), target, ...(mask ? [mask] : []));
    return { inputs, target, ...(mask ? { mask } : {}) };
  });
  const size = rows ? rows.length : data.target.shape[0]!;
  return { ...held, size, dispose: () => tf.dispose(kept) } as DeviceData;
}

/** Rows [idx] of every field; call inside tidy. */
export function batchOf(d: DeviceData, idx: tf.Tensor1D): { feeds: Record<string, tf.Tensor>; target: tf.Tensor; mask?: tf.Tensor } {
  const feeds: Record<string, tf.Tensor> = Object.create(null);
  for (const [k, t] of Object.entries(d.inputs)) feeds[k] = tf.gather(t, idx);
  const out = { feeds, target: tf.gather(d.target, idx) };
  return d.mask ? { ...out, mask: tf.gather(d.mask, idx) } : out;
}

/** Consecutive slices [start, start+size) of every field; call inside tidy. */
export function sliceOf(d: DeviceData, start: number, size: number): { feeds: Record<string, tf.Tensor>; target: tf.Tensor; mask?: tf.Tensor } {
  const cut = (t: tf.Tensor) => tf.slice(t, [start], [size]);
  const feeds: Record<string, tf.Tensor> = Object.create(null);
  for (const [k, t] of Object.entries(d.inputs)) feeds[k] = cut(t);
  const out = { feeds, target: cut(d.target) };
  return d.mask ? { ...out, mask: cut(d.mask) } : out;
}
