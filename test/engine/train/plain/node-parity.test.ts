/**
 * Each node type's plain-JavaScript kernel against tfjs: a small graph built
 * around it trains 60 steps on both paths from the same weights and batches,
 * and the losses agree to 1e-4 (the gradients, checked by the training itself).
 */
import { describe, it, expect, beforeAll } from 'vitest';
import type { Graph, GraphNode } from '../../../../engine';
import { TRAINING_2D, clone } from '../../../helpers/graphs';
import { useBackend } from '../../../helpers/backend';
import { evals, maxRelDiff, run, steps } from './runs';
import { gluBlockGraph } from '../../../helpers/blocks';
import { rebuiltGraph } from '../../nodes/primitives/rebuild-graphs';
import xglu from '../../../../engine/presets/blocks/xglu.json';

type Params = GraphNode['params'];

/**
 * A graph from nodes and wires written 'source->target.port' ('source->target'
 * goes to port in); x is the Input, y the Output.
 */
function graph(nodes: Record<string, [type: string, params?: Params]>, wires: string[]): Graph {
  const all = { x: ['Input'], ...nodes, y: ['Output'] } as Record<string, [string, Params?]>;
  return {
    format: 'gatelab/graph', version: 1, name: 'plain parity',
    nodes: Object.entries(all).map(([id, [type, params]]) => ({ id, type, ...(params ? { params } : {}) })),
    edges: wires.map((w, i) => {
      const [source, to] = w.split('->') as [string, string];
      const [target, port = 'in'] = to.split('.') as [string, string?];
      return { id: `e${i}`, source, sourceHandle: 'out', target, targetHandle: port };
    }),
    training: { ...clone(TRAINING_2D), optimizer: { name: 'adam', learningRate: 0.02 } },
  };
}

const d = (units: number, params?: Params): [string, Params] => ['Dense', { units, ...params }];
const act = (fn: string): [string, Params] => ['Activation', { fn }];

