/**
 * Make block: the selected nodes become one reusable block. The person names
 * it, describes it, and picks the inner params its instances show (each
 * under a name; params given one name are set together, as a GLU's two
 * widths). Edges that crossed the selection become the block's ports.
 */
import { useState } from 'react';
import { badBlockName, type Graph } from '../../engine';
import { useGraph } from '../../src/store/graphStore';
import { useUi } from '../../src/store/uiStore';
import { defOf } from '../../src/store/blockNodes';
import { makeBlockFromSelection } from '../../src/store/blockActions';
import { formatParam } from '../canvas/GateNode';
import { Modal } from './Modal';

interface Choice { node: string; param: string; value: string; on: boolean; as: string }

/** A name no block of the graph has yet: MyBlock, MyBlock2, ... */
function freshBlockName(g: Graph): string {
  for (let i = 1; ; i++) if (!badBlockName(g, `MyBlock${i === 1 ? '' : i}`)) return `MyBlock${i === 1 ? '' : i}`;
}

export function MakeBlockDialog() {
  const ids = useUi((s) => s.selectedNodes);
  const graph = useGraph((s) => s.graph);
  const [name, setName] = useState(() => freshBlockName(graph));
  const [description, setDescription] = useState('');
  const [choices, setChoices] = useState(() => ids.flatMap((id) => {
    const n = graph.nodes.find((m) => m.id === id);
    const def = n && defOf(graph, n);
    return n && def ? Object.entries(def.params).map(([param, spec]): Choice => ({ node: id, param, value: formatParam(n.params?.[param] ?? spec.default), on: false, as: param })) : [];
  }));
  const [why, setWhy] = useState<string | null>(null);
  const change = (i: number, patch: Partial<Choice>) => setChoices((cs) => cs.map((c, j) => (j === i ? { ...c, ...patch } : c)));
  const apply = () => {
    const expose = choices.filter((c) => c.on).map((c) => ({ node: c.node, param: c.param, name: c.as.trim() }));
    const r = makeBlockFromSelection({ name: name.trim(), ...(description.trim() ? { description: description.trim() } : {}), expose });
    if (r) setWhy(r); else useUi.getState().open('none');
  };
  return (
    <Modal title="Make block" testId="make-block-dialog">
      <p>The {ids.length} selected node{ids.length === 1 ? '' : 's'} become one block: edges that cross the selection become its ports. Its definition is kept in the graph file; place more instances from <b>My blocks</b> in the palette.</p>
      <label className="gl-field-name">Name <span className="gl-muted">(letters, digits, _; it names the PyTorch module too)</span>
        <input value={name} autoFocus onChange={(e) => setName(e.target.value)} data-testid="block-name" onKeyDown={(e) => { if (e.key === 'Enter') apply(); }} />
      </label>
      <label className="gl-field-name">Description <span className="gl-muted">(optional)</span>
        <textarea rows={2} value={description} onChange={(e) => setDescription(e.target.value)} data-testid="block-description" />
      </label>
      {choices.length > 0 && (
        <fieldset className="gl-expose">
          <legend>Params to show on the block <span className="gl-muted">(the same name sets several together)</span></legend>
          {choices.map((c, i) => (
            <div key={`${c.node}.${c.param}`} className="gl-expose-row">
              <label><input type="checkbox" checked={c.on} onChange={(e) => change(i, { on: e.target.checked })} data-testid={`expose-${c.node}-${c.param}`} /> <code>{c.node}.{c.param}</code> <span className="gl-muted">{c.value}</span></label>
              <input aria-label={`Name of ${c.node}.${c.param} on the block`} value={c.as} disabled={!c.on} onChange={(e) => change(i, { as: e.target.value })} data-testid={`expose-name-${c.node}-${c.param}`} />
            </div>
          ))}
        </fieldset>
      )}
      {why && <p className="gl-error-text" role="alert" data-testid="make-block-error">{why}</p>}
      <div className="gl-dialog-actions"><button className="primary" onClick={apply} data-testid="make-block-apply">Make block</button></div>
    </Modal>
  );
}
