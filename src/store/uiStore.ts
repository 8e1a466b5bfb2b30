/**
 * What the page shows, not what the file holds: selection, node sizes
 * measured by React Flow, open dialogs, the hint while a connection is
 * dragged, messages. Nothing here is saved in the graph file.
 */
import { create } from 'zustand';
import type { GraphError } from '../../engine';
import type { Clip } from './graphOps';

/** The one panel a phone shows at a time (wider screens show them all). */
export type Panel = 'canvas' | 'palette' | 'inspector' | 'training' | 'telemetry';

export type Dialog = 'none' | 'shortcuts' | 'commands' | 'presets' | 'share' | 'repeat' | 'makeBlock' | 'lessons' | 'data';

export interface Message {
  id: number;
  kind: 'info' | 'warn' | 'error';
  text: string;
  /** Located errors to list under the text (a file that would not open). */
  errors?: readonly GraphError[];
  /** An offered action, e.g. restoring the previous autosave. */
  action?: { label: string; run: () => void };
  /** Dismissed automatically after this many ms. */
  ttl?: number;
}

export interface UiState {
  selectedNodes: readonly string[];
  selectedEdges: readonly string[];
  measured: ReadonlyMap<string, { width: number; height: number }>;
  dialog: Dialog;
  /** While a connection is dragged: the engine's verdict on the handle under the pointer. */
  hint: { ok: boolean; text: string } | null;
  messages: readonly Message[];
  clipboard: Clip | null;
  /** The palette item chosen with the keyboard (Enter adds it). */
  paletteFocus: string | null;
  panel: Panel;
  /** Tapping a node adds it to the selection or takes it out (touch screens have no Ctrl-click). */
  pickMany: boolean;

  select(nodes: readonly string[], edges?: readonly string[]): void;
  setMeasured(updates: ReadonlyMap<string, { width: number; height: number }>): void;
  open(d: Dialog): void;
  setHint(h: UiState['hint']): void;
  say(m: Omit<Message, 'id'>): number;
  dismiss(id: number): void;
  setClipboard(c: Clip): void;
  showPanel(p: Panel): void;
  setPickMany(on: boolean): void;
}

let nextMessage = 1;
const NONE: readonly string[] = [];

export const useUi = create<UiState>()((set, get) => ({
  selectedNodes: NONE,
  selectedEdges: NONE,
  measured: new Map(),
  dialog: 'none',
  hint: null,
  messages: [],
  clipboard: null,
  paletteFocus: null,
  panel: 'canvas',
  pickMany: false,

  select: (nodes, edges = NONE) => {
    const s = get();
    if (same(s.selectedNodes, nodes) && same(s.selectedEdges, edges)) return;
    set({ selectedNodes: nodes, selectedEdges: edges });
  },
  setMeasured: (updates) => {
    const m = new Map(get().measured);
    for (const [id, d] of updates) m.set(id, d);
    set({ measured: m });
  },
  open: (dialog) => set({ dialog }),
  setHint: (hint) => {
    const h = get().hint;
    if (h === hint || (h && hint && h.ok === hint.ok && h.text === hint.text)) return;
    set({ hint });
  },
  say: (m) => {
    const id = nextMessage++;
    // One message per text: a repeated warning refreshes rather than stacks.
    set((s) => ({ messages: [...s.messages.filter((x) => x.text !== m.text), { ...m, id }].slice(-5) }));
    if (m.ttl) setTimeout(() => get().dismiss(id), m.ttl);
    return id;
  },
  dismiss: (id) => set((s) => ({ messages: s.messages.filter((m) => m.id !== id) })),
  setClipboard: (clipboard) => set({ clipboard }),
  showPanel: (panel) => set({ panel }),
  setPickMany: (pickMany) => set({ pickMany }),
}));

function same(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
