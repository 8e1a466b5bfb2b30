/**
 * A live line chart (uPlot) over series buffers: created once, fed new data
 * on the animation frame after a tick, resized with its box.
 */
import { useEffect, useRef } from 'react';
import { ExportMenu } from '../telemetry/ExportMenu';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { SeriesBuffer } from '../../src/store/series';
import { useRun } from '../../src/store/runStore';
import { redrawOnFrame } from './frame';

export interface Line {
  label: string;
  buffer: SeriesBuffer;
  colour: string;
  width?: number;
  dash?: number[];
  points?: boolean;
}

export interface LineChartProps {
  title: string;
  lines: readonly Line[];
  /** Fixed y range, e.g. [0, 1] for accuracy. */
  range?: [number, number];
  log?: boolean;
  testId: string;
}

/** Tick labels with just enough decimals to tell neighbours apart. */
const yValues = (_u: uPlot, splits: number[], _i: number, _space: number, incr: number) => {
  const d = Math.min(6, Math.max(0, -Math.floor(Math.log10(incr || 1))));
  const big = splits.some((v) => Math.abs(v) >= 1e4);
  return splits.map((v) => (big ? (v === 0 ? '0' : v.toExponential(0)) : v.toFixed(d)));
};
const STEP_INCRS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000, 200000, 500000];

function dataOf(lines: readonly Line[]): uPlot.AlignedData {
  const tables = lines.map((l) => l.buffer.view() as unknown as uPlot.AlignedData);
  if (tables.every((t) => t[0]!.length === 0)) return [[], ...lines.map(() => [])] as unknown as uPlot.AlignedData;
  return uPlot.join(tables as uPlot.AlignedData[]);
}

/** Every line's steps and values, for CSV and JSON export. */
export function columnsOf(lines: readonly Line[]): { columns: Record<string, number[]> } {
  const columns: Record<string, number[]> = {};
  for (const l of lines) {
    const [x, y] = l.buffer.view();
    columns[`${l.label} step`] = Array.from(x);
    columns[l.label] = Array.from(y);
  }
  return { columns };
}

export function LineChart({ title, lines, range, log, testId }: LineChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement | null>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const opts: uPlot.Options = {
      width: Math.max(120, el.clientWidth),
      height: Math.max(80, el.clientHeight - 4),
      legend: { show: false },
      cursor: { drag: { x: false, y: false }, points: { size: 5 } },
      scales: { x: { time: false }, y: range ? { range } : log ? { distr: 3 } : {} },
      axes: [
        { stroke: '#64748b', grid: { stroke: '#eef2f7' }, ticks: { show: false }, size: 22, font: '10px system-ui', incrs: STEP_INCRS },
        { stroke: '#64748b', grid: { stroke: '#eef2f7' }, ticks: { show: false }, size: 40, font: '10px system-ui', values: yValues },
      ],
      series: [
        { label: 'step' },
        ...lines.map((l) => ({
          label: l.label, stroke: l.colour, width: l.width ?? 1.5, spanGaps: true,
          ...(l.dash ? { dash: l.dash } : {}),
          points: { show: l.points ?? false, size: 4, fill: l.colour },
        })),
      ],
    };
    const u = new uPlot(opts, dataOf(lines), el);
    canvas.current = u.ctx.canvas;
    const draw = () => u.setData(dataOf(lines));
    const stop = redrawOnFrame((s, p) => s.seriesVersion !== p.seriesVersion, draw);
    const ro = new ResizeObserver(() => u.setSize({ width: Math.max(120, el.clientWidth), height: Math.max(80, el.clientHeight - 4) }));
    ro.observe(el);
    return () => { stop(); ro.disconnect(); u.destroy(); };
  }, [lines, range, log]);
  const empty = useRun((s) => s.step === 0);
  return (
    <figure className="gl-chart" data-testid={testId}>
      <figcaption>
        {title}
        <span className="gl-chart-keys">{lines.map((l) => <span key={l.label}><i style={{ background: l.colour }} />{l.label}</span>)}</span>
        <ExportMenu name={testId} canvas={canvas} data={() => columnsOf(lines)} />
      </figcaption>
      <div className="gl-chart-box" ref={box} />
      {empty && <div className="gl-chart-empty">Press Train to see the curve</div>}
    </figure>
  );
}
