import { beforeEach, describe, expect, it } from 'vitest';
import { getPreset } from '../../../engine';
import { useGraph } from '../../../src/store/graphStore';
import { useValidation } from '../../../src/store/validation';
import { useUi } from '../../../src/store/uiStore';
import { addNodeAt, deleteItems, duplicateSelection, repeatSelection, setParam, copySelection, paste } from '../../../src/store/actions';

const preset = getPreset('spiral-gated-mlp')!.graph;

describe('graph store and undo', () => {
  beforeEach(() => { useGraph.getState().reset(preset); useUi.getState().select([], []); });

  it('undoes and redoes a param edit as one step', () => {
    setParam('v1', 'units', 8);
    expect(useGraph.getState().byId.get('v1')!.params).toEqual({ units: 8 });
    expect(useGraph.getState().past).toHaveLength(1);
    useGraph.getState().undo();
    expect(useGraph.getState().graph).toBe(preset);
    useGraph.getState().redo();
    expect(useGraph.getState().byId.get('v1')!.params).toEqual({ units: 8 });
  });

  it('undoes a bulk delete of nodes and edges in one step', () => {
    deleteItems(['v1', 't1', 'g1'], ['e14']);
    expect(useGraph.getState().graph.nodes).toHaveLength(preset.nodes.length - 3);
    expect(useGraph.getState().past).toHaveLength(1);
    useGraph.getState().undo();
    expect(useGraph.getState().graph).toBe(preset);
  });

  it('takes one step per drag, however many moves it had', () => {
    const move = useGraph.getState().move;
    for (let i = 1; i <= 5; i++) move(new Map([['x', { x: 150 + i * 10, y: 0 }]]), false);
    move(new Map([['x', { x: 300, y: 0 }]]), true);
    const s = useGraph.getState();
    expect(s.past).toHaveLength(1);
    expect(s.byId.get('x')!.position).toEqual({ x: 300, y: 0 });
    s.undo();
    expect(useGraph.getState().graph).toBe(preset);
  });

  it('reruns validation on structural edits but not on moves', () => {
    const rev0 = useValidation.getState().rev;
    useGraph.getState().move(new Map([['x', { x: 10, y: 10 }]]), true);
    expect(useValidation.getState().rev).toBe(rev0);
    deleteItems([], ['e14']);
    const v = useValidation.getState();
    expect(v.rev).not.toBe(rev0);
    expect(v.byNode.get('y')?.[0]?.code).toBe('MISSING_INPUT');
  });

  it('adds, duplicates, copies and pastes, each one undo step, selecting the new nodes', () => {
    const id = addNodeAt('Dense', { x: 0, y: 0 })!;
    expect(useUi.getState().selectedNodes).toEqual([id]);
    duplicateSelection();
    const dup = useUi.getState().selectedNodes;
    expect(dup).toHaveLength(1);
    expect(dup[0]).not.toBe(id);
    copySelection();
    paste({ x: 50, y: 50 });
    expect(useGraph.getState().graph.nodes).toHaveLength(preset.nodes.length + 3);
    expect(useGraph.getState().past).toHaveLength(3);
  });

  it('adds a node after the selected one, connected', () => {
    const id = addNodeAt('Activation', { x: 0, y: 0 }, 'logits')!;
    expect(useGraph.getState().graph.edges.some((e) => e.source === 'logits' && e.target === id)).toBe(true);
  });

  it('repeats the selection as one step', () => {
    useUi.getState().select(['v2', 't2', 'g2', 's2', 'm2']);
    expect(repeatSelection(3)).toBeNull();
    expect(useGraph.getState().past).toHaveLength(1);
    expect(useValidation.getState().errors).toEqual([]);
    useGraph.getState().undo();
    expect(useGraph.getState().graph).toBe(preset);
  });
});

describe('clicks are not drags', () => {
  it('takes no undo step when a node is released where it was', () => {
    useGraph.getState().reset(preset);
    const at = preset.nodes[0]!.position!;
    useGraph.getState().move(new Map([['x', { ...at }]]), false);
    useGraph.getState().move(new Map([['x', { ...at }]]), true);
    expect(useGraph.getState().past).toHaveLength(0);
    expect(useGraph.getState().graph).toBe(preset);
  });
});
