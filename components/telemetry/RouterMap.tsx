/**
 * Router territory on 2-D data: the plane coloured by the expert that wins
 * each point (paler where its weight is small), or by a gate's value, beside
 * the decision boundary; the data on top. The worker computes the grid in
 * the same probe pass as the boundary; this only paints it, on animation
 * frames.
 */
import { memo, useEffect, useRef } from 'react';
import { useRun } from '../../src/store/runStore';
import { useGraph } from '../../src/store/graphStore';
import type { BoundaryGrid, TerritoryMap } from '../../src/worker/protocol';
import { drawBoundary, type Points } from '../charts/Boundary';
import { classColour, redrawOnFrame, rgb } from '../charts/frame';
import { usePreview } from '../training/DatasetSection';
import { css, expertColour, viridis } from './colour';
import { ExportMenu } from './ExportMenu';
import { RoutingSection } from './NodeTelemetry';
import { nodesOfKind, ofKind } from '../../src/store/statsStore';
import { traceNearest } from './TraceView';

/** Pixels of a territory map: expert colour faded toward white by (1 − weight); a gate in viridis. */
export function territoryPixels(m: TerritoryMap, res: number): Uint8ClampedArray {
  const px = new Uint8ClampedArray(res * res * 4);
  for (let i = 0; i < res * res; i++) {
    let col: [number, number, number];
    if (m.kind === 'experts') {
      const w = m.winner![i]!;
      const a = w === 255 ? 0 : 0.25 + 0.6 * Math.min(1, m.values[i]!);
      const c = w === 255 ? [255, 255, 255] : expertColour(w);
      col = [255 * (1 - a) + c[0]! * a, 255 * (1 - a) + c[1]! * a, 255 * (1 - a) + c[2]! * a];
    } else col = viridis(m.values[i]!);
    px[i * 4] = col[0]; px[i * 4 + 1] = col[1]; px[i * 4 + 2] = col[2]; px[i * 4 + 3] = 255;
  }
  return px;
}

function drawTerritory(canvas: HTMLCanvasElement, grid: BoundaryGrid, m: TerritoryMap, points: Points): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const off = document.createElement('canvas');
  off.width = grid.res; off.height = grid.res;
  off.getContext('2d')!.putImageData(new ImageData(territoryPixels(m, grid.res) as Uint8ClampedArray<ArrayBuffer>, grid.res, grid.res), 0, 0);
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(off, 0, 0, canvas.width, canvas.height);
  const [x0, x1, y0, y1] = grid.extent;
  const W = canvas.width, H = canvas.height;
  for (const [x, y, c] of points) {
    ctx.beginPath();
    ctx.arc(((x - x0) / (x1 - x0)) * W, ((y1 - y) / (y1 - y0)) * H, 2.2 * (W / 200), 0, Math.PI * 2);
    ctx.fillStyle = rgb(classColour(c));
    ctx.fill();
    ctx.lineWidth = 0.7;
    ctx.strokeStyle = '#fff';
    ctx.stroke();
  }
}

const SIZE = 200;

function Plane({ index, points, title, testId, boundary }: { index: number; points: Points; title: string; testId: string; boundary?: boolean }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const c = ref.current;
    if (!c) return;
    const draw = () => {
      const g = useRun.getState().boundary;
      if (boundary) { drawBoundary(c, g, points, 2.6 * (c.width / SIZE)); return; }
      const m = g?.territory?.[index];
      if (g && m) drawTerritory(c, g, m, points);
    };
    draw();
    return redrawOnFrame((s, p) => s.boundary !== p.boundary, draw);
  }, [index, points, boundary]);
  const m = useRun((s) => (boundary ? undefined : s.boundary?.territory?.[index]));
  const counts = m?.kind === 'experts' ? Array.from({ length: m.experts }, (_, e) => m.winner!.reduce((n, w) => n + (w === e ? 1 : 0), 0)) : [];
  const dpr = typeof window !== 'undefined' ? Math.min(2, window.devicePixelRatio || 1) : 1;
  return (
    <figure className="gl-tm-fig" data-testid={testId} data-experts-won={counts.filter((n) => n > 0).length}>
      <figcaption><span>{title}</span><ExportMenu name={testId} canvas={ref} data={{ columns: m ? { value: Array.from(m.values), ...(m.winner ? { winner: Array.from(m.winner) } : {}) } : {} }} /></figcaption>
      <canvas ref={ref} width={SIZE * dpr} height={SIZE * dpr} onClick={traceNearest} title="Click to trace the nearest held-out example" style={{ width: SIZE, height: SIZE, borderRadius: 4, border: '1px solid var(--line)', cursor: 'crosshair' }} />
      {m?.kind === 'experts' && (
        <div className="gl-tm-legend">
          {counts.map((n, e) => <span key={e} title={`${n} of ${counts.reduce((a, b) => a + b, 0)} cells`}><i style={{ background: css(expertColour(e)) }} />e{e} {Math.round((100 * n) / Math.max(1, counts.reduce((a, b) => a + b, 0)))}%</span>)}
        </div>
      )}
    </figure>
  );
}

export const RouterMap = memo(function RouterMap() {
  const preview = usePreview();
  const maps = useRun((s) => s.boundary?.territory);
  const borrowed = useRun((s) => s.boundary?.borrowed);
  const step = useRun((s) => s.boundary?.step);
  useRun((s) => s.statsVersion);
  const latest = useRun((s) => s.stats?.stats);
  const nodes = useGraph((g) => g.graph.nodes);
  const points: Points = preview?.kind === 'points2d' ? preview.points : [];
  if (preview?.kind !== 'points2d') return <p className="gl-muted" data-testid="router-map-none">Router territory needs a 2-D dataset (spiral, moons, Gaussian regions…).</p>;
  if (!maps) return <p className="gl-muted" data-testid="router-map-none">Press Train: the plane is recomputed a few times a second while training.</p>;
  return (
    <div data-testid="router-map">
      <p className="gl-tm-lead">Each point of the plane coloured by the expert its router picks (paler where the winning weight is small), or by a gate’s value (dark low, yellow high), beside the decision boundary. Step {step}.</p>
      {borrowed && borrowed.length > 0 && <p className="gl-muted">Fields {borrowed.map((b) => <code key={b}>{b} </code>)} at each grid point are those of the nearest example.</p>}
      {maps.length === 0 && <p className="gl-muted">This graph has no router or gate reporting on the plane.</p>}
      <div className="gl-tm-row top">
        <Plane index={-1} points={points} title="Decision boundary" testId="plane-boundary" boundary />
        {maps.map((m, i) => (
          <Plane key={`${m.nodeId}.${m.stat}`} index={i} points={points} title={m.kind === 'experts' ? `${m.nodeId}: winning expert` : `${m.nodeId}: ${m.stat} value`} testId={`plane-${m.nodeId}-${m.stat}`} />
        ))}
      </div>
      {nodesOfKind(latest, 'routing').map((id) => {
        const [name, r] = ofKind(latest![id], 'routing')!;
        const type = nodes.find((n) => n.id === id)?.type;
        return <RoutingSection key={id} id={id} name={name} r={r} ctx={type ? { nodeType: type } : {}} />;
      })}
    </div>
  );
});
