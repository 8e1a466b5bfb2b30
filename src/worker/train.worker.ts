/// <reference lib="webworker" />
/**
 * The training worker: compiles the graph, trains it step by step, and posts
 * batched progress (at most one message per TICK_MS). Pause, Step and Stop
 * are honoured between steps; the loop yields to the message queue often so
 * they arrive promptly. When the compute backend fails mid-run (a WebGPU
 * device lost), the run goes on on another backend from the last weights it
 * could read (`resumed`); every other failure becomes a `failed` message.
 */
import * as tf from '@tensorflow/tfjs-core';
import { compile, dueAfter, generateDataset, prepareData, train, trainingSchedule, weightMismatches, type BackendName, type Compiled, type Graph, type Session, type TrainEvent, type GraphError } from '../../engine';
import './backends';
import { pickBackend, pickFastest, plainChoice } from './choice';
import { WeightKeeper, type SavedWeights } from './weights';
import { Batcher } from './batcher';
import { isBackendFailure, resumedMessage } from './failures';
import { extentOf } from './boundary';
import { planeGrid, preparePlane, type Plane } from './territory';
import { intervene } from '../../engine/stats/intervene';
import { exitTable } from '../../engine/stats/exits';
import { probeContext } from '../../engine/stats/context';
import type { BackendInfo, BackendRequest, FailReason, FromWorker, ToWorker } from './protocol';
import { loadModelRun, modelFileText } from './model-files';

declare const self: DedicatedWorkerGlobalScope;

const post = (m: FromWorker, transfer: Transferable[] = []) => self.postMessage(m, transfer);

/** A macrotask without setTimeout's 4 ms clamp: lets queued messages in. */
const channel = new MessageChannel();
const waiting: (() => void)[] = [];
channel.port1.onmessage = () => waiting.shift()?.();
const yieldToEvents = () => new Promise<void>((r) => { waiting.push(r); channel.port2.postMessage(0); });

interface Run {
  id: number;
  paused: boolean;
  /** Steps still to run while paused (Step). */
  stepBudget: number;
  stopped: boolean;
  wake: (() => void) | null;
  done: Promise<void>;
}

let run: Run | null = null;
/** The weights of the current or last run, kept for evaluation-time interventions until the next run or a reset. */
let live: { runId: number; compiled: Compiled; session: Session; step: number; probeSize: number } | null = null;

function retire(): void {
  const l = live;
  live = null;
  if (!l) return;
  l.session.dispose();
  l.compiled.model.dispose();
}

async function runIntervention(m: Extract<ToWorker, { type: 'intervene' }>): Promise<void> {
  const l = live;
  const reply = (result: Omit<Extract<FromWorker, { type: 'intervened' }>['result'], 'interventions' | 'step'>) =>
    post({ type: 'intervened', runId: m.runId, result: { interventions: m.interventions, step: l?.step ?? 0, ...result } });
  if (!l || l.runId !== m.runId) { reply({ error: 'There are no trained weights for this run yet: press Train or Step first.' }); return; }
  try {
    const n = Math.min(l.probeSize, l.session.test.size);
    const r = await intervene(l.compiled, l.session.test, m.interventions, n, probeContext(l.session.data, l.session.testRows.subarray(0, n)));
    reply({ base: r.base, with: r.with, stats: r.stats });
  } catch (e) {
    reply({ error: e instanceof Error ? e.message : String(e) });
  }
}
let requested: BackendRequest = 'auto';
let backendReady: Promise<unknown> = Promise.resolve();
const failedBackends: BackendName[] = [];

async function init(req: BackendRequest): Promise<void> {
  requested = req;
  if (req !== 'auto') failedBackends.length = 0;
  try {
    post({ type: 'backend', info: await pickBackend(req, failedBackends) });
  } catch (e) {
    post({ type: 'backendFailed', message: (e as Error).message });
  }
}

function wake(r: Run): void {
  const w = r.wake;
  r.wake = null;
  w?.();
}

async function stopRun(): Promise<void> {
  const r = run;
  if (!r) return;
  r.stopped = true;
  wake(r);
  await r.done;
}

function fail(runId: number, reason: FailReason, message: string, errors: GraphError[] = [], step?: number): void {
  post({ type: 'failed', runId, reason, message, errors, ...(step !== undefined ? { step } : {}) });
}

