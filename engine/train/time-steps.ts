import type { Graph } from '../graph/format';
import type { Dataset } from '../data/dataset';
import { GateLabError } from '../errors';
import { compile } from '../compile/compile';
import { generateDataset } from '../data/generate';
import { prepareData, train } from './trainer';

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
