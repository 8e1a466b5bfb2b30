/** A gated linear unit wired from Dense, Activation and Multiply, and the same made into a block. */
import { editBlock, makeBlock, placeBlock, type Graph } from '../../engine';
import { chain } from './graphs';

/** x → (a: Dense, g: Dense → s: sigmoid) → m = a ⊙ s → o: Dense 2 → y. */
export function gluGraph(width = 8): Graph {
  const g = chain([['x', 'Input'], ['a', 'Dense', { units: width }], ['m', 'Multiply'], ['o', 'Dense', { units: 2 }], ['y', 'Output']]);
  g.edges = g.edges.map((e) => (e.target === 'm' ? { ...e, targetHandle: 'a' } : e));
  g.nodes.push({ id: 'g', type: 'Dense', params: { units: width } }, { id: 's', type: 'Activation', params: { fn: 'sigmoid' } });
  g.edges.push(
    { id: 'eg', source: 'x', sourceHandle: 'out', target: 'g', targetHandle: 'in' },
    { id: 'es', source: 'g', sourceHandle: 'out', target: 's', targetHandle: 'in' },
    { id: 'em', source: 's', sourceHandle: 'out', target: 'm', targetHandle: 'b' },
  );
  g.nodes.forEach((n, i) => { n.position = { x: i * 100, y: 0 }; });
  return g;
}

/** The GLU as block MyGLU (width exposed on both Dense layers), one instance `myglu`. */
export function gluBlockGraph(width = 8): Graph {
  const r = makeBlock(gluGraph(width), ['a', 'g', 's', 'm'], {
    name: 'MyGLU', description: 'a gated linear unit',
    expose: [{ node: 'a', param: 'units', name: 'width' }, { node: 'g', param: 'units', name: 'width' }],
  });
  if (!r.ok) throw new Error(r.errors[0]!.message);
  return r.graph;
}

/**
 * Blocks within blocks: Head = (MyGLU → Dense 2), MyGLU with an auxiliary loss
 * on its gate; the graph adds Head's logits to those of a second, narrower
 * MyGLU instance: x → head → sum ← o2 ← myglu (width 4) ← x.
 */
export function nestedBlockGraph(): Graph {
  const withAux = editBlock(gluBlockGraph(), 'MyGLU', (d) => ({
    ...d,
    nodes: [...d.nodes, { id: 'aux', type: 'AuxLoss', params: { weight: 0.1 } }],
    edges: [...d.edges, { id: 'ea', source: 's', sourceHandle: 'out', target: 'aux', targetHandle: 'in' }],
  }));
  if (!withAux.ok) throw new Error(withAux.errors[0]!.message);
  const head = makeBlock(withAux.graph, ['myglu', 'o'], { name: 'Head', expose: [{ node: 'myglu', param: 'width' }] });
  if (!head.ok) throw new Error(head.errors[0]!.message);
  const second = placeBlock(head.graph, 'MyGLU', { x: 0, y: 300 });
  if (!second.ok) throw new Error(second.errors[0]!.message);
  const g = second.graph;
  g.nodes.find((n) => n.id === second.id)!.params!.width = 4;
  g.nodes.find((n) => n.id === head.id)!.params!.width = 6;
  g.nodes.push({ id: 'o2', type: 'Dense', params: { units: 2 } }, { id: 'sum', type: 'Add' });
  g.edges.find((e) => e.target === 'y')!.source = 'sum';
  g.edges.push(
    { id: 'i2', source: 'x', sourceHandle: 'out', target: second.id, targetHandle: 'in' },
    { id: 'f2', source: second.id, sourceHandle: 'out', target: 'o2', targetHandle: 'in' },
    { id: 's1', source: head.id, sourceHandle: 'out', target: 'sum', targetHandle: 'a' },
    { id: 's2', source: 'o2', sourceHandle: 'out', target: 'sum', targetHandle: 'b' },
  );
  return g;
}

/** The nested block graph with a third MyGLU, `tied`, sharing the weights of instance `myglu`: its logits are added in too. */
export function tiedBlockGraph(): Graph {
  const g = nestedBlockGraph();
  g.nodes.push({ id: 'tied', type: 'Block', params: { block: 'MyGLU', width: 4, tie: 'myglu' } }, { id: 'o3', type: 'Dense', params: { units: 2 } }, { id: 'sum2', type: 'Add' });
  g.edges.find((e) => e.target === 'y')!.source = 'sum2';
  g.edges.push(
    { id: 'i3', source: 'x', sourceHandle: 'out', target: 'tied', targetHandle: 'in' },
    { id: 'f3', source: 'tied', sourceHandle: 'out', target: 'o3', targetHandle: 'in' },
    { id: 't1', source: 'sum', sourceHandle: 'out', target: 'sum2', targetHandle: 'a' },
    { id: 't2', source: 'o3', sourceHandle: 'out', target: 'sum2', targetHandle: 'b' },
  );
  return g;
}
