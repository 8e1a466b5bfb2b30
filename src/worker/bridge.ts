/**
 * The page's side of the training worker: starts it, turns buttons into
 * messages, folds replies into runStore, restarts the worker (saying so) if it
 * dies, and says when it stops answering (a heartbeat), so the person can
 * restart it. The worker factory is injectable so tests can use a fake.
 */
import type { Graph, GraphError, ModelFile } from '../../engine';
import { beginLoadedRun, beginRun, receive, resetRun, useRun, weightsKey } from '../store/runStore';
import type { BackendRequest, FromWorker, LoadedModel, RunOptions, ToWorker, TracePick } from './protocol';
import { Heartbeat, PING_MS } from './heartbeat';

export interface WorkerLike {
  postMessage(m: ToWorker): void;
  terminate(): void;
  onmessage: ((e: MessageEvent<FromWorker>) => void) | null;
  onerror: ((e: ErrorEvent) => void) | null;
  onmessageerror: ((e: MessageEvent) => void) | null;
}

export const defaultWorkerFactory = (): WorkerLike =>
  new Worker(new URL('./train.worker.ts', import.meta.url), { type: 'module', name: 'gatelab-train' }) as unknown as WorkerLike;

export interface Bridge {
  /** Measurement rates for the next runs (telemetry views may ask for more). */
  options: RunOptions;
  train(graph: Graph, graphRev: number): void;
  pause(): void;
  stepOnce(graph: Graph, graphRev: number): void;
  reset(): void;
  setBackend(req: BackendRequest): void;
  /** Evaluates the current run's weights with these overrides (answered into interveneStore). */
  intervene(interventions: Record<string, number>): void;
  /** Measures every held-out example's confidence at each exit of `nodeId` (answered into exitStore). */
  exitTable(nodeId: string, exits: number): void;
  /** Asks for one held-out example's route (answered into traceStore). */
  trace(pick: TracePick): void;
  /** Asks for the held-out examples the weights get wrong (answered into traceStore). */
  misclassified(): void;
  /** The current run's weights as model file text (paused or finished runs). */
  exportModel(float16: boolean): Promise<{ ok: true; text: string } | { ok: false; error: string }>;
  /**
   * Loads a model file's weights into the worker. Only once they fit does `place` put
   * its graph on the canvas (returning the graph revision) and the run show them;
   * Train and Step then continue from them while the graph keeps their shapes.
   */
  loadModel(model: ModelFile, place: () => number): Promise<LoadedModel | { ok: false; message: string; errors: GraphError[] }>;
  /** Restarts the worker as after a crash (a stuck worker's Restart button, tests, and the fault benchmarks). */
  restart(why: string): void;
  dispose(): void;
}

/** Whether weights trained for graph `a` fit graph `b`. */
const sameWeights = (a: Graph, b: Graph): boolean => weightsKey(a) === weightsKey(b);

type Asked = Extract<ToWorker, { type: 'exportModel' | 'loadModel' }>;
type Answer = Extract<FromWorker, { type: 'modelFile' | 'modelLoaded' }>;
const RESTARTED = 'the training worker stopped and was restarted: try again';

const MAX_RESTARTS = 3;
const RESTART_WINDOW_MS = 30_000;

