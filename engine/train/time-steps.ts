import type { Graph } from '../graph/format';
import { GateLabError } from '../errors';
import { compile } from '../compile/compile';
import { generateDataset } from '../data/generate';
import { prepareData, train } from './trainer';

/**
 * Ms of each of `steps` training steps of a graph on the current backend,
 * with its own model and data (disposed after): what backend measurement times.
 */
export async function timeSteps(graph: Graph, steps: number): Promise<number[]> {
  const c = compile(graph);
  if (!c.ok) throw new GateLabError(c.errors);
  const session = prepareData(c.value, generateDataset(graph));
  const ms: number[] = [];
  try {
    for await (const e of train(c.value, session, { steps, evalEvery: 0, finalEval: false })) if (e.kind === 'step') ms.push(e.ms);
  } finally {
    session.dispose();
    c.value.model.dispose();
  }
  return ms;
}
