/**
 * Runs an A/B comparison over seeds: each side's graph trained once per seed,
 * whole and headless, in a pool of training workers beside the live run. The
 * results go to seedPairStore; editing the graph (or opening another) drops
 * them, as they belong to the graph that was trained.
 */
import type { Graph } from '../../engine';
import { documentGraph, useGraph } from '../store/graphStore';
import { clearPair } from '../store/pairStore';
import { useRun, weightsKey } from '../store/runStore';
import { beginSeedPair, clearSeedPair, pairHeadline, recordSeedRun, useSeedPair, type Side } from '../store/seedPairStore';
import { defaultWorkerFactory, type WorkerLike } from './bridge';
import { getPairRunner, startPair } from './pair';
import type { ToWorker } from './protocol';

/** Workers at most: each holds its own copy of the data and model. */
const MAX_WORKERS = 6;

/** Workers for `jobs` runs: one core stays with the page and the live run. */
export function poolSize(jobs: number, cores: number): number {
  return Math.max(1, Math.min(jobs, cores - 1, MAX_WORKERS));
}

const withSeed = (g: Graph, seed: number): Graph => ({ ...g, training: { ...g.training, seed } });
/** What a run trains: the model and its training settings, block definitions included, node positions left out. */
const trainedKey = (g: Graph) => weightsKey(g) + JSON.stringify([g.training, g.blocks ?? null], (k, v: unknown) => (k === 'position' ? undefined : v));

let pool: WorkerLike[] = [];
let unwatch: (() => void) | null = null;

export function stopSeedPair(): void {
  for (const w of pool) w.terminate();
  pool = [];
  unwatch?.();
  unwatch = null;
  if (useSeedPair.getState().status === 'running') useSeedPair.setState({ status: 'stopped' });
}

/** Stops any runs and forgets the results. */
export function endSeedPair(): void {
  stopSeedPair();
  clearSeedPair();
}

/**
 * Trains `graph` (A) and `graphB` on `seedCount` seeds each, from the graph's
 * own seed up; seed by seed, so each pair finishes close together.
 */
export function startSeedPair(graph: Graph, graphB: Graph, label: string, seedCount: number, factory: () => WorkerLike = defaultWorkerFactory, cores = navigator.hardwareConcurrency || 2): void {
  endSeedPair();
  const seeds = Array.from({ length: seedCount }, (_, i) => graph.training.seed + i);
  const jobs = seeds.flatMap((seed, index) => (['a', 'b'] as Side[]).map((side) => ({ side, index, graph: withSeed(side === 'a' ? graph : graphB, seed) })));
  const size = poolSize(jobs.length, cores);
  beginSeedPair(seeds, label, pairHeadline(graph, label), size);
  const run = useRun.getState();
  const backend = run.backend?.name ?? run.backendRequest;
  let next = 0;
  const feed = (w: WorkerLike) => {
    if (next >= jobs.length) { w.terminate(); pool = pool.filter((x) => x !== w); return; }
    const job = next++;
    w.postMessage({ type: 'seedRun', job, graph: jobs[job]!.graph } satisfies ToWorker);
  };
  const fail = (message: string) => { stopSeedPair(); useSeedPair.setState({ status: 'failed', failure: message }); };
  for (let i = 0; i < size; i++) {
    const w = factory();
    w.onmessage = ({ data: m }) => {
      // Besides the seed runs' replies the worker only reports its backend.
      if (m.type === 'seedFailed' || m.type === 'backendFailed') return fail(m.message);
      if (m.type !== 'seedDone') return;
      const j = jobs[m.job]!;
      recordSeedRun(j.side, j.index, { seed: seeds[j.index]!, figures: m.figures, history: m.history });
      feed(w);
    };
    w.onerror = (e) => { e.preventDefault?.(); fail(e.message || 'a seed run’s worker stopped'); };
    w.onmessageerror = () => fail('a message from a seed run’s worker could not be read');
    w.postMessage({ type: 'init', backend } satisfies ToWorker);
    pool.push(w);
    feed(w);
  }
  // The document's graph, as autosave reads it: entering or leaving a block changes only the open view, and a drag is one edit when it ends.
  const key = trainedKey(graph);
  unwatch = useGraph.subscribe((s, p) => { if (s.graph !== p.graph && !s.dragBase && trainedKey(documentGraph(s)) !== key) endSeedPair(); });
}

/**
 * The A/B view's start: one seed trains the live pair (both runs drawn as they
 * go), more train over seeds. One comparison at a time, as both would share
 * the cores and the panel.
 */
export function startComparison(graph: Graph, rev: number, graphB: Graph, label: string, seedCount: number): void {
  if (seedCount === 1) {
    endSeedPair();
    startPair(graph, rev, graphB, label);
  } else {
    getPairRunner().stop();
    clearPair();
    startSeedPair(graph, graphB, label, seedCount);
  }
}
