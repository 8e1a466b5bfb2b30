/**
 * Data files picked or dropped on the page: a CSV or TSV table opens the
 * table import, a plain-text file the text tab. The file is only read here;
 * the graph changes when the person applies the import.
 */
import { CSV_LIMITS } from '../../engine';
import { useUi } from '../store/uiStore';
import { openData } from '../data/open';

const mb = (n: number) => `${(n / 1048576).toFixed(1)} MB`;

const TABLE = /\.(csv|tsv)$/i;
const TEXT = /\.txt$/i;

export const isDataFile = (f: File): boolean => TABLE.test(f.name) || TEXT.test(f.name) || f.type === 'text/csv' || f.type === 'text/tab-separated-values';

/** The data goes inside the graph file: a file over that cap is refused by its size, before a byte is read, and said so. */
export function refuseTooBig(file: File): boolean {
  if (file.size <= CSV_LIMITS.inlineBytes) return false;
  useUi.getState().say({ kind: 'error', text: `“${file.name}” is ${mb(file.size)}; data kept in the graph is at most ${mb(CSV_LIMITS.inlineBytes)} (on the command line, gatelab train --data reads files up to ${mb(CSV_LIMITS.fileBytes)}). Nothing was changed.` });
  return true;
}

export async function openDataFile(file: File): Promise<boolean> {
  const ui = useUi.getState();
  if (refuseTooBig(file)) return false;
  let text: string;
  try { text = await file.text(); } catch (e) {
    ui.say({ kind: 'error', text: `“${file.name}” could not be read: ${(e as Error).message}. Nothing was changed.` });
    return false;
  }
  openData(TEXT.test(file.name) ? 'text' : 'table', { name: file.name, text });
  return true;
}

/** A JSON file of token sequences (`inputs` and `targets`, no GateLab `format`): the sequences tab takes it. */
export function isSequencesJson(text: string): boolean {
  if (text.length > CSV_LIMITS.inlineBytes) return false;
  try {
    const j = JSON.parse(text) as unknown;
    return typeof j === 'object' && j !== null && !('format' in j) && Array.isArray((j as { inputs?: unknown }).inputs) && Array.isArray((j as { targets?: unknown }).targets);
  } catch {
    return false;
  }
}

export function openSequencesText(name: string, text: string): boolean {
  openData('sequences', { name, text });
  return true;
}
