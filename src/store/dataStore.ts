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
  file: PendingFile | null;
  show(tab: DataTab, file?: PendingFile | null): void;
}

export const useData = create<DataState>()((set) => ({
  tab: 'draw',
  file: null,
  show: (tab, file = null) => set({ tab, file }),
}));
