/**
 * The property every graph must have (issue 8): parse, validate and compile
 * never throw; a graph either trains a step or comes back with located errors.
 * `checkGraph` runs the whole pipeline on one raw graph object and says which
 * way it went, failing the test on an exception, a leak or an unlocated error.
 */
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';
import {
  ERROR_CODES, compile, generateDataset, parseGraphValue, prepareData, registry, train, validateGraph,
  type GraphError, type Graph, type Validation,
} from '../../../engine';

/** Errors about the graph as a whole: nothing narrower to point at. */
const GRAPH_LEVEL = new Set<string>(['NO_INPUT', 'NO_OUTPUT', 'NON_FINITE', 'BAD_FORMAT']);

export type Outcome = 'rejected-by-parse' | 'rejected-by-validation' | 'trained' | 'non-finite' | 'too-big-to-step' | 'too-big-to-compile' | KnownBug;

/**
 * Engine bugs these tests found, not yet fixed: the property skips them (and
 * counts them) so it keeps guarding everything else; known-bugs.test.ts pins
 * each with `it.fails`, which turns red once the bug is fixed: then delete
 * the entry here and there.
 */
export const KNOWN_BUGS: Record<string, RegExp> = {};

export type KnownBug = `known-bug:${string}`;

function knownBug(e: unknown): KnownBug | undefined {
  const msg = e instanceof Error ? e.message : String(e);
  for (const [name, re] of Object.entries(KNOWN_BUGS)) if (re.test(msg)) return `known-bug:${name}`;
  return undefined;
}

export function expectLocated(errors: readonly GraphError[], graph?: Graph): void {
  expect(errors.length).toBeGreaterThan(0);
  const nodeIds = new Set(graph?.nodes.map((n) => n.id));
  const edgeIds = new Set(graph?.edges.map((e) => e.id));
  for (const e of errors) {
    expect(Object.keys(ERROR_CODES), e.message).toContain(e.code);
    expect(typeof e.message).toBe('string');
    expect(e.message.length).toBeGreaterThan(5);
    const located = e.nodeId !== undefined || e.edgeId !== undefined || e.path !== undefined || GRAPH_LEVEL.has(e.code);
    expect(located, `unlocated error ${e.code}: ${e.message}`).toBe(true);
    // a located error points at something that exists in the file
    if (graph && e.nodeId !== undefined) expect(nodeIds.has(e.nodeId), `${e.code} names node "${e.nodeId}", not in the graph`).toBe(true);
    if (graph && e.edgeId !== undefined) expect(edgeIds.has(e.edgeId), `${e.code} names edge "${e.edgeId}", not in the graph`).toBe(true);
  }
}

/**
 * Weights a graph would have, from each node's `build` run against a variable
 * maker that only counts: no memory, no initialisation. The engine has no size
 * budget of its own (a 4096-wide Dense before a deep ResidualStack allocates
 * billions of weights), so the property compiles only what fits this one.
 */
export function estimateParams(v: Validation): number {
  let count = 0;
  const dummy = {} as tf.Variable;
  const maker = {
    make: (_n: string, shape: number[]) => { count += shape.reduce((a, b) => a * b, 1); return dummy; },
    scalar: () => { count += 1; return dummy; },
  };
  for (const n of v.flat.nodes) { // blocks inlined: the nodes that make weights
    const def = registry.get(n.type), shapes = v.shapes.get(n.id);
    if (!def?.build || !shapes || !v.dataset) continue;
    def.build({ params: v.params.get(n.id) as never, inputs: shapes.inputs as never, v: maker, dataset: v.dataset });
  }
  return count;
}

/** Compile and step limits so a graph with params at their extremes stays quick on 2 cores. */
const MAX_COMPILE_PARAMS = 4_000_000;
const MAX_PARAMS = 3_000_000;
const MAX_STEP_FLOPS = 1e8;
const MAX_STEP_BATCH = 8;

/** Runs one raw graph through parse → validate → compile → one training step; a failure shows the graph. */
export async function checkGraph(raw: unknown): Promise<Outcome> {
  const times: Record<string, number> = {};
  try {
    const outcome = await pipeline(raw, times);
    const slow = Object.entries(times).filter(([, ms]) => ms > SLOW_MS);
    if (slow.length) console.warn(`slow: ${slow.map(([k, ms]) => `${k} ${ms.toFixed(0)} ms`).join(', ')} (${outcome}): ${JSON.stringify(raw).slice(0, 300)}`);
    return outcome;
  } catch (e) {
    if (e instanceof Error) e.message += `\n  stage times: ${JSON.stringify(times)}\n  graph: ${JSON.stringify(raw)}`;
    throw e;
  }
}

