/**
 * What shape inference needs to know about a dataset (fields, classes, vocab),
 * without generating it in full: a tiny sample gives the same shapes.
 */
import type { DatasetInfo } from '../registry/defineNode';
import type { Dataset, DatasetSpec } from '../data/dataset';
import { checkParam, withDefaults, type ParamValue } from '../registry/params';
import { graphError, type GraphError } from '../errors';
import { getDataset } from '../data';
import { createRng } from '../random';
import { resolveOwnDataset } from '../data/own/spec';

/** By spec object, then settings: your own data makes one spec per dataset (data/own/spec.ts), all with the same name. */
const cache = new WeakMap<DatasetSpec, Map<string, DatasetInfo>>();

export function datasetInfo(name: string, data: Dataset): DatasetInfo {
  const fields: DatasetInfo['fields'] = Object.create(null);
  for (const [k, f] of Object.entries(data.inputs)) fields[k] = { shape: f.shape.slice(1), dtype: f.dtype };
  const info: DatasetInfo = { name, task: data.task, classes: data.classes, fields, targetShape: data.target.shape.slice(1) };
  if (data.vocab !== undefined) info.vocab = data.vocab;
  if (data.seqLen !== undefined) info.seqLen = data.seqLen;
  return info;
}

/** Checks a `training.dataset` block and returns its resolved params. */
export function resolveDataset(ref: Record<string, unknown>): { spec: DatasetSpec; params: Record<string, ParamValue> } | { errors: GraphError[] } {
  const own = resolveOwnDataset(ref);
  if (own) return own;
  const name = String(ref.name);
  const spec = getDataset(name);
  if (!spec) return { errors: [graphError('UNKNOWN_DATASET', `there is no dataset called "${name.slice(0, 64)}"`, { path: 'training.dataset.name' })] };
  const errors: GraphError[] = [];
  const given: Record<string, ParamValue> = Object.create(null);
  for (const [k, v] of Object.entries(ref)) {
    if (k === 'name') continue;
    const p = Object.hasOwn(spec.params, k) ? spec.params[k] : undefined;
    if (!p) { errors.push(graphError('BAD_DATASET_PARAM', `the dataset "${name}" has no setting "${k.slice(0, 64)}" (it has ${Object.keys(spec.params).join(', ')})`, { path: `training.dataset.${k}` })); continue; }
    const why = checkParam(p, v);
    if (why) errors.push(graphError('BAD_DATASET_PARAM', `dataset setting "${k}" ${why}`, { path: `training.dataset.${k}` }));
    else given[k] = v as ParamValue;
  }
  if (errors.length) return { errors };
  return { spec, params: withDefaults(spec.params, given) };
}

/** Shapes of a dataset from a small sample, cached by its settings. */
export function inferDatasetInfo(spec: DatasetSpec, params: Record<string, ParamValue>): DatasetInfo {
  const small = { ...params };
  if ('samples' in spec.params) small.samples = Math.max(16, (spec.params.samples as { min?: number }).min ?? 16);
  const key = JSON.stringify(small);
  let bySettings = cache.get(spec);
  if (!bySettings) cache.set(spec, (bySettings = new Map()));
  let info = bySettings.get(key);
  if (!info) {
    info = datasetInfo(spec.name, spec.generate(small as never, createRng(0)));
    if (bySettings.size > 200) bySettings.clear();
    bySettings.set(key, info);
  }
  return info;
}
