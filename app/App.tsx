/** The editor: palette left, canvas centre, inspector right, training panel below; dialogs on top. On a phone, one panel at a time. */
import { ReactFlowProvider } from '@xyflow/react';
import { FlowCanvas } from '../components/canvas/FlowCanvas';
import { Palette } from '../components/palette/Palette';
import { Inspector } from '../components/inspector/Inspector';
import { TrainingPanel } from '../components/training/TrainingPanel';
import { Toolbar } from '../components/app/Toolbar';
import { Messages } from '../components/app/Messages';
import { ErrorBoundary } from '../components/app/ErrorBoundary';
import { useShortcuts } from '../components/app/useShortcuts';
import { Dialogs } from '../components/dialogs/Dialogs';
import { TelemetryDock } from '../components/telemetry/TelemetryDock';
import { PanelSwitcher } from '../components/app/PanelSwitcher';
import { useUi } from '../src/store/uiStore';
import { Lessons } from '../components/lessons/Lessons';

export function App() {
  useShortcuts();
  const panel = useUi((s) => s.panel);
  return (
    <ReactFlowProvider>
      <div className="gl-app" data-panel={panel}>
        <Toolbar />
        <ErrorBoundary name="palette"><Palette /></ErrorBoundary>
        <main className="gl-main">
          <ErrorBoundary name="canvas"><FlowCanvas /></ErrorBoundary>
          <ErrorBoundary name="telemetry"><TelemetryDock /></ErrorBoundary>
        </main>
        <ErrorBoundary name="inspector"><Inspector /></ErrorBoundary>
        <ErrorBoundary name="training panel"><TrainingPanel /></ErrorBoundary>
        <PanelSwitcher />
        <ErrorBoundary name="lesson"><Lessons /></ErrorBoundary>
        <Dialogs />
        <Messages />
      </div>
    </ReactFlowProvider>
  );
}
