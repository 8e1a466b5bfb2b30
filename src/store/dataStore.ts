/**
 * The "Your data" dialog: which way of bringing data in is shown, and the
 * file that opened it (a CSV dropped on the page or picked), read but not yet
 * applied. Nothing here is saved; the graph changes only on Apply.
 */
import { create } from 'zustand';

export type DataTab = 'draw' | 'table' | 'text' | 'sequences';

export interface PendingFile {
  name: string;
  text: string;
}

interface DataState {
  tab: DataTab;
  /** The file and the tab it was opened for: other tabs ignore it. */
  file: (PendingFile & { tab: DataTab }) | null;
  /** Shows a tab; with `file` (or null) replaces the pending file, without it keeps it (switching tabs). */
  show(tab: DataTab, file?: PendingFile | null): void;
}

export const useData = create<DataState>()((set) => ({
  tab: 'draw',
  file: null,
  show: (tab, file) => set((s) => ({ tab, file: file === undefined ? s.file : file && { ...file, tab } })),
}));

/** The pending file when it was opened for `tab`. */
export const usePendingFile = (tab: DataTab): PendingFile | null => useData((s) => (s.file?.tab === tab ? s.file : null));
