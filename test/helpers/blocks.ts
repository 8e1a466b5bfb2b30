/** A gated linear unit wired from Dense, Activation and Multiply, and the same made into a block. */
import { makeBlock, type Graph } from '../../engine';
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
