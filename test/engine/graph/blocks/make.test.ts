import { describe, it, expect } from 'vitest';
import { detachBlock, makeBlock, placeBlock, renameBlock, renamePort, validateGraph, registry, editBlock, exposeParam, unexposeParam, type Graph } from '../../../../engine';
import { gluBlockGraph, gluGraph } from '../../../helpers/blocks';

const shapesOf = (g: Graph) => validateGraph(g, registry);

describe('makeBlock', () => {
  it('turns the selection into one instance whose ports are the crossing edges', () => {
    const g = gluBlockGraph();
    const def = g.blocks!.MyGLU!;
    // x feeds both Dense layers: one input port; m's output leaves: one output port
    expect(def.inputs).toEqual([{ name: 'in' }]);
    expect(def.outputs).toEqual([{ name: 'out' }]);
    expect(def.params).toEqual([{ name: 'width', node: 'a', param: 'units', default: 8 }, { name: 'width', node: 'g', param: 'units', default: 8 }]);
    expect(g.nodes.map((n) => n.id).sort()).toEqual(['myglu', 'o', 'x', 'y']);
    expect(g.edges.filter((e) => e.target === 'myglu')).toHaveLength(1);
    expect(g.edges.find((e) => e.source === 'myglu')).toMatchObject({ sourceHandle: 'out', target: 'o' });
    const v = shapesOf(g);
    expect(v.errors).toEqual([]);
    expect(v.shapes.get('myglu')).toEqual({ inputs: { in: { shape: ['B', 2], dtype: 'float32' } }, outputs: { out: { shape: ['B', 8], dtype: 'float32' } } });
    expect(v.shapes.get('myglu/s')!.outputs.out!.shape).toEqual(['B', 8]);
  });

  it('infers the same shapes as the plain graph it replaced', () => {
    const plain = shapesOf(gluGraph());
    const v = shapesOf(gluBlockGraph());
    for (const id of ['a', 'g', 's', 'm']) expect(v.shapes.get(`myglu/${id}`)).toEqual(plain.shapes.get(id));
  });

  it('refuses a bad name, an empty selection, the Input node and a taken name', () => {
    const g = gluGraph();
    expect(makeBlock(g, ['a'], { name: '1bad' }).ok).toBe(false);
    expect(makeBlock(g, [], { name: 'B' }).ok).toBe(false);
    const io = makeBlock(g, ['x', 'a'], { name: 'B' });
    expect(!io.ok && io.errors[0]!.message).toContain('Input node "x"');
    const twice = makeBlock(gluBlockGraph(), ['o'], { name: 'MyGLU' });
    expect(!twice.ok && twice.errors[0]!.message).toContain('already a block called "MyGLU"');
  });

  it('exposed params set the inner params per instance, shapes re-inferred per instance', () => {
    let g = gluBlockGraph();
    const placed = placeBlock(g, 'MyGLU', { x: 0, y: 300 });
    if (!placed.ok) throw new Error();
    g = placed.graph;
    g.nodes.find((n) => n.id === placed.id)!.params!.width = 3;
    g.edges.push({ id: 'p1', source: 'x', sourceHandle: 'out', target: placed.id, targetHandle: 'in' });
    const v = shapesOf(g);
    expect(v.shapes.get(`${placed.id}/m`)!.outputs.out!.shape).toEqual(['B', 3]);
    expect(v.shapes.get('myglu/m')!.outputs.out!.shape).toEqual(['B', 8]);
  });

  it('detach gives back the plain graph, exposed values written into the nodes', () => {
    const g = gluBlockGraph();
    g.nodes.find((n) => n.id === 'myglu')!.params!.width = 5;
    const r = detachBlock(g, 'myglu');
    if (!r.ok) throw new Error(r.errors[0]!.message);
    expect(r.ids!.sort()).toEqual(['a', 'g', 'm', 's']);
    const v = shapesOf(r.graph);
    expect(v.errors).toEqual([]);
    expect(v.shapes.get('m')!.outputs.out!.shape).toEqual(['B', 5]);
    const wires = (x: Graph) => x.edges.map((e) => `${e.source}.${e.sourceHandle}>${e.target}.${e.targetHandle}`).sort();
    expect(wires(r.graph)).toEqual(wires(gluGraph()));
  });

  it('renames a block everywhere, and exposes and hides params', () => {
    const r = renameBlock(gluBlockGraph(), 'MyGLU', 'Glu2');
    if (!r.ok) throw new Error();
    expect(Object.keys(r.graph.blocks!)).toEqual(['Glu2']);
    expect(r.graph.nodes.find((n) => n.id === 'myglu')!.params!.block).toBe('Glu2');
    const e = exposeParam(r.graph, 'Glu2', { node: 's', param: 'fn', as: 'gate' });
    if (!e.ok) throw new Error(e.errors[0]!.message);
    expect(e.graph.blocks!.Glu2!.params!.at(-1)).toEqual({ name: 'gate', node: 's', param: 'fn', default: 'sigmoid' });
    const h = unexposeParam(e.graph, 'Glu2', 'width');
    expect(h.ok && h.graph.blocks!.Glu2!.params!.map((p) => p.name)).toEqual(['gate']);
  });

  it('renames a port inside the block and at every instance, nested ones too', () => {
    const made = makeBlock(gluBlockGraph(), ['myglu'], { name: 'Outer' });
    if (!made.ok) throw new Error(made.errors[0]!.message);
    const r = renamePort(made.graph, 'MyGLU', 'out', 'y');
    if (!r.ok) throw new Error(r.errors[0]!.message);
    expect(r.graph.blocks!.MyGLU!.outputs).toEqual([{ name: 'y' }]);
    expect(r.graph.blocks!.Outer!.edges.find((e) => e.source === 'myglu')!.sourceHandle).toBe('y');
    expect(shapesOf(r.graph).errors).toEqual([]);
    expect(renamePort(r.graph, 'MyGLU', 'in', 'a').ok).toBe(false); // a node inside is called a
  });

  it('refuses a block that would contain itself, directly or through another', () => {
    const g = gluBlockGraph();
    const direct = placeBlock(g, 'MyGLU', { x: 0, y: 0 }, 'MyGLU');
    expect(!direct.ok && direct.errors[0]!.message).toMatch(/block "MyGLU" would contain itself/);
    // Outer holds MyGLU; then MyGLU is edited to hold Outer
    const made = makeBlock(g, ['myglu'], { name: 'Outer' });
    if (!made.ok) throw new Error(made.errors[0]!.message);
    const loop = editBlock(made.graph, 'MyGLU', (d) => ({ ...d, nodes: [...d.nodes, { id: 'o2', type: 'Block', params: { block: 'Outer' } }] }));
    expect(!loop.ok && loop.errors[0]!.message).toContain('MyGLU → Outer → MyGLU');
  });
});
