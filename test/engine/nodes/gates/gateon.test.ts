import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { ContextGate, GuardedDense, availability, scaleGradient } from '../../../../engine/nodes/gates/gateon';
import { forEachBackend } from '../../../helpers/backend';
import { applyNode, presetGraph, trainStepsNoLeak, values } from './node-harness';

const close = (xs: number[], d = 5) => xs.map((v) => expect.closeTo(v, d));

/** The guarded layer's weights and running state as fresh variables. */
function guardedVars(kernel: number[][]): Record<string, tf.Variable> {
  const F = kernel.length, U = kernel[0]!.length;
  const state = (n: number, value = 0) => tf.variable(n ? tf.fill([n], value) : tf.scalar(value), false);
  return {
    kernel: tf.variable(tf.tensor2d(kernel)), bias: tf.variable(tf.zeros([U])),
    rIn: state(F), RIn: state(F), rOut: state(U), ROut: state(U), lastTask: state(0, -1),
  };
}

forEachBackend('GateON-style nodes', () => {
  it('the context gate multiplies each unit by σ of its task\'s logit (hand-computed); "off" passes h through; "bias" adds the task\'s row', () => {
    tf.tidy(() => {
      const logits = tf.tensor2d([[0, 0], [Math.log(3), -Math.log(3)]]);
      const h = tf.tensor2d([[1, 2]]), task = tf.tensor1d([1], 'int32');
      expect(values(applyNode(ContextGate, { h, task }, { logits }, { tasks: 2 }).out.out!)).toEqual(close([0.75, 0.5]));
      expect(values(applyNode(ContextGate, { h, task }, { logits }, { tasks: 2, mode: 'off' }).out.out!)).toEqual([1, 2]);
      expect(values(applyNode(ContextGate, { h, task }, { logits }, { tasks: 2, mode: 'bias' }).out.out!)).toEqual(close([1 + Math.log(3), 2 - Math.log(3)]));
    });
  });

  it('availability is 1 − min(1, R / (θ · max R)), and scaleGradient scales only the gradient', () => {
    tf.tidy(() => {
      expect(values(availability(tf.tensor1d([0, 1, 2, 4]), 0.5))).toEqual(close([1, 0.5, 0, 0]));
      expect(values(availability(tf.zeros([3]), 0.5))).toEqual([1, 1, 1]);
      const x = tf.tensor1d([1, -2, 3]), s = tf.tensor1d([1, 0.5, 0]);
      expect(values(scaleGradient(x, s))).toEqual(close([1, -2, 3]));
      expect(values(tf.grad((v: tf.Tensor) => tf.sum(tf.mul(scaleGradient(v, s), 2)))(x))).toEqual(close([2, 1, 0]));
    });
  });

  it('the guard measures relevance while a task trains, locks it in when the task changes, and then slows those units', () => {
    const w = guardedVars([[1, 0], [0, 1]]);
    const x = tf.tensor2d([[1, 2]]);
    const step = (task: number) => tf.tidy(() => {
      const { grads } = tf.variableGrads(() => {
        const y = applyNode(GuardedDense, { in: x, task: tf.tensor1d([task], 'int32') }, w, { units: 2, decay: 0.5, saturation: 1 }, { training: true }).out.out!;
        return tf.sum(tf.mul(y, tf.tensor2d([[1, 3]]))) as tf.Scalar;    // ∂L/∂y = (1, 3)
      }, [w.kernel!, w.bias!] as tf.Variable[]);
      return values(grads[w.kernel!.name]!);
    });
    // Task 0: nothing locked yet, full gradients; relevance r = (1 − β) · |y · ∂L/∂y| = 0.5 · (1·1, 2·3).
    expect(step(0)).toEqual(close([1, 3, 2, 6]));
    expect(values(w.rOut!)).toEqual(close([0.5, 3]));
    expect(values(w.ROut!)).toEqual([0, 0]);
    // Task 1: R = (0.5, 3), so a = 1 − R / max R = (5/6, 0): unit 1 is frozen, unit 0 slowed.
    expect(step(1)).toEqual(close([5 / 6, 0, 10 / 6, 0]));
    expect(values(w.ROut!)).toEqual(close([0.5, 3]));
    expect(values(w.rOut!)).toEqual(close([0.5, 3]));                       // restarted at 0 for task 1, then one update
    tf.dispose(Object.values(w));
    x.dispose();
  });

  it('with the guard off it is an ordinary Dense layer', () => {
    tf.tidy(() => {
      const out = applyNode(GuardedDense, { in: tf.tensor2d([[1, 2]]), task: tf.tensor1d([0], 'int32') }, { kernel: tf.tensor2d([[1, 2], [3, 4]]), bias: tf.tensor1d([1, 1]) }, { units: 2, guard: false }, { training: true }).out.out!;
      expect(values(out)).toEqual([8, 11]);
    });
  });

  it('the gateon graph trains across task changes with finite losses and no tensor leak', async () => {
    await trainStepsNoLeak(presetGraph('gateon', 5), 6);
  }, 30_000);
});
