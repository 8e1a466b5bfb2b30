/**
 * The second training worker, for run B of a paired comparison. It speaks
 * the same protocol as the main one; its replies go to pairStore. Started on
 * first use, with the backend run A actually uses, so both runs compare.
 */
import { ablate, applyVariant, type Graph } from '../../engine';
import { beginPair, clearPair, graphDiff, receivePair, usePair } from '../store/pairStore';
import { useRun } from '../store/runStore';
import { defaultWorkerFactory, getBridge, type WorkerLike } from './bridge';
import type { RunOptions } from './protocol';

export interface PairRunner {
  /** Trains `graphB` as run B; `label` says what it changes. */
  start(graphA: Graph, graphB: Graph, label?: string): void;
  stop(): void;
  dispose(): void;
}

/** `rates` gives the measurement rates (the main bridge's, so both runs probe alike). */
export function createPairRunner(factory: () => WorkerLike = defaultWorkerFactory, rates: () => RunOptions = () => getBridge().options): PairRunner {
  let worker: WorkerLike | null = null;
  const ensure = (): WorkerLike => {
    if (worker) return worker;
    const w = factory();
    w.onmessage = (e) => receivePair(e.data);
    w.onerror = (e) => { e.preventDefault?.(); usePair.setState({ status: 'failed', failure: e.message || 'run B’s worker stopped' }); worker?.terminate(); worker = null; };
    w.onmessageerror = () => usePair.setState({ status: 'failed', failure: 'a message from run B’s worker could not be read' });
    worker = w;
    return w;
  };
  return {
    start(graphA, graphB, label) {
      const w = ensure();
      const runId = beginPair(graphDiff(graphA, graphB), label);
      const run = useRun.getState();
      w.postMessage({ type: 'init', backend: run.backend?.name ?? run.backendRequest });
      const options = rates();
      w.postMessage({ type: 'start', runId, graph: graphB, paused: false, ...(Object.keys(options).length ? { options } : {}) });
    },
    stop() {
      worker?.postMessage({ type: 'stop' });
      if (usePair.getState().status !== 'idle') usePair.setState({ status: 'stopped' });
    },
    dispose() {
      worker?.terminate();
      worker = null;
      clearPair();
    },
  };
}

let shared: PairRunner | null = null;
export function getPairRunner(): PairRunner {
  shared ??= createPairRunner();
  return shared;
}

/** The graph with every gate switched off as its node type declares (`ablation`), or null when it has none that is on. */
export function gateOff(graph: Graph): Graph | null {
  return ablate(graph)?.graph ?? null;
}

/** The choices for run B: the graph's own variants that change something, then "attention gate off" where it applies. */
export function pairChoices(graph: Graph): { name: string; graph: Graph }[] {
  const out: { name: string; graph: Graph }[] = [];
  for (const v of graph.variants ?? []) {
    const g = applyVariant(graph, v.name);
    if (graphDiff(graph, g).length) out.push({ name: v.name, graph: g });
  }
  const off = ablate(graph);
  if (off && !out.some((c) => graphDiff(off.graph, c.graph).length === 0)) out.push({ name: off.label, graph: off.graph });
  return out;
}

/**
 * Starts the pair: run A (the graph as it is) in the main worker and run B in
 * the second, from the same seed at the same time.
 */
export function startPair(graph: Graph, rev: number, graphB: Graph, label?: string): void {
  // Both start now, from step 0: a run A already under way is restarted so the curves line up.
  const bridge = getBridge();
  if (useRun.getState().status !== 'idle') bridge.reset();
  bridge.train(graph, rev);
  getPairRunner().start(graph, graphB, label);
}
