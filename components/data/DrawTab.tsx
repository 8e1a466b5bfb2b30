/** The Draw tab: a drawing that starts from the graph's own drawn points, applied as one undoable edit. */
import { useState } from 'react';
import { useGraph } from '../../src/store/graphStore';
import { drawingDataset, drawingOf, emptyDrawing, notReady, type Drawing } from '../../src/data/drawing';
import { applyDataset } from '../../src/data/apply';
import { DrawPoints } from './DrawPoints';

export function DrawTab() {
  const [drawing, setDrawing] = useState<Drawing>(() => drawingOf(useGraph.getState().graph.training.dataset) ?? emptyDrawing());
  const why = notReady(drawing);
  const apply = () => applyDataset(
    drawingDataset(drawing),
    { task: drawing.task, outputs: drawing.task === 'regression' ? 1 : drawing.classes },
    `Train on ${drawing.points.length} drawn points`,
  );
  return (
    <div className="gl-data-tab">
      <DrawPoints value={drawing} onChange={setDrawing} />
      <div className="gl-dialog-actions">
        {why && <span className="gl-muted" data-testid="draw-not-ready">{why}</span>}
        <button className="primary" onClick={apply} disabled={why !== null} data-testid="draw-apply">Use these points</button>
      </div>
    </div>
  );
}
