/** Repeat: how many copies of the selected block to stack (the original counts as one). */
import { useState } from 'react';
import { repeatSelection } from '../../src/store/actions';
import { useUi } from '../../src/store/uiStore';
import { Modal } from './Modal';

export function RepeatDialog() {
  const count = useUi((s) => s.selectedNodes.length);
  const [n, setN] = useState(3);
  const [why, setWhy] = useState<string | null>(null);
  const apply = () => {
    const r = repeatSelection(n);
    if (r) setWhy(r); else useUi.getState().open('none');
  };
  return (
    <Modal title="Repeat block" testId="repeat-dialog">
      <p>Stack the {count} selected node{count === 1 ? '' : 's'} into a chain of copies. Each copy takes the previous copy's output where the original took its main input; inputs from elsewhere stay shared.</p>
      <label className="gl-field-name">Copies in total (2–64)
        <input type="number" min={2} max={64} value={n} autoFocus data-testid="repeat-count"
          onChange={(e) => setN(Math.round(Number(e.target.value)))} onKeyDown={(e) => { if (e.key === 'Enter') apply(); }} />
      </label>
      {why && <p className="gl-error-text" data-testid="repeat-error">{why}</p>}
      <div className="gl-dialog-actions"><button className="primary" onClick={apply} data-testid="repeat-apply">Repeat ×{n}</button></div>
    </Modal>
  );
}
