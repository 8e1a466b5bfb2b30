/** Open, save and share, wired to the stores: what the toolbar and shortcuts call. */
import { MAX_GRAPH_BYTES } from '../../engine/graph/parse';
import { useGraph } from '../store/graphStore';
import { useUi } from '../store/uiStore';
import { loadGraph } from '../store/actions';
import { downloadGraph, openGraphText } from './files';
import { encodeShare, type ShareResult } from './shareLink';

/** Opens a graph file; a bad one is reported with located errors and the open graph stays as it is. */
export async function openFile(file: File): Promise<boolean> {
  const ui = useUi.getState();
  if (file.size > MAX_GRAPH_BYTES) {
    ui.say({ kind: 'error', text: `“${file.name}” is ${(file.size / 1048576).toFixed(1)} MB; graph files are at most ${MAX_GRAPH_BYTES / 1048576} MB. Nothing was changed.` });
    return false;
  }
  let text: string;
  try { text = await file.text(); } catch (e) {
    ui.say({ kind: 'error', text: `“${file.name}” could not be read: ${(e as Error).message}` });
    return false;
  }
  const r = openGraphText(text);
  if (!r.ok) {
    ui.say({ kind: 'error', text: `“${file.name}” was not opened; your graph is unchanged. The file has ${r.errors.length} problem${r.errors.length > 1 ? 's' : ''}:`, errors: r.errors });
    return false;
  }
  loadGraph(r.value, `Open ${file.name}`);
  ui.say({ kind: 'info', text: `Opened “${r.value.name}” from ${file.name}. Undo (Ctrl+Z) brings back what was open before.`, ttl: 6000 });
  return true;
}

export function saveFile(): void {
  downloadGraph(useGraph.getState().graph);
}

export function shareLink(): ShareResult {
  return encodeShare(useGraph.getState().graph, `${location.origin}${location.pathname}${location.search}`);
}
