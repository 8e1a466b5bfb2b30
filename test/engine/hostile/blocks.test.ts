/**
 * Damaged block definitions: whatever is cut from, renamed in or rewired
 * inside a graph's blocks, validation answers with located, coded errors and
 * never throws, and a graph that validates compiles.
 */
import { describe, expect, it } from 'vitest';
import { compile, createRng, ERROR_CODES, registry, validateGraph, type Graph } from '../../../engine';
import { nestedBlockGraph } from '../../helpers/blocks';
import { clone } from '../../helpers/graphs';
import { useBackend } from '../../helpers/backend';

type Rng = ReturnType<typeof createRng>;
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng.next() * xs.length)]!;

/** One random damage to a block definition or to how the graph uses it. */
function damage(g: Graph, rng: Rng): void {
  const name = pick(rng, Object.keys(g.blocks!));
  const def = g.blocks![name]!;
  const instances = [...g.nodes, ...Object.values(g.blocks!).flatMap((d) => d.nodes)].filter((n) => n.type === 'Block');
  switch (Math.floor(rng.next() * 9)) {
    case 0: def.nodes.splice(Math.floor(rng.next() * def.nodes.length), 1); break;
    case 1: def.edges.splice(Math.floor(rng.next() * def.edges.length), 1); break;
    case 2: pick(rng, def.inputs.length ? def.inputs : def.outputs).name = 'renamed'; break;
    case 3: { const e = pick(rng, def.edges); e.target = pick(rng, def.nodes).id; break; }
    case 4: (def.params ??= []).push({ name: 'p', node: pick(rng, def.nodes).id, param: pick(rng, ['units', 'fn', 'nope', 'width']), default: pick(rng, [0, 3, 'relu', true]) }); break;
    case 5: pick(rng, instances).params = { block: pick(rng, [...Object.keys(g.blocks!), 'Missing']) };
      break;
    case 6: pick(rng, instances).params!.width = pick(rng, [-1, 0, 2.5, 'wide', 1e9]); break;
    case 7: def.nodes.push({ id: pick(rng, ['in', 'out', 'x', 'y']), type: pick(rng, ['Input', 'Output', 'BlockInput', 'BlockOutput']) }); break;
    case 8: g.nodes.push({ id: 'stray', type: pick(rng, ['BlockInput', 'BlockOutput']) }); break;
  }
}

describe('damaged blocks', () => {
  it('200 damaged graphs: validation never throws, every error is coded, worded and located, and those that validate compile', async () => {
    await useBackend('cpu');
    const rng = createRng(15);
    let valid = 0;
    for (let i = 0; i < 200; i++) {
      const g = clone(nestedBlockGraph());
      for (let k = 1 + Math.floor(rng.next() * 3); k > 0; k--) damage(g, rng);
      const v = validateGraph(g, registry);
      for (const e of v.errors) {
        expect(Object.keys(ERROR_CODES)).toContain(e.code);
        expect(e.message.length).toBeGreaterThan(15);
        expect(e.nodeId ?? e.block ?? e.edgeId ?? e.path, e.message).toBeDefined();
      }
      if (v.errors.length) continue;
      valid++;
      const c = compile(g);
      expect(c.ok, JSON.stringify(!c.ok && c.errors)).toBe(true);
      if (c.ok) c.value.model.dispose();
    }
    expect(valid).toBeGreaterThan(5); // some damage is harmless (a width still in range): those must compile
  });
});
