import { describe, expect, it } from 'vitest';
import { probeContext } from '../../../engine/stats/context';
import type { Dataset } from '../../../engine/data/dataset';

describe('probe context', () => {
  it('takes the marks of the probe rows, in the probe order', () => {
    const data = {
      inputs: {}, target: { data: new Int32Array(3), shape: [3], dtype: 'int32' }, task: 'classification', classes: 2,
      marks: { queryKind: { data: Int32Array.from([0, 0, 1, 0, 1, 1]), shape: [3, 2], dtype: 'int32' } },
    } satisfies Dataset;
    const ctx = probeContext(data, Int32Array.from([2, 0]));
    expect(ctx.marks!.queryKind!.shape).toEqual([2, 2]);
    expect(Array.from(ctx.marks!.queryKind!.data)).toEqual([1, 1, 0, 0]);
  });

  it('no marks, no context', () => {
    const data = { inputs: {}, target: { data: new Int32Array(1), shape: [1], dtype: 'int32' }, task: 'classification', classes: 2 } satisfies Dataset;
    expect(probeContext(data, [0])).toEqual({});
  });
});
