/**
 * The page's side of the training worker: starts it, turns buttons into
 * messages, folds replies into runStore, and restarts the worker (saying so)
 * if it dies. The worker factory is injectable so tests can use a fake.
 */
import type { Graph } from '../../engine';
import { beginRun, receive, resetRun, useRun } from '../store/runStore';
import type { BackendRequest, FromWorker, RunOptions, ToWorker } from './protocol';

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
  /** Restarts the worker as after a crash (tests, and the fault benchmarks). */
  restart(why: string): void;
  dispose(): void;
}

const MAX_RESTARTS = 3;
const RESTART_WINDOW_MS = 30_000;

export function createBridge(factory: () => WorkerLike = defaultWorkerFactory): Bridge {
  let worker: WorkerLike;
  let restarts = 0;
  /** When recent restarts happened: a worker that dies on start must not restart forever. */
  const recent: number[] = [];
  const send = (m: ToWorker) => worker.postMessage(m);

  const spawn = () => {
    worker = factory();
    worker.onmessage = (e) => receive(e.data);
    worker.onerror = (e) => { e.preventDefault?.(); bridge.restart(e.message || 'the worker raised an error it did not handle'); };
    worker.onmessageerror = () => bridge.restart('a message from the worker could not be read');
    send({ type: 'init', backend: useRun.getState().backendRequest });
  };

  const start = (graph: Graph, graphRev: number, paused: boolean) => {
    const runId = beginRun(graphRev);
    send({ type: 'start', runId, graph, paused, ...(Object.keys(bridge.options).length ? { options: bridge.options } : {}) });
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
      try { worker.terminate(); } catch { /* already gone */ }
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
      worker.onerror = null;
      worker.terminate();
    },
  };
  spawn();
  return bridge;
}

let shared: Bridge | null = null;
/** The page's one bridge, created on first use. */
export function getBridge(): Bridge {
  shared ??= createBridge();
  return shared;
}
