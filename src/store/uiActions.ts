/** What switching panels does across stores: on a phone the telemetry panel is the dock, opened and closed with it. */
import { useUi, type Panel } from './uiStore';
import { useTelemetry } from './telemetryStore';

export function showPanel(panel: Panel): void {
  useUi.getState().showPanel(panel);
  const t = useTelemetry.getState();
  if (panel === 'telemetry') t.show(); else if (panel === 'canvas' && t.open) t.close();
}
