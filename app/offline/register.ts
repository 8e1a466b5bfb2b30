/**
 * Registers the service worker (builds only: the dev server has none) so that the editor
 * works offline after one visit. When a new build has installed, the page
 * offers to switch to it; the switch reloads the page.
 */
import { useUi } from '../../src/store/uiStore';

export function registerServiceWorker(): void {
  if (import.meta.env['GATELAB_OFFLINE'] !== true || !('serviceWorker' in navigator)) return;
  let asked = false;
  const offerUpdate = (waiting: ServiceWorker) => useUi.getState().say({
    kind: 'info',
    text: 'A new version of GateLab is ready. Reload to use it (save your work first if a run matters to you).',
    action: { label: 'Reload now', run: () => { asked = true; waiting.postMessage('take-over'); } },
  });
  // Only the take-over asked for above reloads the page (the first install takes control quietly).
  navigator.serviceWorker.addEventListener('controllerchange', () => { if (asked) location.reload(); });
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('./sw.js').then((reg) => {
      if (reg.waiting && navigator.serviceWorker.controller) offerUpdate(reg.waiting);
      reg.addEventListener('updatefound', () => {
        const w = reg.installing;
        w?.addEventListener('statechange', () => { if (w.state === 'installed' && navigator.serviceWorker.controller) offerUpdate(w); });
      });
    }).catch((e: unknown) => useUi.getState().say({ kind: 'warn', text: `GateLab will not work offline here: ${(e as Error).message}`, ttl: 8000 }));
  });
}