const SLOW_MS = 3000;

function timed<T>(times: Record<string, number>, stage: string, f: () => T): T {
  const t0 = performance.now();
  try { return f(); } finally { times[stage] = performance.now() - t0; }
}

async function pipeline(raw: unknown, times: Record<string, number>): Promise<Outcome> {
  const before = tf.memory().numTensors;
  const parsed = timed(times, 'parse', () => parseGraphValue(raw));
  if (!parsed.ok) {
    expectLocated(parsed.errors);
    return 'rejected-by-parse';
  }
  const graph = parsed.value;
  // A mutation may ask for a batch of 4096: the property is about the graph, so step a small batch.
  graph.training.batchSize = Math.min(graph.training.batchSize, MAX_STEP_BATCH);
  const v = timed(times, 'validate', () => validateGraph(graph, registry));
  if (!v.errors.length && estimateParams(v) > MAX_COMPILE_PARAMS) return 'too-big-to-compile';
  const c = timed(times, 'compile', () => compile(graph));
  if (!c.ok && v.errors.length === 0) {
    // The one error only building finds: more weights than the engine allows.
    expectLocated(c.errors, graph);
    expect(c.errors.map((e) => e.code)).toEqual(['MODEL_TOO_LARGE']);
    expect(tf.memory().numTensors).toBe(before);
    return 'too-big-to-step';
  }
  expect(c.ok).toBe(v.errors.length === 0);
  if (!c.ok) {
    expectLocated(c.errors, graph);
    expect(c.errors.map((e) => e.code).sort()).toEqual(v.errors.map((e) => e.code).sort());
    expect(tf.memory().numTensors).toBe(before);
    return 'rejected-by-validation';
  }
  const compiled = c.value;
  let outcome: Outcome | undefined;
  let allowedLeak = 0;
  try {
    if (compiled.params > MAX_PARAMS || compiled.flopsPerExample * graph.training.batchSize * 3 > MAX_STEP_FLOPS) return (outcome = 'too-big-to-step');
    const data = timed(times, 'generate', () => generateDataset(graph));
    const session = prepareData(compiled, data);
    const t0 = performance.now();
    try {
      for await (const e of train(compiled, session, { steps: 1, evalEvery: 0, statsEvery: 1, probeSize: 8 })) {
        if (e.kind === 'step') {
          expect(Number.isFinite(e.loss), `step loss ${e.loss}`).toBe(true);
          outcome = 'trained';
        } else if (e.kind === 'failed') {
          expect(e.error.code).toBe('NON_FINITE');
          expectLocated([e.error], graph);
          outcome = 'non-finite';
        }
      }
    } catch (e) {
      const bug = knownBug(e);
      if (!bug) throw e;
      outcome = bug;
      allowedLeak = Infinity; // an exception inside tfjs's gradient tape strands tensors
    } finally {
      times.step = performance.now() - t0;
      session.dispose();
    }
    expect(outcome, 'training yielded neither a step nor a located failure').toBeDefined();
    return outcome!;
  } finally {
    compiled.model.dispose();
    // checked only when all went well, so an assertion here never hides the real error
    if (outcome !== undefined && allowedLeak !== Infinity) {
      expect(tf.memory().numTensors, 'tensors left after compile, one step and dispose').toBe(before + allowedLeak);
    }
  }
}
/** Tally of outcomes, so a test can insist the property was not passed vacuously. */
export function tally(): { add(o: Outcome): void; counts: Partial<Record<Outcome, number>> } {
  const counts: Partial<Record<Outcome, number>> = {};
  return { add: (o) => { counts[o] = (counts[o] ?? 0) + 1; }, counts };
}

/**
 * fast-check options. Runs are modest by default (2 shared cores) and the seed
 * fixed so CI is reproducible; GATELAB_PROPERTY_RUNS=500 runs more, and
 * GATELAB_PROPERTY_SEED=random (or a number) explores other cases.
 */
export function fcOptions(numRuns: number, baseSeed: number): { numRuns: number; seed?: number; endOnFailure: true } {
  const runsEnv = Number(process.env.GATELAB_PROPERTY_RUNS);
  const seedEnv = process.env.GATELAB_PROPERTY_SEED;
  const out: { numRuns: number; seed?: number; endOnFailure: true } = {
    numRuns: Number.isFinite(runsEnv) && runsEnv > 0 ? runsEnv : numRuns,
    endOnFailure: true,
  };
  if (seedEnv !== 'random') out.seed = seedEnv !== undefined && Number.isFinite(Number(seedEnv)) ? Number(seedEnv) : baseSeed;
  return out;
}
