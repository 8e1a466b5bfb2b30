/** The bottom panel: data and settings on the left, the run in the middle, live charts on the right. */
import { memo } from 'react';
import { series } from '../../src/store/runStore';
import { LineChart, type Line } from '../charts/LineChart';
import { Boundary } from '../charts/Boundary';
import { traceNearest } from '../telemetry/TraceView';
import { FitPlot } from '../charts/FitPlot';
import { useRun } from '../../src/store/runStore';
import { DatasetSection, usePreview } from './DatasetSection';
import { TrainSettings } from './TrainSettings';
import { RunControls } from './RunControls';

const LOSS: Line[] = [
  { label: 'batch', buffer: series.loss, colour: '#b6c6dc', width: 1 },
  { label: 'smooth', buffer: series.lossEma, colour: '#1d4ed8', width: 2 },
  { label: 'held-out', buffer: series.evalLoss, colour: '#ea580c', width: 1.5, points: true },
];
const ACC: Line[] = [
  { label: 'train', buffer: series.accuracyEma, colour: '#1d4ed8', width: 2 },
  { label: 'held-out', buffer: series.evalAccuracy, colour: '#ea580c', width: 1.5, points: true },
];
const R2: Line[] = [{ label: 'held-out R²', buffer: series.evalR2, colour: '#ea580c', width: 1.5, points: true }];
const UNIT: [number, number] = [0, 1];

const Charts = memo(function Charts() {
  const preview = usePreview();
  const fitted = useRun((s) => s.fit !== null);
  const regression = useRun((s) => s.info?.classification === false);
  const fitFigures = useRun((s) => s.info?.fitFigures === true);
  return (
    <div className="gl-charts">
      <LineChart title="Loss" lines={LOSS} testId="loss-chart" />
      {!regression && <LineChart title="Accuracy" lines={ACC} range={UNIT} testId="accuracy-chart" />}
      {fitFigures && <LineChart title="R²" lines={R2} range={UNIT} testId="r2-chart" />}
      {preview?.kind === 'points2d' && <Boundary points={preview.points} size={190} onPick={traceNearest} />}
      {fitted && <FitPlot size={190} />}
    </div>
  );
});

export function TrainingPanel() {
  return (
    <section className="gl-training" aria-label="Training">
      <div className="gl-training-setup">
        <DatasetSection />
        <TrainSettings />
      </div>
      <RunControls />
      <Charts />
    </section>
  );
}
