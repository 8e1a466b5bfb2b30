/**
 * Inside an opened block: which of this node's params every instance shows
 * on the block, and under what name. Ticking shows one (its default is
 * today's value; a name already shown sets both together), unticking stops.
 */
import { useState } from 'react';
import type { GraphNode, NodeDef } from '../../engine';
import { useGraph } from '../../src/store/graphStore';
import { useUi } from '../../src/store/uiStore';
import { openedBlock, setExposed } from '../../src/store/blockActions';

export function ExposeParams({ node, def }: { node: GraphNode; def: NodeDef }) {
  const block = useGraph((s) => openedBlock(s)?.block);
  const head = useGraph((s) => openedBlock(s)?.head);
  const [names, setNames] = useState<Record<string, string>>({});
  const params = Object.keys(def.params);
  if (block === undefined || !head || !params.length) return null;
  const change = (param: string, as: string | null) => {
    const why = setExposed(node.id, param, as);
    if (why) useUi.getState().say({ kind: 'warn', text: why, ttl: 8000 });
  };
  return (
    <fieldset className="gl-expose" data-testid="expose-params">
      <legend>Shown on block {block}</legend>
      {params.map((param) => {
        const shown = head.params?.find((p) => p.node === node.id && p.param === param);
        const name = shown?.name ?? names[param] ?? param;
        return (
          <div key={param} className="gl-expose-row">
            <label><input type="checkbox" checked={Boolean(shown)} onChange={(e) => change(param, e.target.checked ? name.trim() : null)} data-testid={`show-${param}`} /> <code>{param}</code></label>
            <input aria-label={`Name of ${param} on the block`} value={name} disabled={Boolean(shown)} onChange={(e) => setNames({ ...names, [param]: e.target.value })} data-testid={`show-name-${param}`} />
          </div>
        );
      })}
    </fieldset>
  );
}
