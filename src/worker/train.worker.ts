/// <reference lib="webworker" />
/**
 * The training worker: the message switch over the run's controls
 * (run-control.ts), its training (training-run.ts), the weights kept after it
 * (live-run.ts) and the backend that takes over when one fails (failover.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import './backends';
import { Failover } from './failover';
import { LiveRuns } from './live-run';
import { failedMessage, type FromWorker, type ToWorker } from './protocol';
import { RunSlot } from './run-control';
import { trainWithFailover, type RunContext } from './training-run';
import { seedRun } from './seed-run';

declare const self: DedicatedWorkerGlobalScope;

const post = (m: FromWorker, transfer: Transferable[] = []) => self.postMessage(m, transfer);

/** A macrotask without setTimeout's 4 ms clamp: lets queued messages in. */
const channel = new MessageChannel();
const waiting: (() => void)[] = [];
channel.port1.onmessage = () => waiting.shift()?.();
const yieldToEvents = () => new Promise<void>((r) => { waiting.push(r); channel.port2.postMessage(0); });

const runs = new RunSlot();
const live = new LiveRuns();
const failover = new Failover(post);
const ctx: RunContext = { post, live, failover, yieldToEvents };
const crashed = (runId: number, err: unknown) => post(failedMessage(runId, 'crash', err instanceof Error ? err.message : String(err)));

self.onmessage = (e: MessageEvent<ToWorker>) => {
  const m = e.data;
  switch (m.type) {
    case 'init':
      void failover.request(m.backend, async () => { await runs.stop(); live.retire(); });
      break;
    case 'start':
      runs.start(m.runId, m.paused, (r) => trainWithFailover(ctx, r, m), (r, err) => crashed(r.id, err));
      break;
    case 'pause':
      runs.current?.pause();
      break;
    case 'resume':
      runs.current?.resume();
      break;
    case 'step':
      runs.current?.step();
      break;
    case 'stop':
      void runs.stop().then(() => live.retire());
      break;
    case 'intervene':
      void live.intervene(m.runId, m.interventions).then((result) => post({ type: 'intervened', runId: m.runId, result }));
      break;
    case 'exitTable':
      void live.exitTable(m.runId, m.nodeId, m.exits).then((reply) => post({ type: 'exitTable', runId: m.runId, ...reply }));
      break;
    case 'trace':
      void live.trace(m.runId, m.pick).then((reply) => post({ type: 'trace', runId: m.runId, ...reply }));
      break;
    case 'misclassified':
      void live.misclassified(m.runId).then((reply) => post({ type: 'misclassified', runId: m.runId, ...reply }));
      break;
    case 'exportModel': {
      const current = runs.current;
      void live.modelFile(m.runId, m.float16, current?.id === m.runId && current.moving).then((result) => post({ type: 'modelFile', req: m.req, runId: m.runId, result }));
      break;
    }
    case 'ping':
      post({ type: 'pong' });
      break;
    case 'seedRun':
      void failover.ready.then(() => seedRun(m.job, m.graph)).then((r) => post(r));
      break;
    case 'loadModel':
      void failover.ready.then(() => live.load(m.model, m.runId, runs)).then((result) => post({ type: 'modelLoaded', req: m.req, runId: m.runId, result }));
      break;
  }
};

/** Fault drill for the e2e tests, called through the worker's global scope: destroys the WebGPU device as a driver reset would. */
(self as unknown as { gatelabLoseDevice: () => boolean }).gatelabLoseDevice = () => {
  const device = (tf.backend() as unknown as { device?: { destroy(): void } }).device;
  device?.destroy();
  return device !== undefined;
};

self.addEventListener('unhandledrejection', (e) => {
  const err = e.reason as Error | undefined;
  crashed(runs.current?.id ?? -1, `Unexpected error in the training worker: ${err?.message ?? String(e.reason)}`);
});