const CASES: [string, Graph][] = [
  ['Multiply', graph({ h: d(8), t: act('tanh'), s: act('sigmoid'), m: ['Multiply'], o: d(2) }, ['x->h', 'h->t', 'h->s', 't->m.a', 's->m.b', 'm->o', 'o->y'])],
  ['Add', graph({ h: d(8), r: d(8), a: ['Add'], t: act('tanh'), o: d(2) }, ['x->h', 'h->r', 'h->a.a', 'r->a.b', 'a->t', 't->o', 'o->y'])],
  ['Concat', graph({ h: d(8), g: act('gelu'), c: ['Concat'], o: d(2) }, ['x->h', 'h->g', 'g->c.a', 'x->c.b', 'c->o', 'o->y'])],
  ...['relu', 'tanh', 'sigmoid', 'gelu', 'silu', 'identity'].map((fn): [string, Graph] =>
    [`Activation ${fn}`, graph({ h1: d(8), a1: act(fn), h2: d(8, { bias: false }), a2: act(fn), o: d(2) }, ['x->h1', 'h1->a1', 'a1->h2', 'h2->a2', 'a2->o', 'o->y'])]),
  ['ClassifierHead', graph({ h: d(8), t: act('tanh'), head: ['ClassifierHead'] }, ['x->h', 'h->t', 't->head', 'head->y'])],
  ['ReZero', graph({ h: d(8), t: act('tanh'), f: d(8), z: ['ReZero', { init: 0.1 }], head: ['ClassifierHead'] }, ['x->h', 'h->t', 't->f', 't->z.x', 'f->z.fx', 'z->head', 'head->y'])],
  ...['rezero', 'residual', 'none'].map((kind): [string, Graph] =>
    [`ResidualStack ${kind}`, graph({ h: d(8), r: act('relu'), stack: ['ResidualStack', { depth: 3, residual: kind, alphaInit: 0.1 }], head: ['ClassifierHead'] }, ['x->h', 'h->r', 'r->stack', 'stack->head', 'head->y'])]),
  ...([['arctan', {}], ['erf', { perChannel: true, alphaInit: 0.2 }], ['sigmoid', { learnAlpha: false, alphaInit: 0.3 }]] as const).map(([fn, p]): [string, Graph] =>
    [`ExpandedSelfGate ${fn} ${JSON.stringify(p)}`, graph({ h: d(8), g: ['ExpandedSelfGate', { fn, ...p }], head: ['ClassifierHead'] }, ['x->h', 'h->g', 'g->head', 'head->y'])]),
  ...([['first', 'sigmoid'], ['second', 'erf'], ['second', 'arctan']] as const).map(([order, fn]): [string, Graph] =>
    [`ExpandedGLU ${order} ${fn}`, graph({ h: d(16), glu: ['ExpandedGLU', { order, fn, alphaInit: 0.1, perChannel: order === 'first' }], head: ['ClassifierHead'] }, ['x->h', 'h->glu', 'glu->head', 'head->y'])]),
  ...(['soft', 'hard', 'off'] as const).map((mode): [string, Graph] =>
    [`SoftAndGate ${mode}, x ⊙ g`, graph({ c: d(3), s: act('sigmoid'), v: d(6), t: act('tanh'), and: ['SoftAndGate', { mode, sharpness: 4 }], head: ['ClassifierHead'] }, ['x->c', 'c->s', 's->and.c', 'x->v', 'v->t', 't->and.x', 'and->head', 'head->y'])]),
  ['SoftAndGate x + g ⊙ fx', graph({ c: d(3), s: act('sigmoid'), v: d(6), t: act('tanh'), f: d(6), and: ['SoftAndGate', { sharpness: 4 }], head: ['ClassifierHead'] }, ['x->c', 'c->s', 's->and.c', 'x->v', 'v->t', 't->and.x', 't->f', 'f->and.fx', 'and->head', 'head->y'])],
  ['BlockInput and BlockOutput (a GLU made a block)', gluBlockGraph()],
  ['Scale: one s, one per channel, fixed', graph({ h: d(8), s1: ['Scale', { init: 0.5 }], s2: ['Scale', { init: 0.3, perChannel: true }], s3: ['Scale', { init: 2, learn: false }], t: act('tanh'), o: d(2) }, ['x->h', 'h->s1', 's1->s2', 's2->s3', 's3->t', 't->o', 'o->y'])],
  ['Slice', graph({ h: d(8), sl: ['Slice', { start: 2, size: 4 }], t: act('tanh'), o: d(2) }, ['x->h', 'h->sl', 'sl->t', 't->o', 'o->y'])],
  ['Split (the xGLU rebuilt from primitives)', rebuiltGraph(xglu, [
    { id: 'h', type: 'Dense', params: { units: 16 }, from: { in: 'x' } },
    { id: 'glu', type: 'Block', params: { block: 'XGLUFromParts', alphaInit: 0.1 }, from: { in: 'h' } },
    { id: 'o', type: 'Dense', params: { units: 2 }, from: { in: 'glu' } },
  ])],
  ['SoftAndGate, the gate alone', graph({ c: d(3), s: act('sigmoid'), and: ['SoftAndGate', { sharpness: 4 }], head: ['ClassifierHead'] }, ['x->c', 'c->s', 's->and.c', 'and->head', 'head->y'])],
];

describe('plain-JavaScript kernels of each node type', () => {
  beforeAll(() => useBackend('wasm'));

  it.each(CASES)('%s: losses equal tfjs\'s to 1e-4 over 60 steps, and so does the evaluation that reads the weights back', async (_, g) => {
    const opts = { steps: 60, evalEvery: 30 };
    const fast = await run(g, { ...opts, path: 'plain' }), slow = await run(g, { ...opts, path: 'tfjs' });
    expect(fast.reason).toBe('');
    expect(maxRelDiff(steps(fast.events).map((e) => e.loss), steps(slow.events).map((e) => e.loss))).toBeLessThan(1e-4);
    expect(maxRelDiff(evals(fast.events).map((e) => e.loss), evals(slow.events).map((e) => e.loss))).toBeLessThan(1e-3);
    expect(steps(fast.events)).toHaveLength(60);
  });
});
