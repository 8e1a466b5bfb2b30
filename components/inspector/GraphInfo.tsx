/** The inspector with nothing selected: the graph's name and story, its problems, its variants. */
import { formatError } from '../../engine';
import { useGraph } from '../../src/store/graphStore';
import { useUi } from '../../src/store/uiStore';
import { useValidation } from '../../src/store/validation';
import { renameGraph } from '../../src/store/actions';

export function GraphInfo() {
  const name = useGraph((s) => s.graph.name);
  const description = useGraph((s) => s.graph.description);
  const counts = useGraph((s) => `${s.graph.nodes.length} nodes · ${s.graph.edges.length} edges`);
  const errors = useValidation((s) => s.errors);
  const select = useUi((s) => s.select);
  return (
    <div className="gl-inspector-body" data-testid="inspector-graph">
      <input
        className="gl-title-input"
        key={name}
        defaultValue={name}
        aria-label="Graph name"
        data-testid="graph-name"
        onBlur={(e) => { const v = e.target.value.trim().slice(0, 200); if (v && v !== name) renameGraph(v); }}
        onKeyDown={(e) => { if (e.key === 'Enter') (e.target as HTMLInputElement).blur(); }}
      />
      <div className="gl-muted">{counts}</div>
      {description && <p className="gl-doc">{description}</p>}
      <h3>{errors.length ? `${errors.length} problem${errors.length > 1 ? 's' : ''}` : 'No problems'}</h3>
      {errors.length > 0 ? (
        <ul className="gl-errors" data-testid="graph-errors">
          {errors.slice(0, 50).map((e, i) => (
            <li key={i}>
              {e.nodeId ? <button className="gl-link" onClick={() => select([e.nodeId!])}>{e.nodeId}</button> : null} {e.nodeId ? e.message : formatError(e)}
            </li>
          ))}
        </ul>
      ) : (
        <p className="gl-muted">Shapes fit from Input to Output: press <b>Train</b> below.</p>
      )}
      <h3>Tips</h3>
      <ul className="gl-tips">
        <li>Click a node to edit its parameters here.</li>
        <li>Drag from a port at the bottom of a node to one at the top of another.</li>
        <li>Drag on empty canvas to select a block; <kbd>?</kbd> lists every shortcut.</li>
      </ul>
    </div>
  );
}
