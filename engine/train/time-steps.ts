import * as tf from '@tensorflow/tfjs-core';
import type { Graph } from '../graph/format';
import type { Dataset } from '../data/dataset';
import { GateLabError } from '../errors';
import { compile } from '../compile/compile';
import { generateDataset } from '../data/generate';
import { train } from './trainer';
import { prepareData } from './session';
import { sliceOf } from './batches';
import { sumOf } from '../compile/ops';

/**
 * Ms of each of `steps` training steps of a graph on the current backend,
 * with its own model and data (disposed after): what backend measurement times.
 * Pass the generated `data` when timing several times, so it is made once.
 */
export async function timeSteps(graph: Graph, steps: number, data: Dataset = generateDataset(graph)): Promise<number[]> {
  const c = compile(graph);
  if (!c.ok) throw new GateLabError(c.errors);
  const session = prepareData(c.value, data);
  const ms: number[] = [];
  try {
    for await (const e of train(c.value, session, { steps, evalEvery: 0, finalEval: false })) if (e.kind === 'step') ms.push(e.ms);
  } finally {
    session.dispose();
    c.value.model.dispose();
  }
  return ms;
}

/**
 * One forward and backward pass of a graph on the current backend, read back
 * and disposed: it compiles the graph's kernels, as a first training step
 * would. Nothing but disposal runs after the read, so a caller that stops
 * waiting for it may switch backends at once (an abandoned training step
 * would go on to update its weights on the new backend, reading GPU tensors
 * synchronously, which can lose a WebGPU device).
 */
export async function warmUp(graph: Graph, data: Dataset = generateDataset(graph)): Promise<void> {
  const c = compile(graph);
  if (!c.ok) throw new GateLabError(c.errors);
  const { model } = c.value;
  const session = prepareData(c.value, data);
  try {
    const done = tf.tidy(() => {
      const b = sliceOf(session.train, 0, Math.min(graph.training.batchSize, session.train.size));
      const loss = () => model.loss(b.feeds, b.target, b.mask, { training: true, step: 0 }).total;
      const vars = model.trainableVariables();
      if (!vars.length) return loss();
      const { value, grads } = tf.variableGrads(loss, vars);
      // A weight this batch does not reach (another task's gate, say) has a null gradient.
      return sumOf([value, ...Object.values(grads).filter((g) => g != null).map((g) => tf.sum(g))]);
    });
    await done.data();
    done.dispose();
  } finally {
    session.dispose();
    model.dispose();
  }
}

