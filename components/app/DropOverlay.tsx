/** Files dropped anywhere on the page open by their format; an overlay says so while a file is dragged over. */
import { useEffect, useState } from 'react';
import { openDropped } from '../../src/persistence/actions';
import './files.css';

const carriesFiles = (e: DragEvent) => e.dataTransfer?.types.includes('Files') ?? false;

export function DropOverlay() {
  const [over, setOver] = useState(false);
  useEffect(() => {
    // dragenter and dragleave fire for every element crossed: count them to know when the drag left the page.
    let depth = 0;
    const enter = (e: DragEvent) => { if (!carriesFiles(e)) return; e.preventDefault(); depth++; setOver(true); };
    const over = (e: DragEvent) => { if (!carriesFiles(e)) return; e.preventDefault(); e.dataTransfer!.dropEffect = 'copy'; };
    const leave = (e: DragEvent) => { if (!carriesFiles(e)) return; depth = Math.max(0, depth - 1); if (depth === 0) setOver(false); };
    const drop = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      e.preventDefault();
      depth = 0;
      setOver(false);
      void openDropped([...e.dataTransfer!.files]);
    };
    const on = { dragenter: enter, dragover: over, dragleave: leave, drop } as const;
    for (const [k, f] of Object.entries(on)) window.addEventListener(k, f as EventListener);
    return () => { for (const [k, f] of Object.entries(on)) window.removeEventListener(k, f as EventListener); };
  }, []);
  if (!over) return null;
  return (
    <div className="gl-drop" data-testid="drop-overlay">
      <div className="gl-drop-card">
        <b>Drop to open</b>
        <div>A graph file opens on the canvas; a model file brings its trained weights too; a CSV or TSV table opens the table import.</div>
        <div className="gl-muted">.json files saved by GateLab (Save, Export model, or <code>gatelab train --out</code>)</div>
      </div>
    </div>
  );
}
