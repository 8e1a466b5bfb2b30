/**
 * Editing inside a block: opening one puts its body on the canvas, edits there
 * are undone inside it, leaving writes the body back as one undo step of the
 * graph, and the whole document (what is saved, shared and trained) includes
 * the edit all along. The validation view inside shows the instance it was
 * opened from, by the ids on the canvas.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { makeBlock, placeBlock as placeInstance, type Graph } from '../../../engine';
import { documentGraph, useGraph } from '../../../src/store/graphStore';
import { useValidation, viewOf } from '../../../src/store/validation';
import { setParam } from '../../../src/store/actions';
import { editDefinition, openBlock, setExposed } from '../../../src/store/blockActions';
import { withBody } from '../../../src/store/blockBody';
import { gluBlockGraph } from '../../helpers/blocks';

const fnOf = (g: Graph, node: string) => g.blocks!.MyGLU!.nodes.find((n) => n.id === node)!.params?.fn;

describe('editing inside a block', () => {
  let start: Graph;
  beforeEach(() => {
    const r = placeInstance(gluBlockGraph(), 'MyGLU', { x: 0, y: 300 });
    if (!r.ok) throw new Error(r.errors[0]!.message);
    start = r.graph;
    useGraph.getState().reset(start);
  });

  it('opens the body, keeps edits inside until it is left, then one step undoes them all', () => {
    expect(openBlock('myglu')).toBe(true);
    expect(openBlock('nothing')).toBe(false);
    const s = useGraph.getState();
    expect(s.graph.nodes.map((n) => n.id).sort()).toEqual(['a', 'g', 'in', 'm', 'out', 's']);
    expect(s.past).toEqual([]);
    setParam('s', 'fn', 'tanh');
    setParam('a', 'bias', false);
    expect(useGraph.getState().past).toHaveLength(2);
    // saved, shared and trained while inside: the document with the edit
    expect(fnOf(documentGraph(), 's')).toBe('tanh');
    useGraph.getState().undo();
    useGraph.getState().leave();
    const out = useGraph.getState();
    expect(out.frames).toEqual([]);
    expect(fnOf(out.graph, 's')).toBe('tanh');
    expect(out.past.map((p) => p.label)).toEqual(['Edit block MyGLU']);
    out.undo();
    expect(useGraph.getState().graph).toBe(start);
  });

  it('leaving without an edit takes no step; undo with nothing left inside leaves the block', () => {
    openBlock('myglu2');
    useGraph.getState().undo();
    expect(useGraph.getState().frames).toEqual([]);
    expect(useGraph.getState().graph).toBe(start);
    expect(useGraph.getState().past).toEqual([]);
  });

  it('validation inside shows the opened instance by canvas ids; outside, a block stands for its gate', () => {
    const top = useValidation.getState();
    expect(top.gateInside.get('myglu')).toBe('myglu/s');
    expect(top.prefix).toBe('');
    openBlock('myglu');
    const inside = useValidation.getState();
    expect(inside.prefix).toBe('myglu/');
    expect(inside.shapes.get('a')?.outputs.out?.shape).toEqual(['B', 8]);
    expect([...inside.watched]).toEqual(['s']);
    expect(inside.errors).toEqual([]);
    // a problem inside: shown on the inner node, once, though both instances have it
    setParam('m', 'nonsense', 1);
    const v = viewOf(useGraph.getState().graph, 0, useGraph.getState().frames);
    expect(v.byNode.get('m')?.map((e) => e.block)).toEqual(['MyGLU']);
  });

  it('writes ports back as the port nodes inside now are', () => {
    const body = { ...start, nodes: [...start.blocks!.MyGLU!.nodes, { id: 'extra', type: 'BlockOutput' }] };
    const def = withBody(start, 'MyGLU', body).blocks!.MyGLU!;
    expect(def.outputs.map((p) => p.name)).toEqual(['out', 'extra']);
    expect(withBody(start, 'MyGLU', { ...start, nodes: start.blocks!.MyGLU!.nodes, edges: start.blocks!.MyGLU!.edges })).toBe(start);
  });

  it('opens a block inside a block; the edit reaches the inner definition through both', () => {
    const made = makeBlock(start, ['myglu', 'o'], { name: 'Outer' });
    if (!made.ok) throw new Error(made.errors[0]!.message);
    useGraph.getState().reset(made.graph);
    expect(openBlock(made.id)).toBe(true);
    expect(openBlock('myglu')).toBe(true);
    expect(useValidation.getState().prefix).toBe(`${made.id}/myglu/`);
    expect(useValidation.getState().shapes.get('a')?.outputs.out?.shape).toEqual(['B', 8]);
    setParam('s', 'fn', 'tanh');
    useGraph.getState().leave();
    useGraph.getState().leave();
    const out = useGraph.getState();
    expect(fnOf(out.graph, 's')).toBe('tanh');
    expect(out.past.map((p) => p.label)).toEqual(['Edit block Outer']);
    out.undo();
    expect(useGraph.getState().graph).toBe(made.graph);
  });

  it('shows an inner param on the block from inside, or stops: instances forget their values', () => {
    setParam('myglu', 'width', 4);
    openBlock('myglu');
    expect(setExposed('s', 'fn', 'gate')).toBeNull();
    expect(setExposed('a', 'units', null)).toBeNull();
    expect(setExposed('a', 'nonsense', 'x')).toMatch(/no param "nonsense"/);
    useGraph.getState().leave();
    const g = useGraph.getState().graph;
    expect(g.blocks!.MyGLU!.params?.map((p) => `${p.name}=${p.node}.${p.param}:${p.default}`)).toEqual(['gate=s.fn:sigmoid']);
    expect(g.nodes.find((n) => n.id === 'myglu')!.params).toEqual({ block: 'MyGLU' });
    expect(useValidation.getState().errors.filter((e) => e.nodeId === 'myglu')).toEqual([]);
    useGraph.getState().undo();
    expect(useGraph.getState().graph.nodes.find((n) => n.id === 'myglu')!.params).toEqual({ block: 'MyGLU', width: 4 });
  });

  it('renames and describes a definition in one step; a taken or bad name is refused', () => {
    expect(editDefinition('MyGLU', 'Glu', 'a GLU')).toBeNull();
    const g = useGraph.getState().graph;
    expect([Object.keys(g.blocks!), g.blocks!.Glu!.description, g.nodes.filter((n) => n.params?.block === 'Glu').length]).toEqual([['Glu'], 'a GLU', 2]);
    expect(editDefinition('Glu', '9lives', '')).toMatch(/cannot name a block/);
    useGraph.getState().undo();
    expect(useGraph.getState().graph).toBe(start);
  });
});
