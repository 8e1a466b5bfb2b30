/**
 * Data files picked or dropped on the page: a CSV or TSV table opens the
 * table import, a plain-text file the text tab. The file is only read here;
 * the graph changes when the person applies the import.
 */
import { useUi } from '../store/uiStore';
import { openData } from '../data/open';

/** The largest data file the editor reads; the dataset kept in the graph has its own, smaller cap. */
export const MAX_DATA_FILE_BYTES = 64 * 1048576;

const TABLE = /\.(csv|tsv)$/i;
const TEXT = /\.txt$/i;

export const isDataFile = (f: File): boolean => TABLE.test(f.name) || TEXT.test(f.name) || f.type === 'text/csv' || f.type === 'text/tab-separated-values';

export async function openDataFile(file: File): Promise<boolean> {
  const ui = useUi.getState();
  if (file.size > MAX_DATA_FILE_BYTES) {
    ui.say({ kind: 'error', text: `“${file.name}” is ${(file.size / 1048576).toFixed(1)} MB; the editor reads data files of at most ${MAX_DATA_FILE_BYTES / 1048576} MB (the command line, gatelab train --data, takes larger ones). Nothing was changed.` });
    return false;
  }
  let text: string;
  try { text = await file.text(); } catch (e) {
    ui.say({ kind: 'error', text: `“${file.name}” could not be read: ${(e as Error).message}. Nothing was changed.` });
    return false;
  }
  openData(TEXT.test(file.name) ? 'text' : 'table', { name: file.name, text });
  return true;
}
