/**
 * One run in the worker: compiles the graph, trains it step by step under its
 * controls, and posts batched progress (at most one message per TICK_MS). The
 * loop yields to the message queue often so Pause, Step and Stop arrive
 * promptly. A backend failure hands the run to the failover, which goes on
 * elsewhere from the last weights it could read.
 */
import { compile, dueAfter, generateDataset, prepareData, train, trainingSchedule, weightMismatches, type Session, type TrainEvent } from '../../engine';
import { Batcher } from './batcher';
import { extentOf } from './boundary';
import type { Failover, Lost } from './failover';
import type { LiveRuns } from './live-run';
import { failedMessage, type FromWorker, type ToWorker } from './protocol';
import type { RunControl } from './run-control';
import { planeGrid, preparePlane, type Plane } from './territory';
import { fitGrid, heldOutScorer, planFit, type FitPlan } from './fit';
import { WeightKeeper, type SavedWeights } from './weights';

export type StartMessage = Extract<ToWorker, { type: 'start' }>;

export interface RunContext {
  post: (m: FromWorker, transfer?: Transferable[]) => void;
  live: LiveRuns;
  failover: Failover;
  /** Lets queued messages (Pause, Step, Stop) in. */
  yieldToEvents: () => Promise<void>;
  /** The engine's training loop; tests put one that fails in its place. */
  train?: typeof train;
}

/** Trains a run to its end, going on on another backend each time one fails. */
export async function trainWithFailover(ctx: RunContext, r: RunControl, msg: StartMessage): Promise<void> {
  await ctx.failover.ready;
  if (r.stopped) return;
  let lost = await trainRun(ctx, r, msg);
  while (lost && (await ctx.failover.takeOver(msg.graph, r.id, lost))) lost = await trainRun(ctx, r, msg, lost.saved);
}

