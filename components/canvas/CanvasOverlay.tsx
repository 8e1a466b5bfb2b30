/**
 * What floats over the canvas: the engine's verdict while an edge is dragged,
 * graph-wide problems (no Output, a bad dataset), the role legend, and a
 * first-steps hint on an empty canvas.
 */
import { Panel, useConnection, useStore } from '@xyflow/react';
import { useUi } from '../../src/store/uiStore';
import { useValidation } from '../../src/store/validation';
import { useShallow } from 'zustand/react/shallow';
import { useGraph } from '../../src/store/graphStore';
import { leaveBlockTo } from '../../src/store/blockActions';
import { ROLE_DOCS, roleColour, rolesInUse } from './roles';

const ROLES = rolesInUse();

/** The engine's verdict, beside the pointer while an edge is dragged. */
function ConnectHint() {
  const inProgress = useConnection((c) => c.inProgress);
  const overHandle = useConnection((c) => c.toHandle !== null);
  const x = useConnection((c) => c.to?.x ?? 0);
  const y = useConnection((c) => c.to?.y ?? 0);
  const [tx, ty, zoom] = useStore((s) => s.transform);
  const hint = useUi((s) => s.hint);
  if (!inProgress) return null;
  const show = overHandle && hint ? hint : { ok: true, text: 'Drop on an input port (the dots on top of a node).' };
  return (
    <div
      className={`gl-hint ${show.ok ? 'ok' : 'bad'}${overHandle ? '' : ' idle'}`}
      style={{ left: x * zoom + tx + 16, top: y * zoom + ty + 18 }}
      data-testid="connect-hint"
      role="status"
    >
      {show.ok ? '✓ ' : '✕ '}{show.text}
    </div>
  );
}

function GeneralErrors() {
  const general = useValidation((s) => s.general);
  const count = useValidation((s) => s.errors.length);
  if (count === 0) return <div className="gl-status ok" data-testid="graph-status">✓ The graph is valid</div>;
  return (
    <div className="gl-status bad" data-testid="graph-status">
      <b>{count} problem{count > 1 ? 's' : ''}</b>
      {general.length > 0 && <ul>{general.map((e, i) => <li key={i}>{e.message}</li>)}</ul>}
      {general.length === 0 && <span> — see the nodes marked !</span>}
    </div>
  );
}

function Legend() {
  return (
    <div className="gl-legend" data-testid="legend" aria-label="Port colours">
      {ROLES.map((r) => (
        <span key={r} title={ROLE_DOCS[r] ?? r}><i style={{ background: roleColour(r) }} />{r}</span>
      ))}
    </div>
  );
}

/** Where the canvas is: the graph, or a block opened inside it; each step back out is a button. */
function Breadcrumb() {
  const frames = useGraph(useShallow((s) => s.frames.map((f) => `${f.block}\u0000${f.instance}`)));
  const name = useGraph((s) => s.frames[0]?.outer.name);
  if (!frames.length) return null;
  return (
    <nav className="gl-breadcrumb" aria-label="Open blocks" data-testid="breadcrumb" title="Inside a block: an edit here changes every instance">
      <button onClick={() => leaveBlockTo(0)} data-testid="breadcrumb-0" title="Back to the graph">{name || 'Graph'}</button>
      {frames.map((f, i) => {
        const [block, instance] = f.split('\u0000');
        const last = i === frames.length - 1;
        return (
          <span key={f}>
            <span aria-hidden> › </span>
            {last
              ? <b aria-current="location" data-testid="breadcrumb-here">{block} <span className="gl-muted">({instance})</span></b>
              : <button onClick={() => leaveBlockTo(i + 1)} data-testid={`breadcrumb-${i + 1}`}>{block}</button>}
          </span>
        );
      })}
    </nav>
  );
}

export function CanvasOverlay() {
  const empty = useGraph((s) => s.graph.nodes.length === 0);
  return (
    <>
      <ConnectHint />
      <Panel position="top-left" className="gl-overlay-left"><Breadcrumb /><GeneralErrors /></Panel>
      <Panel position="top-right"><Legend /></Panel>
      {empty && <Panel position="top-center"><div className="gl-empty">Drag a node from the palette, or press <kbd>Ctrl</kbd>+<kbd>K</kbd> to add one. Open a preset from the toolbar to start from a working network.</div></Panel>}
    </>
  );
}
