/**
 * Node migrations: a file stores each node's type version, parseGraph runs the type's `migrate`
 * steps from that version to the current one (params and variant settings alike), and a node
 * from a newer GateLab is refused where it stands. EarlyExitStack's version 2 (asReleased renamed
 * meanExitLoss) is the real case: a file saved before the rename opens to the graph written after it.
 */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseGraph, parseGraphValue, registry, validateGraph, type Graph } from '../../../engine';
import { ALL_NODES } from '../../../engine/nodes';
import { createRegistry } from '../../../engine/registry/registry';
import type { NodeDef } from '../../../engine/registry/defineNode';
import { chain, clone } from '../../helpers/graphs';

const OLD_FILE = readFileSync(join(__dirname, 'fixtures', 'early-exit-v1.gatelab.json'), 'utf8');

function parsed(text: string): Graph {
  const r = parseGraph(text);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
}

describe('node versions', () => {
  it('a file without node versions (every file before them) opens with each node at its type\'s current version', () => {
    const g = parsed(readFileSync(join(__dirname, '..', '..', '..', 'engine', 'presets', 'spiral-mlp.json'), 'utf8'));
    for (const n of g.nodes) expect(n.version).toBe(registry.get(n.type)!.version);
  });

  it('a node saved by a newer GateLab is refused, located at the node', () => {
    const g = chain([['x', 'Input'], ['h', 'Dense', { units: 4 }], ['y', 'Output']]);
    g.nodes[1]!.version = registry.get('Dense')!.version + 1;
    const r = parseGraphValue(g);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toMatchObject({ code: 'BAD_VERSION', nodeId: 'h', path: 'nodes[1].version' });
  });

  it('a type whose version has no migrate step from an older one is refused when the registry is built', () => {
    const dense = registry.get('Dense')!;
    expect(() => createRegistry([{ ...dense, version: 3, migrate: { 1: (p) => p } }])).toThrow(/no migrate step from version 2/);
  });
});

describe('migrate steps', () => {
  // Dense at a made-up version 3: 1 → 2 renamed `width` to `units`, 2 → 3 halved `units`.
  const dense = registry.get('Dense')!;
  const steps: NodeDef['migrate'] = {
    1: ({ width, ...rest }) => (width === undefined ? rest : { ...rest, units: width }),
    2: (p) => (typeof p.units === 'number' ? { ...p, units: p.units / 2 } : p),
  };
  const types = createRegistry([...ALL_NODES.filter((d) => d.type !== 'Dense'), { ...dense, version: 3, migrate: steps }]);

  it('run from the file\'s version of each node to the current one, in order, and on variant settings too', () => {
    const g = chain([['x', 'Input'], ['a', 'Dense', { width: 8 }], ['b', 'Dense', { units: 8 }], ['y', 'Output']]);
    g.nodes[2]!.version = 2;
    g.variants = [{ name: 'wide', set: { 'a.width': 16, 'b.units': 16, 'x.field': 'x' } }];
    const r = parseGraphValue(g, types);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.value.nodes.map((n) => [n.id, n.version, n.params])).toEqual([['x', 1, undefined], ['a', 3, { units: 4 }], ['b', 3, { units: 4 }], ['y', 1, undefined]]);
    expect(r.value.variants![0]!.set).toEqual({ 'a.units': 8, 'b.units': 8, 'x.field': 'x' });
  });

  it('run inside block definitions too, and an exposed param follows the param it sets', () => {
    const g = chain([['x', 'Input'], ['b', 'Block', { block: 'Wide' }], ['y', 'Output']]);
    g.edges = g.edges.map((e) => (e.target === 'b' ? { ...e, targetHandle: 'in' } : e));
    g.blocks = { Wide: {
      inputs: [{ name: 'in' }], outputs: [{ name: 'out' }],
      params: [{ name: 'w', node: 'd', param: 'width', default: 8 }],
      nodes: [{ id: 'in', type: 'BlockInput' }, { id: 'd', type: 'Dense', params: { width: 8 } }, { id: 'out', type: 'BlockOutput' }],
      edges: [{ id: 'e1', source: 'in', sourceHandle: 'out', target: 'd', targetHandle: 'in' }, { id: 'e2', source: 'd', sourceHandle: 'out', target: 'out', targetHandle: 'in' }],
    } };
    const r = parseGraphValue(g, types);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const def = r.value.blocks!.Wide!;
    expect(def.nodes.find((n) => n.id === 'd')).toMatchObject({ version: 3, params: { units: 4 } });
    expect(def.params).toEqual([{ name: 'w', node: 'd', param: 'units', default: 4 }]);
  });

  it('leave a graph already at the current versions as it is', () => {
    const g = chain([['x', 'Input'], ['a', 'Dense', { units: 8 }], ['y', 'Output']]);
    for (const n of g.nodes) n.version = types.get(n.type)!.version;
    const r = parseGraphValue(clone(g), types);
    expect(r.ok && r.value).toEqual(g);
  });
});

describe('EarlyExitStack version 2: asReleased is now meanExitLoss', () => {
  it('a file saved before the rename opens to the graph written after it', () => {
    const old = JSON.parse(OLD_FILE) as Graph;
    expect(old.nodes.find((n) => n.id === 'stack')).toMatchObject({ params: { asReleased: true } });
    expect(old.nodes.every((n) => n.version === undefined)).toBe(true);
    // The same graph as it is written today, by hand.
    const today = clone(old);
    const stack = today.nodes.find((n) => n.id === 'stack')!;
    const { asReleased, ...params } = stack.params!;
    stack.params = { ...params, meanExitLoss: asReleased! };
    stack.version = 2;
    today.variants = [
      { name: 'released exit loss', set: { 'stack.meanExitLoss': true } },
      { name: 'P-weighted exit loss', set: { 'stack.meanExitLoss': false, 'stack.rule': 'learned' } },
    ];
    expect(parsed(OLD_FILE)).toEqual(parsed(JSON.stringify(today)));
  });

  it('the migrated file saved again opens unchanged: a step runs once', () => {
    const once = parsed(OLD_FILE);
    expect(parsed(JSON.stringify(once))).toEqual(once);
  });

  it('without the step the old file would not validate: asReleased is no longer a param', () => {
    const old = JSON.parse(OLD_FILE) as Graph;
    old.nodes.find((n) => n.id === 'stack')!.version = 2; // claims to be current, so no step runs
    const v = validateGraph(parsed(JSON.stringify(old)), registry);
    expect(v.errors).toContainEqual(expect.objectContaining({ code: 'UNKNOWN_PARAM', nodeId: 'stack' }));
    expect(validateGraph(parsed(OLD_FILE), registry).errors).toEqual([]);
  });
});
