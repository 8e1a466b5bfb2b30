/** Open, save and share, wired to the stores: what the toolbar, shortcuts and file drops call. */
import { isBlocksText } from './blockLibrary';
import { importBlockFile } from '../store/blockActions';
import { MAX_MODEL_BYTES } from '../../engine';
import { documentGraph, useGraph } from '../store/graphStore';
import { useUi } from '../store/uiStore';
import { loadGraph } from '../store/actions';
import { downloadGraph, openFileText } from './files';
import { openModel } from './models';
import { decodeShare, encodeShare, type ShareResult } from './shareLink';
import { isLessonText, openLessonText } from '../store/lessonActions';
import { isDataFile, isSequencesJson, openDataFile, openSequencesText } from './dataFiles';

const plural = (n: number) => `${n} problem${n > 1 ? 's' : ''}`;
const WHAT = { graph: 'graph file', model: 'model file', other: 'file' } as const;

/**
 * Opens a graph, a model or a lesson file, told apart by its `format`; a bad one is
 * reported with located errors and the open graph stays as it is.
 */
export async function openFile(file: File): Promise<boolean> {
  if (isDataFile(file)) return openDataFile(file);
  const ui = useUi.getState();
  if (file.size > MAX_MODEL_BYTES) {
    ui.say({ kind: 'error', text: `“${file.name}” is ${(file.size / 1048576).toFixed(1)} MB; GateLab files are at most ${MAX_MODEL_BYTES / 1048576} MB. Nothing was changed.` });
    return false;
  }
  let text: string;
  try { text = await file.text(); } catch (e) {
    ui.say({ kind: 'error', text: `“${file.name}” could not be read: ${(e as Error).message}` });
    return false;
  }
  if (isLessonText(text)) return openLessonText(text, file.name);
  if (isBlocksText(text)) return importBlockFile(text, file.name);
  const r = openFileText(text);
  if (!r.ok && r.kind === 'other' && isSequencesJson(text)) return openSequencesText(file.name, text);
  if (!r.ok) {
    ui.say({ kind: 'error', text: `The ${WHAT[r.kind]} “${file.name}” was not opened; your graph is unchanged. It has ${plural(r.errors.length)}:`, errors: r.errors });
    return false;
  }
  if (r.kind === 'model') return openModel(r.model, file.name);
  loadGraph(r.graph, `Open ${file.name}`);
  ui.say({ kind: 'info', text: `Opened “${r.graph.name}” from ${file.name}. Undo (Ctrl+Z) brings back what was open before.`, ttl: 6000 });
  return true;
}

/** Files dropped on the page: the first .json one opens, a CSV or TSV table goes to the table import; anything else is named and refused. */
export async function openDropped(files: readonly File[]): Promise<boolean> {
  const json = files.find((f) => /\.json$/i.test(f.name) || f.type === 'application/json') ?? files.find(isDataFile);
  if (!json) {
    const names = files.slice(0, 3).map((f) => `“${f.name}”`).join(', ') || 'That';
    useUi.getState().say({ kind: 'error', text: `${names} ${files.length > 1 ? 'are not GateLab files' : 'is not a GateLab file'}: drop a .json graph or model file (Save and Export model make them), or a .csv or .tsv table. Nothing was changed.` });
    return false;
  }
  if (files.length > 1) useUi.getState().say({ kind: 'info', text: `Opening “${json.name}” only: one file at a time.`, ttl: 5000 });
  return openFile(json);
}

export function saveFile(): void {
  downloadGraph(documentGraph());
}

export function shareLink(): ShareResult {
  return encodeShare(documentGraph(), `${location.origin}${location.pathname}${location.search}`);
}

/**
 * A share link pasted into a tab already open on GateLab: opens its graph, asking
 * first when this tab holds edits; returns whether the graph was opened.
 */
export function openSharedHash(hash: string, ask: (question: string) => boolean): boolean {
  const link = decodeShare(hash);
  if (!link) return false;
  const ui = useUi.getState();
  if (!link.ok) {
    ui.say({ kind: 'error', text: 'The share link could not be opened; your graph is unchanged:', errors: link.errors });
    return false;
  }
  const { graph, past } = useGraph.getState();
  if (past.length > 0 && !ask(`Open the shared graph “${link.value.name}” in place of “${graph.name}”? Undo (Ctrl+Z) brings your graph back.`)) return false;
  loadGraph(link.value, `Open shared graph ${link.value.name}`);
  ui.say({ kind: 'info', text: `Opened the shared graph “${link.value.name}”. Undo (Ctrl+Z) brings back what was open before.`, ttl: 6000 });
  return true;
}