/** Registers the run at once (so a Step sent right after Start finds it), then waits for the previous run and the backend. */
function start(msg: Extract<ToWorker, { type: 'start' }>): void {
  const prev = run;
  const r: Run = { id: msg.runId, paused: msg.paused, stepBudget: 0, stopped: false, wake: null, done: Promise.resolve() };
  run = r;
  r.done = (async () => {
    if (prev) { prev.stopped = true; wake(prev); await prev.done; }
    await backendReady;
    if (!r.stopped) await execute(r, msg);
  })()
    .catch((err: unknown) => fail(r.id, 'crash', err instanceof Error ? err.message : String(err)))
    .finally(() => { if (run === r) run = null; });
}

async function runExitTable(m: Extract<ToWorker, { type: 'exitTable' }>): Promise<void> {
  const l = live;
  if (!l || l.runId !== m.runId) { post({ type: 'exitTable', runId: m.runId, step: 0, error: 'There are no trained weights for this run yet: press Train or Step first.' }); return; }
  try {
    post({ type: 'exitTable', runId: m.runId, step: l.step, table: await exitTable(l.compiled, l.session.test, m.nodeId, m.exits) });
  } catch (e) {
    post({ type: 'exitTable', runId: m.runId, step: l.step, error: e instanceof Error ? e.message : String(e) });
  }
}

async function exportLive(m: Extract<ToWorker, { type: 'exportModel' }>): Promise<void> {
  const l = live;
  const reply = (result: Extract<FromWorker, { type: 'modelFile' }>['result']) => post({ type: 'modelFile', req: m.req, runId: m.runId, result });
  if (!l || l.runId !== m.runId || l.step === 0) { reply({ ok: false, error: 'no trained weights yet: train first' }); return; }
  // Between two steps the weights and the evaluation would belong to different steps.
  if (run?.id === l.runId && (!run.paused || run.stepBudget > 0)) { reply({ ok: false, error: 'pause training first: the weights change at every step' }); return; }
  try {
    reply({ ok: true, text: await modelFileText(l.compiled, l.session, l.step, m.float16) });
  } catch (e) {
    reply({ ok: false, error: e instanceof Error ? e.message : String(e) });
  }
}

/** Checks and evaluates the file's weights before anything changes; only a file that fits replaces the live run. */
async function loadLive(m: Extract<ToWorker, { type: 'loadModel' }>): Promise<void> {
  const reply = (result: Extract<FromWorker, { type: 'modelLoaded' }>['result']) => post({ type: 'modelLoaded', req: m.req, runId: m.runId, result });
  try {
    await backendReady;
    const r = await loadModelRun(m.model);
    if (!r.ok) { reply({ ok: false, message: 'The weights do not fit the graph in the file.', errors: r.errors }); return; }
    if (run && run.id >= m.runId) {
      r.value.session.dispose();
      r.value.compiled.model.dispose();
      reply({ ok: false, message: 'Training started while the model was loading: open the file again.', errors: [] });
      return;
    }
    await stopRun();
    retire();
    live = { runId: m.runId, compiled: r.value.compiled, session: r.value.session, step: m.model.training.steps, probeSize: 64 };
    reply(r.value.reply);
  } catch (e) {
    reply({ ok: false, message: `The model could not be loaded: ${e instanceof Error ? e.message : String(e)}`, errors: [] });
  }
}

/** Automatic choice: the backend that trains this graph fastest (measured once per graph), said in the panel. */
async function chooseFor(graph: Graph): Promise<void> {
  try {
    post({ type: 'backend', info: (await plainChoice(graph)) ?? (await pickFastest(graph, failedBackends)) });
  } catch (e) {
    console.warn('GateLab worker: the backends could not be measured on this graph', e);
    // Say so, rather than leave the previous graph's figures in the panel.
    const name = tf.getBackend() as BackendName;
    post({ type: 'backend', info: { name, reason: `automatic: the backends could not be timed on this graph (${(e as Error).message.slice(0, 160)}); training on ${name}`, failed: [], requested: 'auto' } });
  }
}

