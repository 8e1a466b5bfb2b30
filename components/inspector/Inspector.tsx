/**
 * The right panel: for one node, a form generated from its param schemas,
 * its docs and citation, its ports with inferred shapes, and its problems;
 * for a selection, the block actions (Repeat); for nothing, the graph itself.
 */
import { BLOCK_TYPE, formatShape, type GraphNode, type NodeDef, type TensorInfo } from '../../engine';
import { useGraph } from '../../src/store/graphStore';
import { useUi } from '../../src/store/uiStore';
import { isFed, nodeErrors, useValidation } from '../../src/store/validation';
import { copySelection, deleteSelection, duplicateSelection, setParam, setWatch } from '../../src/store/actions';
import { ParamField } from './ParamField';
import { GraphInfo } from './GraphInfo';
import { LiveStats } from './LiveStats';
import { keyOf } from '../../src/shortcuts';
import { roleColour } from '../canvas/roles';
import { defOf } from '../../src/store/blockNodes';
import { BlockActions, DefinitionForm } from './BlockActions';
import { ExposeParams } from './ExposeParams';

function PortRow({ name, spec, got }: { name: string; spec: NodeDef['inputs'][string]; got: TensorInfo | undefined }) {
  return (
    <tr>
      <td><i className="gl-dot" style={{ background: roleColour(spec.role) }} />{name}{spec.optional ? <span className="gl-muted"> (optional)</span> : null}</td>
      <td className="gl-muted">{spec.role}</td>
      <td><code>{formatShape(spec.pattern)}</code></td>
      <td><code className={got ? '' : 'gl-muted'}>{got ? formatShape(got.shape) : '—'}</code></td>
    </tr>
  );
}

/** "Watch as a gate": the node's first output gets the statistics, sparkline and clamp of a built-in gate. */
function WatchToggle({ node }: { node: GraphNode }) {
  const watched = useValidation((s) => s.watched.has(node.id));
  const offered = watched && node.watch === undefined;
  return (
    <label className="gl-watch" title="Record this node’s output as a gate while training: histogram over time, mean, near 0 / near 1, per-token map, a sparkline on the node, and a clamp in Intervene.">
      <input type="checkbox" checked={watched} onChange={(e) => setWatch(node.id, e.target.checked)} data-testid="watch-gate" />
      {' '}Watch as a gate{offered && <span className="gl-muted"> (offered: a sigmoid feeding a Multiply’s gate input)</span>}
    </label>
  );
}

function NodeInspector({ node, def }: { node: GraphNode; def: NodeDef }) {
  const errors = useValidation(nodeErrors(node.id));
  const shapes = useValidation((s) => s.shapes.get(node.id));
  const params = Object.entries(def.params);
  const paramError = (k: string) => errors.find((e) => e.code === 'BAD_PARAM' && e.message.startsWith(`param "${k}"`))?.message;
  return (
    <div className="gl-inspector-body" data-testid="inspector-node">
      <header>
        <h2>{def.label} <span className="gl-node-id">{node.id}</span></h2>
        <div className="gl-muted">{def.category.split('/').join(' › ')} · <code>{def.type}</code></div>
      </header>
      {errors.length > 0 && (
        <ul className="gl-errors" data-testid="inspector-errors">
          {errors.map((e, i) => <li key={i}><b>{e.code.replace(/_/g, ' ').toLowerCase()}</b> {e.message}</li>)}
        </ul>
      )}
      <LiveStats nodeId={node.id} />
      {def.type === BLOCK_TYPE ? <BlockActions id={node.id} name={def.label} /> : Object.keys(def.outputs).length > 0 && <WatchToggle node={node} />}
      <p className="gl-doc">{def.doc}</p>
      {def.cite && <p className="gl-cite"><b>Source:</b> {def.cite}</p>}
      {params.length > 0 && <h3>Parameters</h3>}
      {params.map(([k, spec]) => (
        <ParamField key={`${node.id}.${k}`} name={k} spec={spec} value={node.params?.[k]} onCommit={(v) => setParam(node.id, k, v)} error={paramError(k)} testId={`param-${k}`} />
      ))}
      <ExposeParams node={node} def={def} />
      {def.type === BLOCK_TYPE && <DefinitionForm key={def.label} name={def.label} />}
      <h3>Ports</h3>
      <table className="gl-ports">
        <thead><tr><th>port</th><th>role</th><th>expects</th><th>here</th></tr></thead>
        <tbody>
          {Object.entries(def.inputs).map(([k, spec]) => <PortRow key={`i${k}`} name={`↓ ${k}`} spec={spec} got={shapes?.inputs[k]} />)}
          {Object.entries(def.outputs).map(([k, spec]) => <PortRow key={`o${k}`} name={`↑ ${k}`} spec={spec} got={isFed(def.inputs, shapes) ? shapes?.outputs[k] : undefined} />)}
        </tbody>
      </table>
      {def.stats && Object.keys(def.stats).length > 0 && (
        <>
          <h3>Statistics it reports</h3>
          <ul className="gl-stats-list">{Object.entries(def.stats).map(([k, s]) => <li key={k}><b>{s.label}</b> <span className="gl-muted">({s.kind})</span> {s.doc}</li>)}</ul>
        </>
      )}
    </div>
  );
}

