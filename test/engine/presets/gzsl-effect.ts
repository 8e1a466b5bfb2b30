/**
 * Shared by the two zero-shot preset tests: train a preset once, then score
 * the named variants (all by default) with the same weights. They must differ
 * only in how the gate's output is used at test time (the mixing nodes have no
 * weights and pass no gradient back, as the node tests check), so one training
 * serves them all; the first named is the one trained.
 */
import { applyVariant, compile, generateDataset, predictAll, prepareData, runGraph } from '../../../engine';
import { GzslBlobs } from '../../../engine/data/gzsl-blobs';
import { presetGraph } from '../nodes/gates/node-harness';

export async function variantMetrics(slug: string, seed: number, steps: number, names?: string[]): Promise<Record<string, Record<string, number>>> {
  const g = presetGraph(slug, seed);
  const variants = names ? g.variants!.filter((v) => names.includes(v.name)) : g.variants!;
  const { compiled } = await runGraph(applyVariant(g, variants[0]!.name), { steps, keep: true, evalEvery: 0, statsEvery: 0 });
  const weights = await compiled!.model.readWeights();
  compiled!.model.dispose();
  const out: Record<string, Record<string, number>> = {};
  for (const v of variants) {
    const c = compile(applyVariant(g, v.name));
    if (!c.ok) throw new Error(JSON.stringify(c.errors));
    c.value.model.writeWeights(weights);
    const data = generateDataset(g);
    const session = prepareData(c.value, data);
    const { pred, shape } = await predictAll(c.value, session.test);
    out[v.name] = { ...GzslBlobs.metrics!({ data, rows: session.testRows, pred, predShape: shape }), loss: heldOutLoss(pred, shape[1]!, data.target.data, session.testRows) };
    session.dispose();
    c.value.model.dispose();
  }
  return out;
}

/** Mean cross-entropy of the output scores on the test rows (the Output node's softmax of them), the held-out loss. */
function heldOutLoss(pred: ArrayLike<number>, C: number, target: ArrayLike<number>, rows: ArrayLike<number>): number {
  let sum = 0;
  for (let k = 0; k < rows.length; k++) {
    const at = k * C, row = Array.from({ length: C }, (_, c) => pred[at + c]!);
    const top = Math.max(...row), logZ = top + Math.log(row.reduce((a, v) => a + Math.exp(v - top), 0));
    sum += logZ - row[target[rows[k]!]!]!;
  }
  return sum / rows.length;
}
