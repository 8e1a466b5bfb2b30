/** Puts a dataset of your own into the graph: one undoable edit, with the graph's ends fitted to it. */
import type { Training } from '../../engine';
import { useGraph } from '../store/graphStore';
import { useUi } from '../store/uiStore';
import { fitGraphEnds, type DataEnds } from './fitGraph';

export function applyDataset(dataset: Record<string, unknown>, ends: DataEnds, label: string): void {
  useGraph.getState().commit(label, (g) => fitGraphEnds({ ...g, training: { ...g.training, dataset: dataset as Training['dataset'] } }, ends));
  useUi.getState().open('none');
}
