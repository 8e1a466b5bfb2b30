import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { compile, registry, validateGraph } from '../../../../engine';
import { Parameter, Scale } from '../../../../engine/nodes/primitives/parameter';
import { useBackend } from '../../../helpers/backend';
import { chain } from '../../../helpers/graphs';
import { applyNode, trainStepsNoLeak, values } from '../gates/node-harness';

beforeAll(() => useBackend('wasm'));

/** x → Dense h(3) → Multiply by a Parameter p → Dense → Output: the parameter reaches the gradient. */
function withParameter(size: number) {
  const g = chain([['x', 'Input'], ['h', 'Dense', { units: 3 }], ['m', 'Multiply'], ['logits', 'Dense', { units: 2 }], ['y', 'Output']]);
  g.nodes.push({ id: 'p', type: 'Parameter', params: { size, init: 0.5 } });
  g.edges[1]!.targetHandle = 'a';
  g.edges.push({ id: 'ep', source: 'p', sourceHandle: 'out', target: 'm', targetHandle: 'b' });
  return g;
}

describe('Parameter', () => {
  it('is a [size] vector at its initial value that broadcasts over [B, D] and trains', async () => {
    const v = validateGraph(withParameter(3), registry);
    expect(v.errors).toEqual([]);
    expect(v.shapes.get('p')!.outputs.out!.shape).toEqual([3]);
    expect(v.shapes.get('m')!.outputs.out!.shape).toEqual(['B', 3]);
    const c = compile(withParameter(1));
    if (!c.ok) throw new Error(JSON.stringify(c.errors));
    expect(values(c.value.model.variables.get('p/value')!)).toEqual([0.5]);
    c.value.model.dispose();
    expect(validateGraph(withParameter(2), registry).errors.map((e) => e.nodeId)).toContain('m');
    await trainStepsNoLeak(withParameter(3));
  });

  it('passes its value out and records it', () => {
    tf.tidy(() => {
      const { out, records } = applyNode(Parameter, {}, { value: tf.tensor1d([1, -2]) }, { size: 2 });
      expect(values(out.out!)).toEqual([1, -2]);
      expect(values(records.value!)).toEqual([1, -2]);
    });
  });
});

describe('Scale', () => {
  const x = () => tf.tensor2d([[1, 2], [3, -4]]);

  it('s · x by hand: one s, one per channel, or a fixed factor without a weight', () => {
    tf.tidy(() => {
      expect(values(applyNode(Scale, { in: x() }, { scale: tf.scalar(0.5) }).out.out!)).toEqual([0.5, 1, 1.5, -2]);
      expect(values(applyNode(Scale, { in: x() }, { scale: tf.tensor1d([2, -1]) }, { perChannel: true }).out.out!)).toEqual([2, -2, 6, 4]);
      expect(values(applyNode(Scale, { in: x() }, {}, { learn: false, init: 3 }).out.out!)).toEqual([3, 6, 9, -12]);
    });
  });

  it('builds s at init (0 closes the path, as ReZero starts), per channel when asked, nothing when fixed', () => {
    const made: Record<string, number[]> = {};
    const v = { make: (n: string, shape: number[]) => { made[n] = shape; return {} as tf.Variable; }, scalar: (n: string) => { made[n] = []; return {} as tf.Variable; } };
    const inputs = { in: { shape: ['B', 5], dtype: 'float32' } } as never;
    Scale.build!({ params: { init: 0, learn: true, perChannel: false } as never, inputs, v, dataset: {} as never });
    expect(made).toEqual({ scale: [] });
    Scale.build!({ params: { init: 0, learn: true, perChannel: true } as never, inputs, v, dataset: {} as never });
    expect(made).toEqual({ scale: [5] });
    expect(Scale.build!({ params: { init: 2, learn: false, perChannel: false } as never, inputs, v, dataset: {} as never })).toEqual({});
  });
});
