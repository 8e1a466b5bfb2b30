/**
 * On a phone the editor shows one panel at a time: this bar switches between
 * them and keeps Train (or Pause) in reach whichever is open. Wider screens
 * show every panel and hide the bar (app.css).
 */
import { useRun } from '../../src/store/runStore';
import { useUi, type Panel } from '../../src/store/uiStore';
import { showPanel } from '../../src/store/uiActions';
import { pause, train } from '../../src/store/runActions';

const PANELS: readonly { panel: Panel; label: string }[] = [
  { panel: 'canvas', label: 'Graph' },
  { panel: 'palette', label: 'Nodes' },
  { panel: 'inspector', label: 'Inspect' },
  { panel: 'training', label: 'Training' },
  { panel: 'telemetry', label: 'Telemetry' },
];

export function PanelSwitcher() {
  const current = useUi((s) => s.panel);
  const running = useRun((s) => s.status === 'running' || s.status === 'starting');
  return (
    <nav className="gl-switcher" aria-label="Panels">
      {PANELS.map(({ panel, label }) => (
        <button key={panel} aria-pressed={current === panel} onClick={() => showPanel(panel)} data-testid={`panel-${panel}`}>{label}</button>
      ))}
      <button className="primary" onClick={running ? pause : train} data-testid="switch-train">{running ? '❚❚ Pause' : '▶ Train'}</button>
    </nav>
  );
}
