/**
 * The page entry: pick the graph to open (share link, autosave, default
 * preset), start autosaving, catch what nothing else caught, and render.
 */
// tfjs-core first: its flags must be registered before engine/ imports register_all_gradients
// (in dev, Vite evaluates that deep import as its own module, and it reads the DEBUG flag).
import '@tensorflow/tfjs-core';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@xyflow/react/dist/style.css';
import './app.css';
import './layouts.css'; // after app.css: its rules for smaller screens win
import { App } from './App';
import { loadLibrary } from '../src/persistence/blockLibrary';
import { documentGraph, useGraph } from '../src/store/graphStore';
import { useUi } from '../src/store/uiStore';
import { endRuns, loadGraph } from '../src/store/actions';
import { clearPair } from '../src/store/pairStore';
import { bootGraph } from '../src/persistence/boot';
import { openSharedHash } from '../src/persistence/actions';
import { startAutosave } from '../src/persistence/local';
import { autosaveTurn } from '../src/persistence/autosave-turn';
import { getBridge } from '../src/worker/bridge';
import { getPairRunner } from '../src/worker/pair';
import { endSeedPair } from '../src/worker/seed-pair';
import { registerServiceWorker } from './offline/register';

function storage(): Storage | null {
  try { return window.localStorage; } catch { return null; }
}

const boot = bootGraph(location.hash, storage());
useGraph.getState().reset(boot.graph);
if (boot.source === 'link') history.replaceState(null, '', location.pathname + location.search);
const ui = useUi.getState();
const prev = boot.previous;
for (const n of boot.notes) {
  // The damaged-autosave note offers the previous good save, when there is one.
  const offer = n.kind === 'warn' && prev ? { action: { label: `Restore “${prev.graph.name}”`, run: () => loadGraph(prev.graph, 'Restore previous autosave') } } : {};
  ui.say({ ...n, ...offer, ...(n.kind === 'info' ? { ttl: 6000 } : {}) });
}

const store = storage();
if (store) {
  loadLibrary(store);
  const say = useUi.getState().say;
  // One tab autosaves at a time: a later tab is told, and takes over when the first one closes.
  const mayWrite = autosaveTurn(navigator.locks, {
    waiting: () => say({ kind: 'warn', text: 'GateLab is open in another tab, and that tab autosaves. Edits here are not autosaved, so neither tab overwrites the other: use Save to keep them as a file. Autosave comes to this tab when the other one closes.' }),
    granted: (afterWaiting) => {
      autosave.flush();
      if (afterWaiting) say({ kind: 'info', text: 'The other GateLab tab closed: this tab autosaves now.', ttl: 8000 });
    },
  });
  const autosave = startAutosave(
    store,
    (listener) => useGraph.subscribe((s, p) => { if (s.graph !== p.graph && !s.dragBase) listener(documentGraph(s)); }),
    (message) => say({ kind: 'warn', text: message }),
    { mayWrite },
  );
}

// A share link pasted into this tab changes only the hash: open it, then drop it from the URL.
window.addEventListener('hashchange', () => {
  openSharedHash(location.hash, (q) => window.confirm(q));
  if (location.hash) history.replaceState(null, '', location.pathname + location.search);
});

window.addEventListener('error', (e) => useUi.getState().say({ kind: 'error', text: `Something went wrong: ${e.message}`, ttl: 10000 }));
window.addEventListener('unhandledrejection', (e) => useUi.getState().say({ kind: 'error', text: `Something went wrong: ${(e.reason as Error)?.message ?? String(e.reason)}`, ttl: 10000 }));

endRuns.run = () => { getBridge().reset(); getPairRunner().stop(); clearPair(); endSeedPair(); };
registerServiceWorker();
getBridge(); // start the worker now: the backend is chosen while the page settles
createRoot(document.getElementById('root')!).render(<StrictMode><App /></StrictMode>);
