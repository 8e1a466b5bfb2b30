/**
 * A dialog over the page: closes on Escape, on the ✕, or on a click outside.
 * Keyboard focus moves into it, Tab and Shift+Tab cycle inside it, and on
 * closing focus returns to where it was.
 */
import { useEffect, useRef, type ReactNode } from 'react';
import { useUi } from '../../src/store/uiStore';

const FOCUSABLE = 'button:not([disabled]), [href], input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** The dialog's controls a Tab can reach, in order (hidden file inputs and collapsed parts left out). */
const focusables = (root: HTMLElement) => [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.getClientRects().length > 0);

export function Modal({ title, children, testId, wide }: { title: string; children: ReactNode; testId: string; wide?: boolean }) {
  const dialog = useRef<HTMLDivElement>(null);
  const close = () => useUi.getState().open('none');
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    const root = dialog.current!;
    if (!root.contains(document.activeElement)) (focusables(root).find((el) => !el.classList.contains('gl-close')) ?? root).focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') { e.stopPropagation(); close(); return; }
      if (e.key !== 'Tab') return;
      const all = focusables(root);
      if (!all.length) return;
      const first = all[0]!, last = all[all.length - 1]!;
      const inside = root.contains(document.activeElement);
      if (e.shiftKey && (!inside || document.activeElement === first)) { e.preventDefault(); last.focus(); }
      else if (!e.shiftKey && (!inside || document.activeElement === last)) { e.preventDefault(); first.focus(); }
    };
    window.addEventListener('keydown', onKey, true);
    return () => {
      window.removeEventListener('keydown', onKey, true);
      if (before?.isConnected) before.focus();
    };
  }, []);
  return (
    <div className="gl-modal-back" onMouseDown={(e) => { if (e.target === e.currentTarget) close(); }}>
      <div ref={dialog} tabIndex={-1} className={`gl-modal${wide ? ' wide' : ''}`} role="dialog" aria-modal="true" aria-label={title} data-testid={testId}>
        <header><h2>{title}</h2><button className="gl-close" onClick={close} aria-label="Close" data-testid="dialog-close">✕</button></header>
        <div className="gl-modal-body">{children}</div>
      </div>
    </div>
  );
}
