/** A worker's surroundings in Node: posted messages collected, backends picked without measuring. */
import * as tf from '@tensorflow/tfjs-core';
import type { BackendName } from '../../../engine';
import { Failover, type Pickers } from '../../../src/worker/failover';
import { LiveRuns } from '../../../src/worker/live-run';
import type { BackendInfo, FromWorker } from '../../../src/worker/protocol';
import type { RunContext } from '../../../src/worker/training-run';

/** Picks the first of `order` not excluded (and sets it), as the real choice would without timing anything. */
export function fixedPickers(order: BackendName[] = ['wasm', 'cpu']): Pickers {
  const pick = async (exclude: readonly BackendName[]): Promise<BackendInfo> => {
    const name = order.find((b) => !exclude.includes(b));
    if (!name) throw new Error('no backend left');
    await tf.setBackend(name);
    await tf.ready();
    return { name, reason: `first of ${order.join(', ')}`, failed: exclude.map((n) => ({ name: n, error: 'failed during training' })), requested: 'auto' };
  };
  return { pickBackend: (_req, exclude = []) => pick(exclude), pickFastest: (_graph, exclude = []) => pick(exclude), plainChoice: async () => null, isMeasured: () => true };
}

export function workerContext(pickers = fixedPickers()): RunContext & { messages: FromWorker[] } {
  const messages: FromWorker[] = [];
  const post = (m: FromWorker) => { messages.push(m); };
  return { messages, post, live: new LiveRuns(), failover: new Failover(post, pickers), yieldToEvents: () => new Promise((r) => setTimeout(r, 0)) };
}

/** The steps the page was told about, in order. */
export const stepsPosted = (messages: readonly FromWorker[]) => messages.flatMap((m) => (m.type === 'tick' ? m.steps.step : []));
export const statesPosted = (messages: readonly FromWorker[]) => messages.flatMap((m) => (m.type === 'state' ? [m.state] : []));

/** Waits until `check` holds (the run goes on in the background). */
export async function until(check: () => boolean, what: string, ms = 20_000): Promise<void> {
  const t0 = Date.now();
  while (!check()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
