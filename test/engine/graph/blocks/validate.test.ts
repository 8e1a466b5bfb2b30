import { describe, it, expect } from 'vitest';
import { makeBlock, parseGraphValue, validateGraph, registry, formatError, type Graph } from '../../../../engine';
import { gluBlockGraph } from '../../../helpers/blocks';
import { clone } from '../../../helpers/graphs';

const errorsOf = (g: Graph) => validateGraph(g, registry).errors;

describe('validating blocks', () => {
  it('locates a problem inside a block at the instance and at the node inside', () => {
    const g = gluBlockGraph();
    g.blocks!.MyGLU!.nodes.find((n) => n.id === 's')!.params = { fn: 'nope' };
    const [e, ...rest] = errorsOf(g);
    expect(rest).toEqual([]);
    expect(e).toMatchObject({ code: 'BAD_PARAM', nodeId: 'myglu', block: 'MyGLU', blockNodeId: 's' });
    expect(e!.message).toMatch(/^in block MyGLU, node "s": param "fn" must be one of/);
    expect(formatError(e!)).toContain('at node "myglu" (block "MyGLU" node "s")');
  });

  it('shows a shape problem at each instance that has it, and only there', () => {
    const g = gluBlockGraph();
    g.nodes.push({ id: 'narrow', type: 'Block', params: { block: 'MyGLU', width: 3 } });
    g.edges.push({ id: 'in2', source: 'x', sourceHandle: 'out', target: 'narrow', targetHandle: 'in' });
    // inside the block, m multiplies a [B, width] by the gate; make the gate's Dense fixed at 8 wide
    g.blocks!.MyGLU!.params = g.blocks!.MyGLU!.params!.filter((p) => p.node !== 'g');
    g.blocks!.MyGLU!.nodes.find((n) => n.id === 'g')!.params = { units: 8 };
    const errs = errorsOf(g);
    expect(errs.map((e) => [e.code, e.nodeId, e.blockNodeId])).toEqual([['SHAPE_MISMATCH', 'narrow', 'm']]);
  });

  it('names an unconnected input at the instance port, and an unknown port on the edge', () => {
    const g = gluBlockGraph();
    g.edges = g.edges.filter((e) => e.target !== 'myglu');
    expect(errorsOf(g)).toContainEqual(expect.objectContaining({ code: 'MISSING_INPUT', nodeId: 'myglu', port: 'in', message: 'block MyGLU "myglu" needs its input "in" connected' }));
    const h = gluBlockGraph();
    h.edges.find((e) => e.target === 'myglu')!.targetHandle = 'zz';
    expect(errorsOf(h)).toContainEqual(expect.objectContaining({ code: 'UNKNOWN_PORT', nodeId: 'myglu', message: expect.stringContaining('no input "zz" (inputs: in)') }));
  });

  it('checks instance params against the inner params they set', () => {
    const g = gluBlockGraph();
    g.nodes.find((n) => n.id === 'myglu')!.params = { block: 'MyGLU', width: 0, height: 2 };
    const errs = errorsOf(g);
    expect(errs).toContainEqual(expect.objectContaining({ code: 'BAD_PARAM', nodeId: 'myglu', message: expect.stringContaining('param "width" must be at least 1') }));
    expect(errs).toContainEqual(expect.objectContaining({ code: 'UNKNOWN_PARAM', nodeId: 'myglu', message: expect.stringContaining('(it exposes width)') }));
  });

  it('checks the definition itself: port nodes, exposed params, unknown blocks, self-containment', () => {
    const g = gluBlockGraph();
    const def = g.blocks!.MyGLU!;
    def.outputs.push({ name: 'extra' });
    def.params!.push({ name: 'depth', node: 'ghost', param: 'units', default: 1 });
    def.nodes.push({ id: 'inner', type: 'Block', params: { block: 'Nope' } });
    const errs = errorsOf(g);
    expect(errs).toContainEqual(expect.objectContaining({ code: 'BAD_BLOCK', block: 'MyGLU', message: 'in block MyGLU: its output "extra" has no BlockOutput node with the id "extra" inside' }));
    expect(errs).toContainEqual(expect.objectContaining({ code: 'BAD_BLOCK', block: 'MyGLU', message: expect.stringContaining('names node "ghost"') }));
    expect(errs).toContainEqual(expect.objectContaining({ code: 'UNKNOWN_BLOCK', block: 'MyGLU', blockNodeId: 'inner' }));

    const loop = gluBlockGraph();
    loop.blocks!.MyGLU!.nodes.push({ id: 'me', type: 'Block', params: { block: 'MyGLU' } });
    expect(errorsOf(loop)).toContainEqual(expect.objectContaining({ code: 'BAD_BLOCK', message: expect.stringContaining('block "MyGLU" would contain itself') }));
  });

  it('validates blocks within blocks, errors located at the outer instance and inside the inner block', () => {
    const made = makeBlock(gluBlockGraph(), ['myglu', 'o'], { name: 'Head', expose: [{ node: 'myglu', param: 'width' }] });
    if (!made.ok) throw new Error(made.errors[0]!.message);
    const g = made.graph;
    expect(errorsOf(g)).toEqual([]);
    const v = validateGraph(g, registry);
    expect([...v.instances]).toEqual([['head', 'Head'], ['head/myglu', 'MyGLU']]);
    g.nodes.find((n) => n.id === 'head')!.params!.width = 4;
    expect(validateGraph(g, registry).shapes.get('head/myglu/m')!.outputs.out!.shape).toEqual(['B', 4]);
    g.blocks!.MyGLU!.nodes.find((n) => n.id === 's')!.params = { fn: 'nope' };
    expect(errorsOf(g)).toEqual([expect.objectContaining({ nodeId: 'head', block: 'MyGLU', blockNodeId: 's', flatNodeId: 'head/myglu/s' })]);
  });

  it('a file with blocks parses, and its schema refuses unknown fields inside a definition', () => {
    const g = gluBlockGraph();
    const r = parseGraphValue(clone(g));
    if (!r.ok) throw new Error(r.errors[0]!.message);
    expect(r.value.blocks!.MyGLU!.params).toEqual(g.blocks!.MyGLU!.params);
    expect(r.value.blocks!.MyGLU!.nodes.find((n) => n.id === 's')!.version).toBe(1); // inner nodes carry their type's version like any node
    const bad = clone(g) as unknown as { blocks: { MyGLU: Record<string, unknown> } };
    bad.blocks.MyGLU.colour = 'red';
    const p = parseGraphValue(bad);
    expect(!p.ok && p.errors[0]!.message).toContain('blocks.MyGLU: unknown field "colour"');
  });

  it('variants set a block instance\'s exposed params', () => {
    const g = gluBlockGraph();
    g.variants = [{ name: 'wide', set: { 'myglu.width': 16 } }, { name: 'bad', set: { 'myglu.units': 16 } }];
    const errs = errorsOf(g);
    expect(errs.map((e) => e.message)).toEqual(['variant "bad" sets "myglu.units", which names no node param']);
  });

  it('stops a file whose blocks would inline to an enormous graph, quickly and with a reason', () => {
    // L0 passes its input through; each Lk chains two instances of L(k-1): L20 would inline to millions of nodes
    const g = gluBlockGraph();
    const port = (id: string, type: string) => ({ id, type });
    const wire = (id: string, source: string, target: string) => ({ id, source, sourceHandle: 'out', target, targetHandle: 'in' });
    g.blocks!.L0 = { inputs: [{ name: 'in' }], outputs: [{ name: 'out' }], nodes: [port('in', 'BlockInput'), port('out', 'BlockOutput')], edges: [wire('e', 'in', 'out')] };
    for (let k = 1; k <= 20; k++) {
      const inner = { block: `L${k - 1}` };
      g.blocks![`L${k}`] = {
        inputs: [{ name: 'in' }], outputs: [{ name: 'out' }],
        nodes: [port('in', 'BlockInput'), { id: 'a', type: 'Block', params: inner }, { id: 'b', type: 'Block', params: inner }, port('out', 'BlockOutput')],
        edges: [wire('e1', 'in', 'a'), wire('e2', 'a', 'b'), wire('e3', 'b', 'out')],
      };
    }
    g.nodes.find((n) => n.id === 'myglu')!.params = { block: 'L20' };
    const t0 = performance.now();
    const errs = errorsOf(g);
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(errs).toContainEqual(expect.objectContaining({ code: 'TOO_LARGE', nodeId: 'myglu' }));
  });
});
