/**
 * The per-example reference the plain path is timed against is a real MLP:
 * its accumulated derivatives match finite differences of its squared error,
 * and its batch update lowers the error.
 */
import { describe, expect, it } from 'vitest';
import { SQUARE, backProp, buildNetwork, forwardProp, updateWeights } from '../../../app/cli/bench/playground-reference';
import { createRng } from '../../../engine';

describe('Playground-style reference MLP', () => {
  it('accumulates the derivatives of ½(output − target)², as finite differences give them', () => {
    const rng = createRng(3);
    const net = buildNetwork([2, 3, 3, 1], () => rng.next());
    const input = [0.4, -0.7], target = 1;
    forwardProp(net, input);
    backProp(net, target, SQUARE);
    const loss = () => SQUARE.error(forwardProp(net, input), target);
    for (const layer of net.slice(1)) {
      for (const node of layer) {
        for (const link of node.inputLinks) {
          const w = link.weight, h = 1e-6;
          link.weight = w + h; const up = loss();
          link.weight = w - h; const down = loss();
          link.weight = w;
          expect(link.accErrorDer).toBeCloseTo((up - down) / (2 * h), 6);
        }
      }
    }
  });

  it('lowers the error with an update every batch', () => {
    const rng = createRng(4);
    const net = buildNetwork([2, 4, 1], () => rng.next());
    const points: [number[], number][] = [[[0.5, 0.5], 1], [[-0.5, -0.5], -1], [[0.5, -0.5], 1], [[-0.5, 0.5], -1]];
    const error = () => points.reduce((s, [x, t]) => s + SQUARE.error(forwardProp(net, x), t), 0);
    const before = error();
    for (let epoch = 0; epoch < 50; epoch++) {
      for (const [x, t] of points) { forwardProp(net, x); backProp(net, t, SQUARE); }
      updateWeights(net, 0.1, 0);
    }
    expect(error()).toBeLessThan(before / 2);
  });
});
