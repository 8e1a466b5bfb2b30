import { createRng } from '../../../engine/random';
import type { Dataset, DatasetSpec } from '../../../engine/data/dataset';
import { withDefaults, type ParamValue } from '../../../engine/registry/params';

/** Generates with defaults plus overrides, from a numeric seed. */
export function gen(spec: DatasetSpec, seed: number, over: Record<string, ParamValue> = {}): Dataset {
  const values = withDefaults(spec.params, over);
  return spec.generate(values as Parameters<DatasetSpec['generate']>[0], createRng(seed));
}

/** Row i of an [N, T] int field, as a plain array. */
export function row(data: Int32Array | Float32Array, T: number, i: number): number[] {
  return Array.from(data.subarray(i * T, (i + 1) * T));
}