export function createBridge(factory: () => WorkerLike = defaultWorkerFactory, stuckMs?: number): Bridge {
  let worker: WorkerLike;
  let heartbeat: Heartbeat;
  let restarts = 0;
  /** When recent restarts happened: a worker that dies on start must not restart forever. */
  const recent: number[] = [];
  const send = (m: ToWorker) => worker.postMessage(m);
  /** Requests awaiting their one answer, by `req`; a restart answers them with null. */
  const waiting = new Map<number, (a: Answer | null) => void>();
  let nextReq = 1;
  const ask = (m: Asked) => new Promise<Answer | null>((res) => { waiting.set(m.req, res); send(m); });
  const answer = (m: FromWorker): boolean => {
    if (m.type !== 'modelFile' && m.type !== 'modelLoaded') return false;
    waiting.get(m.req)?.(m);
    waiting.delete(m.req);
    return true;
  };
  /** The run made of a loaded model, and its graph: Train continues from its weights. */
  let loaded: { runId: number; graph: Graph } | null = null;

  const spawn = () => {
    worker = factory();
    heartbeat = new Heartbeat(stuckMs);
    worker.onmessage = (e) => {
      heartbeat.heard();
      if (useRun.getState().workerStuck) useRun.setState({ workerStuck: false });
      if (!answer(e.data)) receive(e.data);
    };
    worker.onerror = (e) => { e.preventDefault?.(); bridge.restart(e.message || 'the worker raised an error it did not handle'); };
    worker.onmessageerror = () => bridge.restart('a message from the worker could not be read');
    send({ type: 'init', backend: useRun.getState().backendRequest });
  };

  const start = (graph: Graph, graphRev: number, paused: boolean) => {
    const from = loaded && loaded.runId === useRun.getState().runId && sameWeights(loaded.graph, graph) ? loaded.runId : undefined;
    const runId = beginRun(graphRev, graph);
    send({ type: 'start', runId, graph, paused, ...(Object.keys(bridge.options).length ? { options: bridge.options } : {}), ...(from !== undefined ? { continueFrom: from } : {}) });
  };

  const bridge: Bridge = {
    options: {},
    train(graph, graphRev) {
      const s = useRun.getState();
      if (s.status === 'paused' && s.graphRev === graphRev) { send({ type: 'resume' }); useRun.setState({ status: 'running' }); return; }
      start(graph, graphRev, false);
    },
    pause() {
      const s = useRun.getState();
      if (s.status === 'running' || s.status === 'starting') send({ type: 'pause' });
    },
    stepOnce(graph, graphRev) {
      const s = useRun.getState();
      if (s.status === 'paused' && s.graphRev === graphRev) send({ type: 'step' });
      else if (s.status === 'running') send({ type: 'pause' });
      else { start(graph, graphRev, true); send({ type: 'step' }); }
    },
    reset() {
      send({ type: 'stop' });
      resetRun();
    },
    intervene(interventions) {
      send({ type: 'intervene', runId: useRun.getState().runId, interventions });
    },
    exitTable(nodeId, exits) {
      send({ type: 'exitTable', runId: useRun.getState().runId, nodeId, exits });
    },
    trace(pick) {
      send({ type: 'trace', runId: useRun.getState().runId, pick });
    },
    misclassified() {
      send({ type: 'misclassified', runId: useRun.getState().runId });
    },
    async exportModel(float16) {
      const a = await ask({ type: 'exportModel', req: nextReq++, runId: useRun.getState().runId, float16 });
      return a?.type === 'modelFile' ? a.result : { ok: false, error: RESTARTED };
    },
    async loadModel(model, place) {
      const before = useRun.getState().runId;
      const a = await ask({ type: 'loadModel', req: nextReq++, runId: before + 1, model });
      if (a?.type !== 'modelLoaded') return { ok: false, message: RESTARTED, errors: [] };
      if (!a.result.ok) return a.result;
      if (useRun.getState().runId !== before) return { ok: false, message: 'Training started while the model was loading: open the file again.', errors: [] };
      loaded = { runId: beginLoadedRun(place(), a.result, model.graph), graph: model.graph };
      return a.result;
    },
    setBackend(req) {
      const s = useRun.getState();
      const busy = s.status === 'running' || s.status === 'paused' || s.status === 'starting';
      useRun.setState({ backendRequest: req, backend: null });
      if (busy) {
        resetRun();
        useRun.setState({ notice: 'The run was stopped to switch backends: press Train to start again.' });
      }
      send({ type: 'init', backend: req });
    },
    restart(why) {
      restarts++;
      useRun.setState({ workerStuck: false });
      try { worker.terminate(); } catch { /* already gone */ }
      for (const res of waiting.values()) res(null);
      waiting.clear();
      const now = Date.now();
      recent.push(now);
      while (recent.length && now - recent[0]! > RESTART_WINDOW_MS) recent.shift();
      if (recent.length > MAX_RESTARTS) {
        worker.onerror = null;
        useRun.setState({
          status: 'failed',
          backend: null,
          backendError: 'the training worker is not running',
          failure: { reason: 'crash', message: `The training worker keeps stopping (${why.slice(0, 200)}); it was restarted ${MAX_RESTARTS} times and is now left off. Reload the page to try again. Your graph is intact.`, errors: [] },
        });
        return;
      }
      const s = useRun.getState();
      const wasRunning = s.status === 'running' || s.status === 'starting' || s.status === 'paused';
      useRun.setState({
        backend: null,
        notice: `The training worker stopped unexpectedly (${why.slice(0, 200)}) and was restarted${restarts > 1 ? ` (${restarts} restarts so far)` : ''}. Your graph is intact${wasRunning ? ': press Train to run again' : ''}.`,
        ...(wasRunning ? { status: 'failed' as const, failure: { reason: 'crash' as const, message: `The worker crashed during training: ${why.slice(0, 200)}`, errors: [] } } : {}),
      });
      spawn();
    },
    dispose() {
      clearInterval(beat);
      worker.onerror = null;
      worker.terminate();
    },
  };
  spawn();
  const beat = setInterval(() => {
    const t = heartbeat.tick(Date.now());
    if (t.ping) send({ type: 'ping' });
    if (t.stuck && !useRun.getState().workerStuck) useRun.setState({ workerStuck: true });
  }, PING_MS);
  return bridge;
}

let shared: Bridge | null = null;
/** The page's one bridge, created on first use. */
export function getBridge(): Bridge {
  shared ??= createBridge();
  return shared;
}
