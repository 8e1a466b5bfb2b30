/**
 * A model file's weights, tried on the model's own held-out examples before
 * they are used: finite but huge weights (±3.4e38) parse and fit the graph,
 * yet every prediction comes out Infinity or NaN.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Compiled } from '../compile/compile';
import type { ProbeRecord } from '../compile/model';
import { generateDataset } from '../data/generate';
import { OUTPUT_TYPE } from '../nodes/io';
import { graphError, type GraphError } from '../errors';
import { ACTIVATION_STAT } from '../stats/activations';
import { sliceOf } from '../train/batches';
import { prepareData } from '../train/session';

/** Held-out examples tried: enough to meet an overflow, few enough to be instant. */
const EXAMPLES = 64;

/** A located error for the first node whose outputs overflow on held-out data, or none. */
export async function heldOutOverflow(compiled: Compiled): Promise<GraphError[]> {
  const session = prepareData(compiled, generateDataset(compiled.model.graph));
  const records: ProbeRecord[] = [];
  try {
    const check = tf.tidy(() => {
      const b = sliceOf(session.test, 0, Math.min(EXAMPLES, session.test.size));
      const { pred, task } = compiled.model.loss(b.feeds, b.target, b.mask, { training: false, records });
      return tf.stack([tf.all(tf.isFinite(pred)), tf.isFinite(task)]);
    });
    const [predOk, lossOk] = await check.data();
    check.dispose();
    if (predOk && lossOk) return [];
    // Named after the first node whose outputs are no longer finite (a mask may hold -Infinity on purpose:
    // only a broken prediction or loss counts), else the node feeding the Output: finite, but too large for the loss.
    for (const r of records) {
      if (r.stat === ACTIVATION_STAT && !(await r.value.data()).every(Number.isFinite)) return [overflow(compiled, r.nodeId)];
    }
    const out = compiled.model.graph.nodes.find((n) => n.type === OUTPUT_TYPE);
    return [overflow(compiled, compiled.model.graph.edges.find((e) => e.target === out?.id)?.source)];
  } finally {
    tf.dispose(records.map((r) => r.value));
    session.dispose();
  }
}

function overflow(compiled: Compiled, nodeId: string | undefined): GraphError {
  const who = nodeId ? `${compiled.model.nodeDef(nodeId)?.type ?? 'the node'} "${nodeId}"` : 'the model';
  return graphError(
    'BAD_WEIGHTS',
    `on the model's own held-out examples the outputs of ${who} overflow to Infinity or NaN: its weights are damaged or far beyond what training produces; train the graph again`,
    nodeId ? { nodeId } : {},
  );
}
