/** The top bar: presets, files (graphs and models, also dropped on the page), sharing, history, layout, and the way to every shortcut. */
import { useEffect, useRef } from 'react';
import { useGraph } from '../../src/store/graphStore';
import { useUi } from '../../src/store/uiStore';
import { openFile, saveFile } from '../../src/persistence/actions';
import { newGraph } from '../../src/store/newGraph';
import { keyOf } from '../../src/shortcuts';
import { autoLayout, hooks, runCommand } from './runCommand';
import { ModelFiles } from './ModelFiles';
import { DropOverlay } from './DropOverlay';

export function Toolbar() {
  const name = useGraph((s) => s.graph.name);
  const undoLabel = useGraph((s) => s.past[s.past.length - 1]?.label);
  const redoLabel = useGraph((s) => s.future[s.future.length - 1]?.label);
  const open = useUi((s) => s.open);
  const selected = useUi((s) => s.selectedNodes.length > 0);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => { hooks.openFileDialog = () => input.current?.click(); }, []);
  return (
    <header className="gl-toolbar">
      <div className="gl-brand"><span className="gl-logo" aria-hidden>◇</span> <span className="gl-brand-text">GateLab</span></div>
      <div className="gl-doc-name" data-testid="doc-name" title="The graph's name (edit it in the inspector)">{name}</div>
      <nav className="gl-tools">
        <button onClick={newGraph} data-testid="new-graph" title="New graph: an empty canvas with an Input and an Output for the current dataset (Undo brings the old one back)">New</button>
        <button onClick={() => open('lessons')} data-testid="lessons-open" title="Lessons: a guided course through gating">Lessons</button>
        <button onClick={() => open('presets')} data-testid="presets-open">Presets</button>
        <button onClick={() => input.current?.click()} data-testid="file-open" title={`Open a graph or model file (${keyOf('open')}), or drop one on the page`}>Open</button>
        <button onClick={saveFile} data-testid="file-save" title={`Save as JSON (${keyOf('save')})`}>Save</button>
        <button onClick={() => open('share')} data-testid="share">Share link</button>
        <span className="gl-sep" />
        <ModelFiles pick={() => input.current?.click()} />
        <span className="gl-sep" />
        <button onClick={() => useGraph.getState().undo()} disabled={!undoLabel} data-testid="undo" aria-label="Undo" title={undoLabel ? `Undo: ${undoLabel} (${keyOf('undo')})` : 'Nothing to undo'}>↶<span className="gl-wide"> Undo</span></button>
        <button onClick={() => useGraph.getState().redo()} disabled={!redoLabel} data-testid="redo" aria-label="Redo" title={redoLabel ? `Redo: ${redoLabel} (${keyOf('redo')})` : 'Nothing to redo'}>↷<span className="gl-wide"> Redo</span></button>
        <button onClick={() => void autoLayout()} data-testid="layout" title="Auto layout (Shift+L)">Auto layout</button>
        <button onClick={() => runCommand('makeBlock')} disabled={!selected} data-testid="make-block" title={selected ? `Make a block of the selected nodes (${keyOf('makeBlock')})` : 'Select nodes on the canvas to make a block of them'}>Make block</button>
        <span className="gl-sep" />
        <button onClick={() => open('commands')} data-testid="commands-open" title={`Command palette (${keyOf('commands')})`}>Commands</button>
        <button onClick={() => open('shortcuts')} data-testid="shortcuts-open" title="Keyboard shortcuts (?)">?</button>
      </nav>
      <input
        ref={input}
        type="file"
        accept=".json,application/json,.csv,.tsv,.txt,text/csv"
        hidden
        data-testid="file-input"
        onChange={(e) => { const f = e.target.files?.[0]; e.target.value = ''; if (f) void openFile(f); }}
      />
      <DropOverlay />
    </header>
  );
}
