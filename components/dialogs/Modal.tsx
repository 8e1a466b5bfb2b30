/** A dialog over the page: closes on Escape, on the ✕, or on a click outside. */
import { useEffect, type ReactNode } from 'react';
import { useUi } from '../../src/store/uiStore';

export function Modal({ title, children, testId, wide }: { title: string; children: ReactNode; testId: string; wide?: boolean }) {
  const close = () => useUi.getState().open('none');
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => { if (e.key === 'Escape') { e.stopPropagation(); close(); } };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);
  return (
    <div className="gl-modal-back" onMouseDown={(e) => { if (e.target === e.currentTarget) close(); }}>
      <div className={`gl-modal${wide ? ' wide' : ''}`} role="dialog" aria-modal="true" aria-label={title} data-testid={testId}>
        <header><h2>{title}</h2><button className="gl-close" onClick={close} aria-label="Close" data-testid="dialog-close">✕</button></header>
        <div className="gl-modal-body">{children}</div>
      </div>
    </div>
  );
}
