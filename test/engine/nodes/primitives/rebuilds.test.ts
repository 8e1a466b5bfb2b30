/**
 * The three gates rebuilt from primitives (engine/presets/blocks/) against
 * their built-in nodes: the built-in graph's weights, moved off their initial
 * values by seeded noise, are copied into the rebuilt graph; the outputs then
 * agree to 1e-6, and twenty training steps from there give the same losses
 * to 1e-5.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { compile, generateDataset, parseBlocksValue, prepareData, train, type Compiled, type Graph } from '../../../../engine';
import { heldOutBatch, outputsOn } from '../../serialize/helpers';
import { useBackend } from '../../../helpers/backend';
import { rebuiltGraph, spiralGraph, type Step } from './rebuild-graphs';
import rezero from '../../../../engine/presets/blocks/rezero.json';
import xglu from '../../../../engine/presets/blocks/xglu.json';
import top2 from '../../../../engine/presets/blocks/top2-moe.json';

const STEPS = 20;
const FILES = { rezero, xglu, top2 };

/** A weight inside a block instance: `instance/node/name`. */
const inner = (instance: string, node: string, name: string) => `${instance}/${node}/${name}`;

beforeAll(() => useBackend('wasm'));

/** How a rebuilt graph's variable is read from the built-in graph's weights. */
type Source = string | { from: string; index: number };

function compiled(g: Graph): Compiled {
  const c = compile(g);
  if (!c.ok) throw new Error(JSON.stringify(c.errors));
  return c.value;
}

/** Seeded noise on every weight, so no gate sits at its initial value (α = 0). */
function perturb(model: Compiled['model']): void {
  let seed = 1;
  for (const v of model.variables.values()) tf.tidy(() => v.assign(tf.add(v, tf.mul(0.1, tf.randomNormal(v.shape, 0, 1, 'float32', seed++)))));
}

/** Copies the built-in model's weights into the rebuilt one: by `map` (an expert's slice of a stacked weight), else by the same name. */
function copyWeights(from: Compiled['model'], to: Compiled['model'], map: Record<string, Source>): void {
  for (const [name, v] of to.variables) {
    const src = map[name] ?? name;
    const w = typeof src === 'string' ? from.variables.get(src) : from.variables.get(src.from);
    expect(w, `no weight for ${name}`).toBeDefined();
    tf.tidy(() => v.assign(tf.reshape(typeof src === 'string' ? w! : tf.gather(w!, src.index), v.shape)));
  }
}

async function losses(c: Compiled): Promise<number[]> {
  const session = prepareData(c, generateDataset(c.model.graph));
  const out: number[] = [];
  for await (const e of train(c, session, { steps: STEPS, evalEvery: 0, path: 'tfjs' })) if (e.kind === 'step') out.push(e.loss);
  session.dispose();
  return out;
}

/** The built-in graph and its rebuild agree on outputs (1e-6) and on a short training run (1e-5). */
async function expectSame(builtIn: Step[], rebuilt: Graph, map: Record<string, Source>): Promise<void> {
  const a = compiled(spiralGraph('built-in', builtIn));
  const b = compiled(rebuilt);
  perturb(a.model);
  copyWeights(a.model, b.model, map);
  const session = prepareData(a, generateDataset(a.model.graph));
  const batch = heldOutBatch(session, 16);
  const [ya, yb] = [await outputsOn(a, batch, true), await outputsOn(b, batch, true)];
  batch.dispose();
  session.dispose();
  expect(yb.shape).toEqual(ya.shape);
  ya.pred.forEach((v, i) => expect(Math.abs(v - yb.pred[i]!)).toBeLessThan(1e-6));
  expect(Math.abs(ya.loss - yb.loss)).toBeLessThan(1e-6);
  const [la, lb] = [await losses(a), await losses(b)];
  a.model.dispose();
  b.model.dispose();
  expect(la).toHaveLength(STEPS);
  la.forEach((v, i) => expect(Math.abs(v - lb[i]!), `step ${i + 1}: ${v} vs ${lb[i]}`).toBeLessThan(1e-5));
}

describe('gates rebuilt from primitives match the built-in nodes', () => {
  it('the example block files load as block files', () => {
    for (const [name, file] of Object.entries(FILES)) expect(parseBlocksValue(file), name).toMatchObject({ ok: true });
  });

  it('ReZero: x + Scale(f(x))', async () => {
    const common: Step[] = [
      { id: 'h', type: 'Dense', params: { units: 8 }, from: { in: 'x' } },
      { id: 'f', type: 'Dense', params: { units: 8 }, from: { in: 'h' } },
    ];
    const head: Step = { id: 'logits', type: 'Dense', params: { units: 2 }, from: { in: 'rz' } };
    await expectSame(
      [...common, { id: 'rz', type: 'ReZero', from: { x: 'h', fx: 'f' } }, head],
      rebuiltGraph(rezero, [...common, { id: 'rz', type: 'Block', params: { block: 'ReZeroFromParts' }, from: { x: 'h', fx: 'f' } }, head]),
      { [inner('rz', 'alpha', 'scale')]: 'rz/alpha' },
    );
  });

  it('xGLU: σ(u) + α · tanh(u/2) gating v', async () => {
    const h: Step = { id: 'h', type: 'Dense', params: { units: 16 }, from: { in: 'x' } };
    const head: Step = { id: 'logits', type: 'Dense', params: { units: 2 }, from: { in: 'glu' } };
    await expectSame(
      [h, { id: 'glu', type: 'ExpandedGLU', params: { fn: 'sigmoid', order: 'first' }, from: { in: 'h' } }, head],
      rebuiltGraph(xglu, [h, { id: 'glu', type: 'Block', params: { block: 'XGLUFromParts' }, from: { in: 'h' } }, head]),
      { [inner('glu', 'alpha', 'scale')]: 'glu/alpha' },
    );
  });

  for (const k of [2, 1]) {
    it(`top-${k} softmax router over two FFN experts with the balance loss`, async () => {
      const h: Step = { id: 'h', type: 'Dense', params: { units: 16 }, from: { in: 'x' } };
      const head: Step = { id: 'logits', type: 'Dense', params: { units: 2 }, from: { in: 'moe' } };
      const experts = [0, 1].flatMap((i) => [
        [inner('moe', `hidden${i}`, 'kernel'), { from: 'moe/w1', index: i }], [inner('moe', `hidden${i}`, 'bias'), { from: 'moe/b1', index: i }],
        [inner('moe', `expert${i}`, 'kernel'), { from: 'moe/w2', index: i }], [inner('moe', `expert${i}`, 'bias'), { from: 'moe/b2', index: i }],
      ] as const);
      await expectSame(
        [
          h,
          { id: 'r', type: 'TopKSoftmaxRouter', params: { experts: 2, k, balance: 0.01 }, from: { in: 'h' } },
          { id: 'moe', type: 'FFNExperts', params: { hidden: 16 }, from: { in: 'h', weights: 'r.weights' } },
          head,
        ],
        // the AuxLoss weight is α · E / k
        rebuiltGraph(top2, [h, { id: 'moe', type: 'Block', params: { block: 'Top2MoEFromParts', k, balance: (0.01 * 2) / k }, from: { in: 'h' } }, head]),
        { [inner('moe', 'scores', 'kernel')]: 'r/kernel', [inner('moe', 'scores', 'bias')]: 'r/bias', ...Object.fromEntries(experts) },
      );
    });
  }
});
