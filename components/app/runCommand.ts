/** Editor commands by name: the shortcut handler, the command palette and the toolbar share them. */
import { useGraph } from '../../src/store/graphStore';
import { useUi } from '../../src/store/uiStore';
import { useRun } from '../../src/store/runStore';
import { applyPositions, copySelection, cutSelection, duplicateSelection, paste, selectAll } from '../../src/store/actions';
import { saveFile } from '../../src/persistence/actions';
import { newGraph } from '../../src/store/newGraph';
import { layoutGraph } from '../../src/layout';
import { pause, reset, train } from '../training/RunControls';

/** Hooks the canvas and toolbar register: things only they can do. */
export const hooks = {
  fitView: () => {},
  openFileDialog: () => {},
};

export async function autoLayout(): Promise<void> {
  const { graph } = useGraph.getState();
  if (!graph.nodes.length) return;
  try {
    const pos = await layoutGraph(graph, useUi.getState().measured);
    applyPositions(pos, 'Auto layout');
    requestAnimationFrame(() => hooks.fitView());
  } catch (e) {
    useUi.getState().say({ kind: 'error', text: `Auto layout failed: ${(e as Error).message}` });
  }
}

export function runCommand(name: string): void {
  const ui = useUi.getState();
  switch (name) {
    case 'undo': useGraph.getState().undo(); break;
    case 'redo': useGraph.getState().redo(); break;
    case 'copy': copySelection(); break;
    case 'cut': cutSelection(); break;
    case 'paste': paste(); break;
    case 'duplicate': duplicateSelection(); break;
    case 'selectAll': selectAll(); break;
    case 'deselect': ui.select([], []); break;
    case 'commands': ui.open('commands'); break;
    case 'shortcuts': ui.open('shortcuts'); break;
    case 'presets': ui.open('presets'); break;
    case 'share': ui.open('share'); break;
    case 'repeat':
      if (ui.selectedNodes.length) ui.open('repeat');
      else ui.say({ kind: 'warn', text: 'Select the block to repeat first: drag a box around it on the canvas.', ttl: 5000 });
      break;
    case 'layout': void autoLayout(); break;
    case 'fit': hooks.fitView(); break;
    case 'new': newGraph(); break;
    case 'save': saveFile(); break;
    case 'open': hooks.openFileDialog(); break;
    case 'train': {
      const s = useRun.getState().status;
      if (s === 'running' || s === 'starting') pause(); else train();
      break;
    }
    case 'pause': pause(); break;
    case 'reset': reset(); break;
  }
}
