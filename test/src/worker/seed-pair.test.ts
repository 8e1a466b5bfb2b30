/**
 * A/B runs over seeds: jobs spread over a pool of workers, each side trained
 * on the same seeds, the table's figures and the bands worked out by hand,
 * and the results dropped when the graph changes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type Graph, type RunFigures } from '../../../engine';
import { endSeedPair, poolSize, startSeedPair, stopSeedPair } from '../../../src/worker/seed-pair';
import { seedRun } from '../../../src/worker/seed-run';
import { seedTable, useSeedPair, type SeedRun } from '../../../src/store/seedPairStore';
import { useGraph } from '../../../src/store/graphStore';
import type { WorkerLike } from '../../../src/worker/bridge';
import type { SeedReply, ToWorker } from '../../../src/worker/protocol';
import { chain } from '../../helpers/graphs';
import { gluBlockGraph } from '../../helpers/blocks';
import { useBackend } from '../../helpers/backend';

class FakeWorker implements WorkerLike {
  sent: ToWorker[] = [];
  terminated = false;
  onmessage: WorkerLike['onmessage'] = null;
  onerror: WorkerLike['onerror'] = null;
  onmessageerror: WorkerLike['onmessageerror'] = null;
  postMessage(m: ToWorker) { this.sent.push(m); }
  terminate() { this.terminated = true; }
  reply(m: SeedReply) { this.onmessage?.({ data: m } as unknown as MessageEvent); }
  get jobs() { return this.sent.filter((m): m is Extract<ToWorker, { type: 'seedRun' }> => m.type === 'seedRun'); }
}

const graphA = (): Graph => {
  const g = chain([['x', 'Input'], ['d', 'Dense', { units: 4 }], ['head', 'ClassifierHead'], ['y', 'Output']]);
  g.training.seed = 10;
  g.training.steps = 12;
  return g;
};
const wider = (g: Graph): Graph => ({ ...g, nodes: g.nodes.map((n) => (n.id === 'd' ? { ...n, params: { units: 8 } } : n)) });
const done = (job: number, loss: number, accuracy: number, history: SeedRun['history'] = []): SeedReply =>
  ({ type: 'seedDone', job, figures: { loss, accuracy } as RunFigures, history });

describe('A/B runs over seeds', () => {
  afterEach(() => endSeedPair());

  it('sizes the pool by the cores, keeping one for the page', () => {
    expect(poolSize(10, 16)).toBe(6);
    expect(poolSize(4, 16)).toBe(4);
    expect(poolSize(4, 3)).toBe(2);
    expect(poolSize(4, 1)).toBe(1);
  });

  it('trains both sides on the same seeds in a pool, and tables mean ± std and the seeds A wins', () => {
    const made: FakeWorker[] = [];
    const a = graphA(), b = wider(a);
    useGraph.setState({ graph: a });
    startSeedPair(a, b, 'wider', 2, () => { const w = new FakeWorker(); made.push(w); return w; }, 3);
    expect(made).toHaveLength(2);
    // seed by seed: A and B of seed 10 first, then seed 11
    expect(made.map((w) => w.jobs[0]!.graph.training.seed)).toEqual([10, 10]);
    expect(made[0]!.jobs[0]!.graph.nodes.find((n) => n.id === 'd')!.params).toEqual({ units: 4 });
    expect(made[1]!.jobs[0]!.graph.nodes.find((n) => n.id === 'd')!.params).toEqual({ units: 8 });
    made[0]!.reply(done(0, 0.5, 0.8, [{ step: 5, loss: 1, evalLoss: 0.7 }, { step: 10, loss: 1, evalLoss: 0.5 }]));
    made[1]!.reply(done(1, 0.6, 0.7));
    expect(useSeedPair.getState().status).toBe('running');
    expect(made.map((w) => w.jobs.length)).toEqual([2, 2]); // each took the next job
    expect(made[0]!.jobs[1]!.graph.training.seed).toBe(11);
    made[1]!.reply(done(3, 0.4, 0.75));
    made[0]!.reply(done(2, 0.3, 0.9, [{ step: 5, loss: 1, evalLoss: 0.9 }, { step: 10, loss: 1, evalLoss: 0.3 }]));
    const s = useSeedPair.getState();
    expect(s.status).toBe('done');
    expect(s.seeds).toEqual([10, 11]);
    expect(made.every((w) => w.terminated)).toBe(true);

    const t = seedTable(s)!;
    expect(t.metrics).toEqual(['loss', 'accuracy']);
    // A: losses 0.5, 0.3 → mean 0.4, std √((0.01+0.01)/1) = 0.1414; B: 0.6, 0.4 → 0.5, 0.1414
    expect(t.a.mean.loss).toBeCloseTo(0.4, 12);
    expect(t.a.std.loss).toBeCloseTo(Math.SQRT2 / 10, 12);
    expect(t.b.mean.loss).toBeCloseTo(0.5, 12);
    expect(t.a.mean.accuracy).toBeCloseTo(0.85, 12);
    expect(t.holds).toMatchObject({ metric: 'loss', better: 'lower', holds: 2, of: 2 });

    // the band, worked out as the runs came in: at step 10, held-out losses 0.5 and 0.3 → 0.4 ± 0.1414
    const c = s.curves.a.evalLoss;
    expect(c.steps).toEqual([5, 10]);
    expect(c.mean[1]).toBeCloseTo(0.4, 12);
    expect(c.hi[1]! - c.lo[1]!).toBeCloseTo(2 * Math.SQRT2 / 10, 12);

    // editing the graph drops results that belong to the old one
    useGraph.setState({ graph: wider(a) });
    expect(useSeedPair.getState().status).toBe('idle');
  });

  it('keeps the results while a block is opened and closed or a node dragged; an edit inside the block drops them', () => {
    const made: FakeWorker[] = [];
    const g = gluBlockGraph();
    useGraph.getState().reset(g);
    startSeedPair(g, g, 'same', 1, () => { const w = new FakeWorker(); made.push(w); return w; }, 3);
    made[0]!.reply(done(0, 0.5, 0.8));
    const graph = useGraph.getState();
    expect(graph.enter('MyGLU', 'myglu')).toBe(true);
    graph.move(new Map([['a', { x: 5, y: 5 }]]), false);
    useGraph.getState().move(new Map([['a', { x: 9, y: 9 }]]), true);
    useGraph.getState().leave();
    expect(useSeedPair.getState()).toMatchObject({ status: 'running' });
    expect(useSeedPair.getState().a[0]?.figures.loss).toBe(0.5);
    useGraph.getState().enter('MyGLU', 'myglu');
    useGraph.getState().commit('wider', (b) => ({ ...b, nodes: b.nodes.map((n) => (n.id === 'a' ? { ...n, params: { units: 16 } } : n)) }));
    expect(useSeedPair.getState().status).toBe('idle');
  });

  it('judges on the graph’s headline metric and direction when it declares one', () => {
    const made: FakeWorker[] = [];
    const a = { ...graphA(), headline: { metric: 'accuracy', better: 'higher' as const, a: 'x', b: 'y' } };
    startSeedPair(a, wider(a), 'wider', 1, () => { const w = new FakeWorker(); made.push(w); return w; }, 2);
    made[0]!.reply(done(0, 0.5, 0.8));
    made[0]!.reply(done(1, 0.6, 0.9));
    const t = seedTable(useSeedPair.getState())!;
    expect(t.metrics[0]).toBe('accuracy');
    expect(t.holds).toMatchObject({ metric: 'accuracy', better: 'higher', holds: 0, of: 1 });
  });

  it('Stop ends every worker and keeps what finished; a failed run stops the rest and says why', () => {
    const made: FakeWorker[] = [];
    const factory = () => { const w = new FakeWorker(); made.push(w); return w; };
    startSeedPair(graphA(), wider(graphA()), 'wider', 3, factory, 8);
    expect(made).toHaveLength(6);
    made[0]!.reply(done(0, 0.5, 0.8));
    stopSeedPair();
    expect(made.every((w) => w.terminated)).toBe(true);
    expect(useSeedPair.getState()).toMatchObject({ status: 'stopped' });
    expect(useSeedPair.getState().a[0]?.figures.loss).toBe(0.5);

    made.length = 0;
    startSeedPair(graphA(), wider(graphA()), 'wider', 2, factory, 8);
    made[2]!.reply({ type: 'seedFailed', job: 2, message: 'out of memory' });
    expect(useSeedPair.getState()).toMatchObject({ status: 'failed', failure: 'out of memory' });
    expect(made.every((w) => w.terminated)).toBe(true);
  });

  it('a backend that cannot start, or a message that cannot be read, fails the runs too', () => {
    const made: FakeWorker[] = [];
    const factory = () => { const w = new FakeWorker(); made.push(w); return w; };
    startSeedPair(graphA(), wider(graphA()), 'wider', 1, factory, 3);
    made[1]!.onmessage?.({ data: { type: 'backendFailed', message: 'no backend could start' } } as MessageEvent);
    expect(useSeedPair.getState()).toMatchObject({ status: 'failed', failure: 'no backend could start' });
    made.length = 0;
    startSeedPair(graphA(), wider(graphA()), 'wider', 1, factory, 3);
    made[0]!.onmessageerror?.({} as MessageEvent);
    expect(useSeedPair.getState()).toMatchObject({ status: 'failed', failure: expect.stringMatching(/could not be read/) });
    expect(made.every((w) => w.terminated)).toBe(true);
  });

  it('a run in the worker names the backend it trained on, for the job it was given', async () => {
    await useBackend('cpu');
    const r = await seedRun(7, graphA());
    if (r.type !== 'seedDone') throw new Error(r.message);
    expect(r.job).toBe(7);
    expect(r.figures.backend).toBe('cpu');
    expect(r.figures.steps).toBe(12);
  });
});
