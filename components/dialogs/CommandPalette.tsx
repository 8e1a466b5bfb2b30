/**
 * Ctrl/Cmd+K: type to add a node (connected after the selected one), connect
 * the selected node to a free port, or run any editor action. Connections
 * the engine would refuse are shown greyed with the reason.
 */
import { placeFromMyBlocks } from '../../src/store/blockActions';
import { useMemo, useState, type KeyboardEvent } from 'react';
import { buildCommands, filterCommands, type Command } from '../../src/commands';
import { useGraph } from '../../src/store/graphStore';
import { useUi } from '../../src/store/uiStore';
import { checkConnection } from '../../src/store/connect';
import { addNodeAt, connect } from '../../src/store/actions';
import { runCommand } from '../app/runCommand';
import { Modal } from './Modal';

function run(c: Command): void {
  useUi.getState().open('none');
  if (c.kind === 'add') addNodeAt(c.type, undefined, c.after);
  else if (c.kind === 'block') placeFromMyBlocks(c.block);
  else if (c.kind === 'connect') connect(c.link);
  else runCommand(c.action);
}

export function CommandPalette() {
  const graph = useGraph((s) => s.graph);
  const selected = useUi((s) => s.selectedNodes);
  const all = useMemo(() => buildCommands(graph, selected), [graph, selected]);
  const [q, setQ] = useState('');
  const [at, setAt] = useState(0);
  const shown = useMemo(() => filterCommands(all, q, 30), [all, q]);
  const verdicts = useMemo(() => shown.map((c) => (c.kind === 'connect' ? checkConnection(graph, c.link) : { ok: true as const })), [shown, graph]);
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown') { e.preventDefault(); setAt((i) => Math.min(shown.length - 1, i + 1)); }
    else if (e.key === 'ArrowUp') { e.preventDefault(); setAt((i) => Math.max(0, i - 1)); }
    else if (e.key === 'Enter') {
      e.preventDefault();
      const c = shown[at];
      if (c && verdicts[at]?.ok) run(c);
    }
  };
  return (
    <Modal title="Commands" testId="command-palette">
      <input
        className="gl-command-input"
        autoFocus
        placeholder={selected.length === 1 ? `Add a node after ${selected[0]}, connect ${selected[0]}, or run an action…` : 'Add a node, or run an action…'}
        value={q}
        onChange={(e) => { setQ(e.target.value); setAt(0); }}
        onKeyDown={onKey}
        data-testid="command-input"
      />
      <ul className="gl-command-list" role="listbox">
        {shown.map((c, i) => {
          const v = verdicts[i]!;
          return (
            <li key={c.id} role="option" aria-selected={i === at} aria-disabled={!v.ok}
              className={`${i === at ? 'active' : ''}${v.ok ? '' : ' refused'}`}
              onMouseEnter={() => setAt(i)} onClick={() => v.ok && run(c)} data-testid={`command-${c.id}`}>
              <span>{c.title}</span>
              <span className="gl-muted">{v.ok ? c.hint : v.reason}</span>
            </li>
          );
        })}
        {shown.length === 0 && <li className="gl-muted">Nothing matches “{q}”.</li>}
      </ul>
    </Modal>
  );
}
