/** Editor commands by id: the shortcut handler and the command palette run them; the toolbar shares the hooks. */
import { useGraph } from '../../src/store/graphStore';
import { useUi } from '../../src/store/uiStore';
import { useRun } from '../../src/store/runStore';
import { applyPositions, copySelection, cutSelection, deleteSelection, duplicateSelection, paste, selectAll } from '../../src/store/actions';
import type { CommandId } from '../../src/shortcuts';
import { saveFile } from '../../src/persistence/actions';
import { newGraph } from '../../src/store/newGraph';
import { layoutGraph } from '../../src/layout';
import { pause, reset, train } from '../../src/store/runActions';
import { detachInstance, leaveBlockTo, openBlock } from '../../src/store/blockActions';
import { blockNameOf } from '../../src/store/blockNodes';

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

/** Runs a block action on the one selected node, or says what to select. */
function onSelectedBlock(act: (id: string) => string | boolean | null): void {
  const ui = useUi.getState();
  const [id, more] = ui.selectedNodes;
  const node = id !== undefined && !more ? useGraph.getState().byId.get(id) : undefined;
  const r = node && blockNameOf(node) !== undefined ? act(node.id) : 'Select one block on the canvas first.';
  if (typeof r === 'string') ui.say({ kind: 'warn', text: r, ttl: 6000 });
}

function makeBlockDialog(): void {
  const ui = useUi.getState();
  if (ui.selectedNodes.length) ui.open('makeBlock');
  else ui.say({ kind: 'warn', text: 'Select the nodes to put in the block first: drag a box around them on the canvas.', ttl: 5000 });
}

function trainOrPause(): void {
  const s = useRun.getState().status;
  if (s === 'running' || s === 'starting') pause(); else train();
}

function repeat(): void {
  const ui = useUi.getState();
  if (ui.selectedNodes.length) ui.open('repeat');
  else ui.say({ kind: 'warn', text: 'Select the block to repeat first: drag a box around it on the canvas.', ttl: 5000 });
}

/** What each command of the table in src/shortcuts.ts does; the type makes a command without an action a compile error. */
const RUN: Record<CommandId, () => void> = {
  undo: () => useGraph.getState().undo(),
  redo: () => useGraph.getState().redo(),
  copy: () => { copySelection(); },
  cut: cutSelection,
  paste: () => paste(),
  duplicate: duplicateSelection,
  delete: deleteSelection,
  selectAll,
  deselect: () => useUi.getState().select([], []),
  commands: () => useUi.getState().open('commands'),
  shortcuts: () => useUi.getState().open('shortcuts'),
  lessons: () => useUi.getState().open('lessons'),
  presets: () => useUi.getState().open('presets'),
  share: () => useUi.getState().open('share'),
  repeat,
  makeBlock: makeBlockDialog,
  openBlock: () => onSelectedBlock(openBlock),
  leaveBlock: () => leaveBlockTo(useGraph.getState().frames.length - 1),
  detachBlock: () => onSelectedBlock(detachInstance),
  layout: () => void autoLayout(),
  fit: () => hooks.fitView(),
  new: newGraph,
  save: saveFile,
  open: () => hooks.openFileDialog(),
  train: trainOrPause,
  pause,
  reset,
};

export function runCommand(id: CommandId): void {
  RUN[id]();
}
