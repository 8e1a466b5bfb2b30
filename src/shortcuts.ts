/**
 * Keyboard shortcuts: one table drives both the key handler and the
 * shortcut sheet (`?`). Matching is pure, so it is tested without a page.
 */
export type CommandId =
  | 'undo' | 'redo' | 'copy' | 'cut' | 'paste' | 'duplicate' | 'delete' | 'selectAll' | 'deselect'
  | 'commands' | 'shortcuts' | 'layout' | 'repeat' | 'save' | 'open' | 'train' | 'fit';

export interface Shortcut {
  id: CommandId;
  /** As shown on the sheet; "Mod" is Ctrl, or ⌘ on a Mac. */
  keys: string[];
  does: string;
}

export const SHORTCUTS: readonly Shortcut[] = [
  { id: 'undo', keys: ['Mod+Z'], does: 'Undo the last edit' },
  { id: 'redo', keys: ['Mod+Shift+Z', 'Mod+Y'], does: 'Redo' },
  { id: 'copy', keys: ['Mod+C'], does: 'Copy the selected nodes' },
  { id: 'cut', keys: ['Mod+X'], does: 'Cut the selected nodes' },
  { id: 'paste', keys: ['Mod+V'], does: 'Paste at the centre of the view' },
  { id: 'duplicate', keys: ['Mod+D'], does: 'Duplicate the selection' },
  { id: 'delete', keys: ['Delete', 'Backspace'], does: 'Delete the selection (one undo step)' },
  { id: 'selectAll', keys: ['Mod+A'], does: 'Select everything' },
  { id: 'deselect', keys: ['Escape'], does: 'Clear the selection, close a dialog' },
  { id: 'commands', keys: ['Mod+K'], does: 'Command palette: add and connect nodes by typing' },
  { id: 'repeat', keys: ['Shift+R'], does: 'Repeat the selected block N times' },
  { id: 'layout', keys: ['Shift+L'], does: 'Lay the graph out automatically' },
  { id: 'fit', keys: ['Shift+F'], does: 'Fit the graph in view' },
  { id: 'train', keys: ['Mod+Enter'], does: 'Train, or pause a running training' },
  { id: 'save', keys: ['Mod+S'], does: 'Save the graph as a JSON file' },
  { id: 'open', keys: ['Mod+O'], does: 'Open a graph JSON file' },
  { id: 'shortcuts', keys: ['?'], does: 'This sheet' },
];

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
