/**
 * Which graph the editor opens on: a share link in the URL first, then the
 * autosave, then the default preset. Whatever goes wrong on the way is said
 * in words, and a damaged autosave offers the previous good one.
 */
import { getPreset, type Graph, type GraphError } from '../../engine';
import { decodeShare } from './shareLink';
import { loadAutosave, type StorageLike } from './local';

export const DEFAULT_PRESET = 'spiral-gated-mlp';

export interface Boot {
  graph: Graph;
  source: 'link' | 'autosave' | 'preset';
  /** Problems met on the way, in words. */
  notes: { kind: 'info' | 'warn' | 'error'; text: string; errors?: readonly GraphError[] }[];
  /** A damaged autosave with a sound one before it. */
  previous?: { graph: Graph; savedAt: string };
}

export function bootGraph(hash: string, storage: StorageLike | null): Boot {
  const notes: Boot['notes'] = [];
  const link = decodeShare(hash);
  if (link?.ok) return { graph: link.value, source: 'link', notes: [{ kind: 'info', text: `Opened the shared graph “${link.value.name}”.` }] };
  if (link && !link.ok) notes.push({ kind: 'error', text: 'The share link could not be opened:', errors: link.errors });

  const saved = storage ? loadAutosave(storage) : { status: 'none' as const };
  if (saved.status === 'ok') return { graph: saved.graph, source: 'autosave', notes };
  const preset = getPreset(DEFAULT_PRESET) ?? getPreset('spiral-mlp');
  if (!preset) throw new Error('no default preset');
  if (saved.status === 'corrupt') {
    notes.push({
      kind: 'warn',
      text: `Your last autosave could not be read (${saved.reason}). ${saved.previous ? `The save before it, from ${new Date(saved.previous.savedAt).toLocaleString()}, is intact.` : 'No earlier save is intact, so the default preset is open.'}`,
    });
    return { graph: preset.graph, source: 'preset', notes, ...(saved.previous ? { previous: saved.previous } : {}) };
  }
  return { graph: preset.graph, source: 'preset', notes };
}