/** After a backend failure: picks another backend, says so, and trains on from the saved weights with the steps left. */
async function continueElsewhere(r: Run, msg: Extract<ToWorker, { type: 'start' }>, lost: { saved: SavedWeights; lostAt: number; backend: BackendName; error: string }): Promise<void> {
  let info: BackendInfo;
  try {
    info = requested === 'auto' ? await pickFastest(msg.graph, failedBackends) : await pickBackend(requested, failedBackends);
  } catch (e) {
    fail(r.id, 'backend', `The ${lost.backend} backend failed at step ${lost.lostAt} and no other backend could take over: ${(e as Error).message.slice(0, 300)}`, [], lost.lostAt);
    return;
  }
  post({ type: 'backend', info });
  post({ type: 'resumed', runId: r.id, step: lost.saved.step, message: resumedMessage(lost.backend, info.name, lost.lostAt, lost.saved.step, lost.error) });
  await execute(r, msg, lost.saved);
}

/** Trains a run; `resume` carries on from weights saved before a backend failure. */
async function execute(r: Run, msg: Extract<ToWorker, { type: 'start' }>, resume?: SavedWeights): Promise<void> {
  const l = live;
  const warm = resume ?? (msg.continueFrom !== undefined && l?.runId === msg.continueFrom ? { weights: await l.compiled.model.readWeights(), step: l.step } : undefined);
  retire();
  if (requested === 'auto' && !resume) await chooseFor(msg.graph);
  if (r.stopped) return;
  const c = compile(msg.graph);
  if (!c.ok) { fail(r.id, 'invalid', 'The graph has errors, so it cannot train yet.', c.errors); return; }
  const compiled: Compiled = c.value;
  const misfit = warm ? weightMismatches(compiled, warm.weights) : [];
  if (misfit.length) {
    compiled.model.dispose();
    fail(r.id, 'invalid', 'The loaded weights do not fit this graph: Reset, then Train, to train it from scratch.', misfit);
    return;
  }
  if (warm) compiled.model.writeWeights(warm.weights);
  let session: Session | undefined;
  let plane: Plane | undefined;
  const batcher = new Batcher();
  const flush = (force = false) => {
    const now = performance.now();
    if (!force && !batcher.due(now)) return;
    const t = batcher.take(r.id, now);
    if (t) post(t.tick, t.transfer);
  };
  let step = 0;
  const keeper = new WeightKeeper();
  let lost: Parameters<typeof continueElsewhere>[2] | undefined;
  try {
    const data = generateDataset(msg.graph);
    session = prepareData(compiled, data);
    live = { runId: r.id, compiled, session, step: 0, probeSize: msg.options?.probeSize ?? 64 };
    const schedule = trainingSchedule(msg.graph.training, { cadence: 'live', ...msg.options });
    const total = schedule.total;
    // A loaded model part-way through its schedule resumes it; one that finished runs the schedule again from its weights.
    const startStep = warm && warm.step < total ? warm.step : 0;
    step = live.step = startStep;
    await keeper.maybeKeep(compiled.model, step);
    const classification = compiled.model.dataset.task === 'classification';
    // 2-D points: the grid feeds `x`, and borrows other fields from the nearest example.
    let extent = classification ? extentOf(data) : undefined;
    plane = extent ? preparePlane(data, extent) : undefined;
    post({ type: 'started', runId: r.id, info: { total, params: compiled.params, flopsPerExample: compiled.flopsPerExample, datasetKind: data.inputs['x']?.shape.length === 2 && extent ? 'points2d' : 'other', classification } });
    // The boundary grid costs a forward pass: keep it under ~10% of the time, and at most 4 a second.
    let nextGrid = -Infinity;
    const grid = async (force: boolean) => {
      if (!extent || !plane || (!force && performance.now() < nextGrid)) return;
      const t0 = performance.now();
      let g;
      try { g = await planeGrid(compiled, plane, step); } catch (err) {
        console.warn('GateLab worker: no decision boundary for this graph', err);
        extent = undefined;
        return;
      }
      const cost = performance.now() - t0;
      nextGrid = performance.now() + Math.max(250, 9 * cost);
      if (g) batcher.setBoundary(g);
    };
    await grid(true);
    flush(true);
    const it = train(compiled, session, { schedule, probeSize: msg.options?.probeSize ?? 64, shouldStop: () => r.stopped, startStep });
    let owed = 0; // eval/stats events that belong to the step just taken
    let lastYield = performance.now();
    post({ type: 'state', runId: r.id, state: r.paused ? 'paused' : 'running' });
    for (;;) {
      if (owed === 0 && r.paused && r.stepBudget === 0 && !r.stopped) {
        await grid(true);
        flush(true);
        post({ type: 'state', runId: r.id, state: 'paused' });
        await new Promise<void>((res) => { r.wake = res; });
        if (!r.paused) post({ type: 'state', runId: r.id, state: 'running' });
        continue;
      }
      if (r.stopped) break;
      const next: IteratorResult<TrainEvent> = await it.next();
      if (next.done) break;
      const ev = next.value;
      if (ev.kind === 'step') {
        step = ev.step;
        if (live?.runId === r.id) live.step = step;
        if (r.stepBudget > 0) r.stepBudget--;
        batcher.step(ev.step, ev.loss, ev.accuracy, ev.ms, ev.aux);
        const due = dueAfter(schedule, ev.step);
        owed = Number(due.eval) + Number(due.stats);
        await grid(false);
        await keeper.maybeKeep(compiled.model, step);
      } else if (ev.kind === 'eval') {
        owed = Math.max(0, owed - 1);
        batcher.eval({ step: ev.step, loss: ev.loss, ...(ev.accuracy !== undefined ? { accuracy: ev.accuracy } : {}) });
      } else if (ev.kind === 'stats') {
        owed = Math.max(0, owed - 1);
        batcher.setStats({ step: ev.step, stats: ev.stats });
      } else {
        flush(true);
        fail(r.id, 'nan', ev.error.message, [ev.error], ev.step + 1);
        await it.return(undefined);
        return;
      }
      flush();
      if (performance.now() - lastYield > 16) { await yieldToEvents(); lastYield = performance.now(); }
    }
    await it.return(undefined);
    await grid(true);
    flush(true);
    post({ type: 'state', runId: r.id, state: r.stopped ? 'stopped' : 'done' });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    // A backend failure is taken over by another backend: a warning, not an error.
    (isBackendFailure(message) ? console.warn : console.error)('GateLab worker: training failed', e);
    flush(true);
    const backend = tf.getBackend() as BackendName;
    if (isBackendFailure(message)) {
      // Leave the failed backend out from now on; the run goes on elsewhere from the newest weights that can be read.
      if (!failedBackends.includes(backend)) failedBackends.push(backend);
      const saved = r.stopped ? null : await keeper.rescue(compiled.model, step);
      if (saved) lost = { saved, lostAt: step + 1, backend, error: message };
      else {
        fail(r.id, 'backend', `The ${backend} backend failed at step ${step + 1}: ${message.slice(0, 300)}`, [], step + 1);
        backendReady = backendReady.then(() => init(requested));
      }
    } else {
      fail(r.id, 'crash', `Training stopped at step ${step + 1}: ${message.slice(0, 300)}`, [], step + 1);
    }
  } finally {
    plane?.dispose();
    // The weights stay for interventions until the next run or a reset retires them.
    if (!session || live?.compiled !== compiled) { session?.dispose(); compiled.model.dispose(); }
  }
  if (lost) await continueElsewhere(r, msg, lost);
}

self.onmessage = (e: MessageEvent<ToWorker>) => {
  const m = e.data;
  switch (m.type) {
    case 'init':
      // Inits run one after another: a slow WebGPU start must not finish after a later choice.
      backendReady = backendReady.then(stopRun).then(retire).then(() => init(m.backend));
      break;
    case 'start':
      start(m);
      break;
    case 'pause':
      if (run) run.paused = true;
      break;
    case 'resume':
      if (run) { run.paused = false; run.stepBudget = 0; wake(run); }
      break;
    case 'step':
      if (run) { run.paused = true; run.stepBudget++; wake(run); }
      break;
    case 'stop':
      void stopRun().then(retire);
      break;
    case 'intervene':
      void runIntervention(m);
      break;
    case 'exitTable':
      void runExitTable(m);
      break;
    case 'exportModel':
      void exportLive(m);
      break;
    case 'loadModel':
      void loadLive(m);
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
  fail(run?.id ?? -1, 'crash', `Unexpected error in the training worker: ${err?.message ?? String(e.reason)}`);
});
