/**
 * The telemetry views, docked over the right of the canvas: the selected
 * node's statistics and the attention-sink lab (more tabs as they come).
 * Closed, it is one button; open, it only subscribes to what its tab draws.
 */
import { useEffect, useRef } from 'react';
import { useUi } from '../../src/store/uiStore';
import { useTelemetry, type TelemetryTab } from '../../src/store/telemetryStore';
import { ModelTelemetry, NodeTelemetry } from './NodeTelemetry';
import { SinkLab } from './SinkLab';
import { PairView } from './PairView';
import { RouterMap } from './RouterMap';
import { InterveneView } from './InterveneView';
import { ExitExplorer } from './ExitExplorer';
import { TraceView } from './TraceView';
import { hooks } from '../app/runCommand';
import './telemetry.css';

const TABS: { tab: TelemetryTab; label: string }[] = [
  { tab: 'node', label: 'Node' },
  { tab: 'sink', label: 'Sink lab' },
  { tab: 'router', label: 'Router map' },
  { tab: 'exits', label: 'Exits' },
  { tab: 'pair', label: 'A/B runs' },
  { tab: 'intervene', label: 'Intervene' },
  { tab: 'trace', label: 'Trace' },
];

function NodeTab() {
  const sel = useUi((s) => (s.selectedNodes.length === 1 ? s.selectedNodes[0]! : null));
  if (!sel) return <><p className="gl-muted" data-testid="tm-node-none">Select a gate, router, skip or exit node to see its statistics over training.</p><ModelTelemetry /></>;
  return <NodeTelemetry nodeId={sel} />;
}

/**
 * The dock takes 490 px from the canvas (or gives them back): refit the graph
 * once the canvas has its new width, or the nodes on the right sit behind it.
 */
function useRefitOnToggle(open: boolean): void {
  const first = useRef(true);
  useEffect(() => {
    if (first.current) { first.current = false; return; }
    // two frames: React Flow measures its resized container in between
    let id = requestAnimationFrame(() => { id = requestAnimationFrame(() => hooks.fitView()); });
    return () => cancelAnimationFrame(id);
  }, [open]);
}

export function TelemetryDock() {
  const open = useTelemetry((s) => s.open);
  const tab = useTelemetry((s) => s.tab);
  const { show, close } = useTelemetry.getState();
  useRefitOnToggle(open);
  if (!open) {
    return <button className="gl-tm-open" onClick={() => show()} data-testid="telemetry-open" title="Live statistics of the gates, routers and attention">Telemetry ▸</button>;
  }
  return (
    <aside className="gl-tm-dock" aria-label="Telemetry" data-testid="telemetry">
      <header>
        <nav role="tablist">
          {TABS.map((t) => (
            <button key={t.tab} role="tab" aria-selected={tab === t.tab} className={tab === t.tab ? 'on' : ''} onClick={() => show(t.tab)} data-testid={`telemetry-tab-${t.tab}`}>{t.label}</button>
          ))}
        </nav>
        <button className="gl-tm-close" onClick={close} title="Close telemetry" data-testid="telemetry-close">✕</button>
      </header>
      <div className="gl-tm-body">
        {tab === 'node' && <NodeTab />}
        {tab === 'sink' && <SinkLab />}
        {tab === 'router' && <RouterMap />}
        {tab === 'pair' && <PairView />}
        {tab === 'intervene' && <InterveneView />}
        {tab === 'exits' && <ExitExplorer />}
        {tab === 'trace' && <TraceView />}
      </div>
    </aside>
  );
}