/** Trains a run; `resume` carries on from weights saved before a backend failure. Returns the failure to go on from, if the backend was lost. */
export async function trainRun(ctx: RunContext, r: RunControl, msg: StartMessage, resume?: SavedWeights): Promise<Lost | undefined> {
  const { post, live, failover } = ctx;
  const held = msg.continueFrom !== undefined ? live.of(msg.continueFrom) : undefined;
  const warm = resume ?? (held ? { weights: await held.compiled.model.readWeights(), step: held.step } : undefined);
  live.retire();
  if (!resume) await failover.chooseFor(msg.graph);
  if (r.stopped) return undefined;
  const c = compile(msg.graph);
  if (!c.ok) { post(failedMessage(r.id, 'invalid', 'The graph has errors, so it cannot train yet.', c.errors)); return undefined; }
  const compiled = c.value;
  const misfit = warm ? weightMismatches(compiled, warm.weights) : [];
  if (misfit.length) {
    compiled.model.dispose();
    post(failedMessage(r.id, 'invalid', 'The loaded weights do not fit this graph: Reset, then Train, to train it from scratch.', misfit));
    return undefined;
  }
  if (warm) compiled.model.writeWeights(warm.weights);
  let session: Session | undefined;
  let plane: Plane | undefined;
  let fit: FitPlan | undefined;
  const batcher = new Batcher();
  const flush = (force = false) => {
    const now = performance.now();
    if (!force && !batcher.due(now)) return;
    const t = batcher.take(r.id, now);
    if (t) post(t.tick, t.transfer);
  };
  let step = 0;
  const keeper = new WeightKeeper();
  try {
    const data = generateDataset(msg.graph);
    session = prepareData(compiled, data);
    const probeSize = msg.options?.probeSize ?? 64;
    const schedule = trainingSchedule(msg.graph.training, { cadence: 'live', ...msg.options });
    const total = schedule.total;
    // A loaded model part-way through its schedule resumes it; one that finished runs the schedule again from its weights.
    step = warm && warm.step < total ? warm.step : 0;
    const startStep = step;
    live.hold({ runId: r.id, compiled, session, step, probeSize });
    await keeper.maybeKeep(compiled.model, step);
    const classification = compiled.model.dataset.task === 'classification';
    // 2-D points: the grid feeds `x`, and borrows other fields from the nearest example.
    const extent = classification ? extentOf(data) : undefined;
    plane = extent ? preparePlane(data, extent) : undefined;
    // A regression on one or two features: its fitted curve or surface.
    fit = classification ? undefined : planFit(data);
    let drawable = Boolean(plane ?? fit);
    // A regression has no accuracy: its dataset's own held-out figures (R², mean absolute error) stand in.
    const heldOutMetrics = heldOutScorer(msg.graph, compiled, session);
    post({ type: 'started', runId: r.id, info: { total, params: compiled.params, flopsPerExample: compiled.flopsPerExample, datasetKind: data.inputs['x']?.shape.length === 2 && extent ? 'points2d' : 'other', classification, fitFigures: heldOutMetrics !== undefined } });
    // The boundary grid costs a forward pass: keep it under ~10% of the time, and at most 4 a second.
    let nextGrid = -Infinity;
    const grid = async (force: boolean) => {
      if (!drawable || (!force && performance.now() < nextGrid)) return;
      const t0 = performance.now();
      try {
        const g = plane && (await planeGrid(compiled, plane, step));
        if (g) batcher.setBoundary(g);
        if (fit) batcher.setFit(await fitGrid(compiled, fit, step));
      } catch (err) {
        console.warn('GateLab worker: no decision boundary or fitted curve for this graph', err);
        drawable = false;
        return;
      }
      const cost = performance.now() - t0;
      nextGrid = performance.now() + Math.max(250, 9 * cost);
    };
    await grid(true);
    flush(true);
    const it = (ctx.train ?? train)(compiled, session, { schedule, probeSize, shouldStop: () => r.stopped, startStep });
    let owed = 0; // eval/stats events that belong to the step just taken
    let lastYield = performance.now();
    post({ type: 'state', runId: r.id, state: r.paused ? 'paused' : 'running' });
    for (;;) {
      if (owed === 0 && r.holding) {
        await grid(true);
        flush(true);
        post({ type: 'state', runId: r.id, state: 'paused' });
        await r.wait();
        if (!r.paused) post({ type: 'state', runId: r.id, state: 'running' });
        continue;
      }
      if (r.stopped) break;
      const next: IteratorResult<TrainEvent> = await it.next();
      if (next.done) break;
      const ev = next.value;
      if (ev.kind === 'step') {
        step = ev.step;
        const mine = live.of(r.id);
        if (mine) mine.step = step;
        r.tookStep();
        batcher.step(ev.step, ev.loss, ev.accuracy, ev.ms, ev.aux);
        const due = dueAfter(schedule, ev.step);
        owed = Number(due.eval) + Number(due.stats);
        await grid(false);
        await keeper.maybeKeep(compiled.model, step);
      } else if (ev.kind === 'eval') {
        owed = Math.max(0, owed - 1);
        const metrics = heldOutMetrics ? await heldOutMetrics() : undefined;
        batcher.eval({ step: ev.step, loss: ev.loss, ...(ev.accuracy !== undefined ? { accuracy: ev.accuracy } : {}), ...(metrics ? { metrics } : {}) });
      } else if (ev.kind === 'stats') {
        owed = Math.max(0, owed - 1);
        batcher.setStats({ step: ev.step, stats: ev.stats });
      } else {
        flush(true);
        // No finite trained weights left: the weights held are no result, so nothing exports them.
        if (ev.noResult) { const mine = live.of(r.id); if (mine) mine.step = 0; }
        post(failedMessage(r.id, 'nan', ev.error.message, [ev.error], ev.step + 1));
        await it.return(undefined);
        return undefined;
      }
      flush();
      // The first step is on screen: now the backends may be timed (chooseFor started this graph on wasm).
      if (ev.kind === 'step' && ev.step === startStep + 1) { flush(true); await failover.timeNow(); }
      if (performance.now() - lastYield > 16) { await ctx.yieldToEvents(); lastYield = performance.now(); }
    }
    await it.return(undefined);
    await grid(true);
    flush(true);
    post({ type: 'state', runId: r.id, state: r.stopped ? 'stopped' : 'done' });
    return undefined;
  } catch (e) {
    flush(true);
    return await failover.caught(e, r.id, step, r.stopped ? null : () => keeper.rescue(compiled.model, step));
  } finally {
    plane?.dispose();
    fit?.dispose();
    // The weights stay for interventions until the next run or a reset retires them.
    if (!session || !live.holds(compiled)) { session?.dispose(); compiled.model.dispose(); }
  }
}