function SelectionInspector({ count }: { count: number }) {
  const open = useUi((s) => s.open);
  return (
    <div className="gl-inspector-body" data-testid="inspector-selection">
      <h2>{count} nodes selected</h2>
      <p className="gl-doc"><b>Make block</b> packages the selection as one reusable node (its definition kept in the graph file, more instances from My blocks in the palette). <b>Repeat</b> stacks the selection several times, chaining each copy's output into the next copy's input: the way deep stacks of gated layers are built.</p>
      <div className="gl-button-col">
        <button onClick={() => open('makeBlock')} data-testid="make-block-open" title={`Make block (${keyOf('makeBlock')})`}>Make block…</button>
        <button onClick={() => open('repeat')} data-testid="repeat-open">Repeat block…</button>
        <button onClick={duplicateSelection}>Duplicate</button>
        <button onClick={() => copySelection()}>Copy</button>
        <button className="danger" onClick={deleteSelection}>Delete</button>
      </div>
    </div>
  );
}

function EdgeInspector({ id }: { id: string }) {
  const edge = useGraph((s) => s.graph.edges.find((e) => e.id === id));
  const shape = useValidation((s) => s.edgeShapes.get(id));
  const errors = useValidation((s) => s.byEdge.get(id));
  if (!edge) return null;
  return (
    <div className="gl-inspector-body" data-testid="inspector-edge">
      <h2>Edge <span className="gl-node-id">{id}</span></h2>
      <p><code>{edge.source}.{edge.sourceHandle}</code> → <code>{edge.target}.{edge.targetHandle}</code></p>
      <p>Carries <code>{shape ?? 'an unknown shape'}</code></p>
      {errors && <ul className="gl-errors">{errors.map((e, i) => <li key={i}>{e.message}</li>)}</ul>}
      <button className="danger" onClick={deleteSelection}>Delete edge</button>
    </div>
  );
}

export function Inspector() {
  const sel = useUi((s) => s.selectedNodes);
  const selEdges = useUi((s) => s.selectedEdges);
  const only = sel.length === 1 ? sel[0]! : undefined;
  const node = useGraph((s) => (only ? s.byId.get(only) : undefined));
  const def = useGraph((s) => (node ? defOf(s.graph, node) : undefined));
  let body;
  if (node && def) body = <NodeInspector node={node} def={def} />;
  else if (sel.length > 1) body = <SelectionInspector count={sel.length} />;
  else if (sel.length === 0 && selEdges.length === 1) body = <EdgeInspector id={selEdges[0]!} />;
  else body = <GraphInfo />;
  return <aside className="gl-inspector" aria-label="Inspector" data-testid="inspector">{body}</aside>;
}
