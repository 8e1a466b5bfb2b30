/** The editor's keyboard shortcuts, on the window, ignored while typing in a field or with a dialog open. */
import { useEffect } from 'react';
import { matchShortcut } from '../../src/shortcuts';
import { useUi } from '../../src/store/uiStore';
import { runCommand } from './runCommand';

function typing(t: EventTarget | null): boolean {
  const el = t as HTMLElement | null;
  if (!el || !el.tagName) return false;
  return el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName);
}

export function useShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || typing(e.target)) return;
      const id = matchShortcut(e);
      if (!id) return;
      // Copying selected text (a node's docs, an error) stays the browser's job.
      if ((id === 'copy' || id === 'cut') && (window.getSelection()?.toString() ?? '') !== '') return;
      const dialog = useUi.getState().dialog;
      if (dialog !== 'none' && id !== 'commands' && id !== 'shortcuts') return;
      if (id === 'deselect' && dialog !== 'none') return;
      e.preventDefault();
      if ((id === 'commands' || id === 'shortcuts') && dialog === id) { useUi.getState().open('none'); return; }
      runCommand(id);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
