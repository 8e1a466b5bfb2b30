/**
 * The telemetry views, docked over the right of the canvas: the selected
 * node's statistics and the attention-sink lab (more tabs as they come).
 * Closed, it is one button; open, it only subscribes to what its tab draws.
 */
import { useUi } from '../../src/store/uiStore';
import { useTelemetry, type TelemetryTab } from '../../src/store/telemetryStore';
import { ModelTelemetry, NodeTelemetry } from './NodeTelemetry';
import { SinkLab } from './SinkLab';
import { PairView } from './PairView';
import { RouterMap } from './RouterMap';
import { InterveneView } from './InterveneView';
import { ExitExplorer } from './ExitExplorer';
import './telemetry.css';

const TABS: { tab: TelemetryTab; label: string }[] = [
  { tab: 'node', label: 'Node' },
  { tab: 'sink', label: 'Sink lab' },
  { tab: 'router', label: 'Router map' },
  { tab: 'exits', label: 'Exits' },
  { tab: 'pair', label: 'A/B runs' },
  { tab: 'intervene', label: 'Intervene' },
];

function NodeTab() {
  const sel = useUi((s) => (s.selectedNodes.length === 1 ? s.selectedNodes[0]! : null));
  if (!sel) return <><p className="gl-muted" data-testid="tm-node-none">Select a gate, router, skip or exit node to see its statistics over training.</p><ModelTelemetry /></>;
  return <NodeTelemetry nodeId={sel} />;
}

export function TelemetryDock() {
  const open = useTelemetry((s) => s.open);
  const tab = useTelemetry((s) => s.tab);
  const { show, close } = useTelemetry.getState();
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
      </div>
    </aside>
  );
}
