import { describe, it, expect, beforeAll } from 'vitest';
import { compile, generateDataset, prepareData, type Graph } from '../../../../engine';
import { plainPlan } from '../../../../engine/train/plain/plan';
import { chain } from '../../../helpers/graphs';
import { useBackend } from '../../../helpers/backend';

/** The ids of the plain net's kernels for graph g, in order. */
function kernelsOf(g: Graph): string[] {
  const r = compile(g);
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('; '));
  const session = prepareData(r.value, generateDataset(g));
  const plan = plainPlan(r.value, session);
  session.dispose();
  r.value.model.dispose();
  if (!('net' in plan)) throw new Error(plan.reason);
  return plan.net.nodes.map((n) => n.id);
}

describe('activations taken into the layer before them', () => {
  beforeAll(() => useBackend('cpu'));

  it('takes tanh, sigmoid and relu into the Dense before them, not GELU (its slope needs its input)', () => {
    const g = chain([['x', 'Input'], ['h1', 'Dense', { units: 8 }], ['a1', 'Activation', { fn: 'tanh' }], ['h2', 'Dense', { units: 8 }], ['a2', 'Activation', { fn: 'gelu' }],
      ['h3', 'Dense', { units: 8 }], ['a3', 'Activation', { fn: 'sigmoid' }], ['h4', 'Dense', { units: 8 }], ['a4', 'Activation', { fn: 'relu' }], ['o', 'Dense', { units: 2 }], ['y', 'Output']]);
    expect(kernelsOf(g)).toEqual(['h1', 'h2', 'a2', 'h3', 'h4', 'o']);
  });

  it('keeps the layer output where something else reads it too, and an activation of the input or of a merge', () => {
    const g = chain([['x', 'Input'], ['t0', 'Activation', { fn: 'tanh' }], ['h', 'Dense', { units: 8 }], ['t', 'Activation', { fn: 'tanh' }], ['a', 'Add'], ['s', 'Activation', { fn: 'sigmoid' }], ['o', 'Dense', { units: 2 }], ['y', 'Output']]);
    // h feeds both t and the Add; t is the Add's other input.
    g.edges = g.edges.filter((e) => e.target !== 'a');
    g.edges.push({ id: 'skip', source: 'h', sourceHandle: 'out', target: 'a', targetHandle: 'a' }, { id: 'br', source: 't', sourceHandle: 'out', target: 'a', targetHandle: 'b' });
    expect(kernelsOf(g)).toEqual(['t0', 'h', 't', 'a', 's', 'o']);
  });
});
