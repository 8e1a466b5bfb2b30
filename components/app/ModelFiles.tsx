/** Model files in the toolbar: open one, and export the run's trained weights as float32 or float16. */
import { useState } from 'react';
import { useRun, weightsKey } from '../../src/store/runStore';
import { documentGraph, useGraph } from '../../src/store/graphStore';
import { exportBlocker, exportModelFile } from '../../src/persistence/models';
import './files.css';

export function ModelFiles({ pick }: { pick: () => void }) {
  const canvasKey = useGraph((s) => weightsKey(documentGraph(s)));
  const blocker = useRun((s) => exportBlocker(s.status, s.step, s.weightsKey === canvasKey));
  const [float16, setFloat16] = useState(false);
  const [busy, setBusy] = useState(false);
  const why = blocker ?? (busy ? 'Exporting…' : `Download the graph with its trained weights (${float16 ? 'float16: half the size, about 3 significant digits' : 'float32: exact'})`);
  const exportNow = () => { setBusy(true); void exportModelFile(float16).finally(() => setBusy(false)); };
  return (
    <>
      <button onClick={pick} data-testid="model-open" title="Open a model file: its graph goes on the canvas and its trained weights into the run">Open model</button>
      {/* The span carries the reason: some browsers show no tooltip on a disabled button. */}
      <span className="gl-export" title={why} data-testid="model-export-why">
        <button onClick={exportNow} disabled={blocker !== null || busy} data-testid="model-export">Export model</button>
        <select value={float16 ? 'float16' : 'float32'} onChange={(e) => setFloat16(e.target.value === 'float16')} aria-label="Weight precision" title="Weight precision: float32 is exact; float16 is half the size, about 3 significant digits" data-testid="model-dtype">
          <option value="float32">float32</option>
          <option value="float16">float16</option>
        </select>
      </span>
    </>
  );
}
