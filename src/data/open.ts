/** Opens the Your data dialog on a tab, with a file already read when one was dropped or picked. */
import { useData, type DataTab, type PendingFile } from '../store/dataStore';
import { useUi } from '../store/uiStore';

export function openData(tab: DataTab, file: PendingFile | null = null): void {
  useData.getState().show(tab, file);
  useUi.getState().open('data');
}
