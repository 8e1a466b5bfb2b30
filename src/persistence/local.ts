/**
 * Autosave to localStorage. Each save carries a checksum; the save before it
 * is kept as long as it was sound, so a corrupted autosave is detected on
 * load and the previous good one can be offered instead.
 */
import { formatError, parseGraph, type Graph } from '../../engine';

export const AUTOSAVE_KEY = 'gatelab.autosave.v1';
export const PREVIOUS_KEY = 'gatelab.autosave.previous.v1';

export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

interface SaveRecord {
  v: 1;
  savedAt: string;
  sum: string;
  graph: string;
}

/** FNV-1a over UTF-16 code units: enough to notice a truncated or edited save. */
export function checksum(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) { h ^= text.charCodeAt(i); h = Math.imul(h, 0x01000193); }
  return (h >>> 0).toString(16).padStart(8, '0');
}

export function encodeSave(graph: Graph, now: Date): string {
  const text = JSON.stringify(graph);
  const rec: SaveRecord = { v: 1, savedAt: now.toISOString(), sum: checksum(text), graph: text };
  return JSON.stringify(rec);
}

export type SaveRead = { ok: true; graph: Graph; savedAt: string } | { ok: false; reason: string };

export function decodeSave(raw: string): SaveRead {
  let rec: Partial<SaveRecord>;
  try { rec = JSON.parse(raw) as Partial<SaveRecord>; } catch { return { ok: false, reason: 'the saved text is not valid JSON (it may have been cut short)' }; }
  if (typeof rec !== 'object' || rec === null || rec.v !== 1 || typeof rec.graph !== 'string' || typeof rec.sum !== 'string') return { ok: false, reason: 'the save is not in the expected form' };
  if (checksum(rec.graph) !== rec.sum) return { ok: false, reason: 'its checksum does not match (the save was damaged)' };
  const p = parseGraph(rec.graph);
  if (!p.ok) return { ok: false, reason: `the saved graph does not load: ${p.errors.slice(0, 2).map(formatError).join('; ')}` };
  return { ok: true, graph: p.value, savedAt: typeof rec.savedAt === 'string' ? rec.savedAt : '' };
}

export type Autosave =
  | { status: 'none' }
  | { status: 'ok'; graph: Graph; savedAt: string }
  | { status: 'corrupt'; reason: string; previous?: { graph: Graph; savedAt: string } };

export function loadAutosave(storage: StorageLike): Autosave {
  let raw: string | null, prevRaw: string | null;
  try { raw = storage.getItem(AUTOSAVE_KEY); prevRaw = storage.getItem(PREVIOUS_KEY); } catch { return { status: 'none' }; }
  if (raw === null) return { status: 'none' };
  const cur = decodeSave(raw);
  if (cur.ok) return { status: 'ok', graph: cur.graph, savedAt: cur.savedAt };
  const prev = prevRaw === null ? undefined : decodeSave(prevRaw);
  return { status: 'corrupt', reason: cur.reason, ...(prev?.ok ? { previous: { graph: prev.graph, savedAt: prev.savedAt } } : {}) };
}

/** A browser's "storage full" error: QuotaExceededError (code 22), or Firefox's older name. */
function isQuotaError(e: unknown): boolean {
  const { name, code } = (e ?? {}) as { name?: string; code?: number };
  return name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED' || code === 22;
}

/**
 * Writes the graph; the current save becomes the previous one only if it is sound.
 * A write that fails changes nothing readable: a full storage keeps the last save.
 * Returns an error in words, or null.
 */
export function writeAutosave(storage: StorageLike, graph: Graph, now = new Date()): string | null {
  let cur: string | null = null;
  try {
    cur = storage.getItem(AUTOSAVE_KEY);
    if (cur !== null && decodeSave(cur).ok) storage.setItem(PREVIOUS_KEY, cur);
    storage.setItem(AUTOSAVE_KEY, encodeSave(graph, now));
    return null;
  } catch (e) {
    const last = cur === null ? undefined : decodeSave(cur);
    const kept = last?.ok ? `Your last autosave (“${last.graph.name}”, ${new Date(last.savedAt).toLocaleTimeString()}) is kept. ` : '';
    if (isQuotaError(e)) return `Autosave is paused: this browser’s storage for GateLab is full, so your latest edits are not saved. ${kept}Save the graph as a file to keep them, or free some space (another site’s data, old lessons).`;
    return `Autosave failed: ${(e as Error).message.slice(0, 160)}. ${kept}Save the graph as a file to keep it.`;
  }
}

export interface AutosaveOptions {
  /** ms of quiet after an edit before it is saved. */
  delay?: number;
  /** Whether this tab may write now (one tab autosaves at a time: autosave-turn.ts). */
  mayWrite?: () => boolean;
}

/**
 * Saves after edits settle; a failure is reported once until a save works again,
 * not at every edit. Edits made while the tab may not write stay pending.
 * Returns `stop`, and `flush`, which saves the pending edits at once (when this
 * tab's turn to write comes).
 */
export function startAutosave(
  storage: StorageLike,
  subscribe: (listener: (g: Graph) => void) => () => void,
  onError: (message: string) => void,
  { delay = 400, mayWrite = () => true }: AutosaveOptions = {},
): { stop: () => void; flush: () => void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let latest: Graph | undefined;
  let failing = false;
  const flush = () => {
    timer = undefined;
    if (!latest || !mayWrite()) return;
    const err = writeAutosave(storage, latest);
    latest = undefined;
    if (err && !failing) onError(err);
    failing = err !== null;
  };
  const unsubscribe = subscribe((g) => {
    latest = g;
    if (timer === undefined) timer = setTimeout(flush, delay);
  });
  const onHide = () => { if (timer !== undefined) { clearTimeout(timer); flush(); } };
  if (typeof window !== 'undefined') window.addEventListener('pagehide', onHide);
  return {
    stop: () => {
      unsubscribe();
      onHide();
      if (typeof window !== 'undefined') window.removeEventListener('pagehide', onHide);
    },
    flush,
  };
}
