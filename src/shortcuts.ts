/**
 * The editor's commands, in one table that three views read: the key handler
 * (`matchShortcut`), the shortcut sheet (`?`, the commands with keys) and the
 * command palette (the commands with a title). What each command does lives in
 * components/app/runCommand.ts, typed by this table's ids. Matching is pure,
 * so it is tested without a page.
 */
export interface EditorCommand {
  id: string;
  /** As shown on the sheet; "Mod" is Ctrl, or ⌘ on a Mac. None: the palette alone runs it. */
  keys?: readonly string[];
  /** The shortcut sheet's line. */
  does: string;
  /** The command palette's entry; none for commands that only make sense as a key. */
  title?: string;
}

export const EDITOR_COMMANDS = [
  { id: 'undo', keys: ['Mod+Z'], does: 'Undo the last edit', title: 'Undo' },
  { id: 'redo', keys: ['Mod+Shift+Z', 'Mod+Y'], does: 'Redo', title: 'Redo' },
  { id: 'copy', keys: ['Mod+C'], does: 'Copy the selected nodes' },
  { id: 'cut', keys: ['Mod+X'], does: 'Cut the selected nodes' },
  { id: 'paste', keys: ['Mod+V'], does: 'Paste at the centre of the view' },
  { id: 'duplicate', keys: ['Mod+D'], does: 'Duplicate the selection' },
  { id: 'delete', keys: ['Delete', 'Backspace'], does: 'Delete the selection (one undo step)' },
  { id: 'selectAll', keys: ['Mod+A'], does: 'Select everything', title: 'Select all' },
  { id: 'deselect', keys: ['Escape'], does: 'Clear the selection, close a dialog' },
  { id: 'commands', keys: ['Mod+K'], does: 'Command palette: add and connect nodes by typing' },
  { id: 'repeat', keys: ['Shift+R'], does: 'Repeat the selected block N times', title: 'Repeat the selected block…' },
  { id: 'makeBlock', keys: ['Mod+G'], does: 'Make a block of the selected nodes', title: 'Make block from the selection…' },
  { id: 'openBlock', does: 'Open the selected block to edit inside (or double-click it, or Enter on it)', title: 'Open the selected block' },
  { id: 'leaveBlock', does: 'Back out of the open block (the breadcrumb above the canvas does too)', title: 'Leave the block' },
  { id: 'detachBlock', does: 'Detach the selected block into plain nodes', title: 'Detach the selected block' },
  { id: 'layout', keys: ['Shift+L'], does: 'Lay the graph out automatically', title: 'Auto layout' },
  { id: 'fit', keys: ['Shift+F'], does: 'Fit the graph in view' },
  { id: 'new', does: 'Start an empty canvas (undoable)', title: 'New graph' },
  { id: 'lessons', does: 'Open the lessons: a guided course through gating', title: 'Lessons…' },
  { id: 'presets', does: 'Open the presets gallery', title: 'Open a preset…' },
  { id: 'train', keys: ['Mod+Enter'], does: 'Train, or pause a running training', title: 'Train' },
  { id: 'pause', does: 'Pause training', title: 'Pause training' },
  { id: 'reset', does: 'Forget the run and its curves', title: 'Reset the run' },
  { id: 'save', keys: ['Mod+S'], does: 'Save the graph as a JSON file', title: 'Save the graph as a file' },
  { id: 'open', keys: ['Mod+O'], does: 'Open a graph JSON file', title: 'Open a graph file…' },
  { id: 'share', does: 'Put the graph in a link', title: 'Share link…' },
  { id: 'shortcuts', keys: ['?'], does: 'This sheet', title: 'Keyboard shortcuts' },
] as const satisfies readonly EditorCommand[];

export type CommandId = (typeof EDITOR_COMMANDS)[number]['id'];

/** The commands with keys, in table order: the shortcut sheet's rows. */
export const SHORTCUTS = EDITOR_COMMANDS.filter((c): c is Extract<(typeof EDITOR_COMMANDS)[number], { keys: readonly string[] }> => 'keys' in c);

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

function matches(combo: string, e: KeyLike): boolean {
  const parts = combo.split('+');
  const key = parts[parts.length - 1]!;
  const mod = parts.includes('Mod'), shift = parts.includes('Shift');
  if (mod !== (e.ctrlKey || e.metaKey) || e.altKey) return false;
  if (key === '?') return e.key === '?';
  if (shift !== e.shiftKey) return false;
  return e.key.toLowerCase() === key.toLowerCase();
}

/** The command a key press means, or null. Delete is left to React Flow (it knows what is selected). */
export function matchShortcut(e: KeyLike): CommandId | null {
  for (const s of SHORTCUTS) {
    if (s.id === 'delete') continue;
    if (s.keys.some((k) => matches(k, e))) return s.id;
  }
  return null;
}

export const isMac = (): boolean => typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);
export const showKeys = (combo: string): string => combo.replace('Mod', isMac() ? '⌘' : 'Ctrl');

/** A command's first key as this platform shows it, for button tooltips. */
export function keyOf(id: CommandId): string {
  const c = SHORTCUTS.find((s) => s.id === id);
  return c ? showKeys(c.keys[0]) : '';
}
