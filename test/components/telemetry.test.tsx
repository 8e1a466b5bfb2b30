import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { fileName, svgOfImage, toCsv, toJson } from '../../components/telemetry/export';
import { matrixPixels, viridis } from '../../components/telemetry/colour';
import { Bars } from '../../components/telemetry/Bars';
import { MiniLine, lineScales } from '../../components/telemetry/MiniLine';
import { rangeOf } from '../../components/telemetry/Heatmap';
import type { StatSummary } from '../../engine';
import { headsOverTime, histogramOverTime, nodesOfKind, nodesWith } from '../../src/store/statsStore';

describe('telemetry export', () => {
  it('writes a matrix and named columns as CSV', () => {
    expect(toCsv({ rows: [[1, 2], [3, NaN]] })).toBe('1,2\n3,\n');
    expect(toCsv({ columns: { step: [10, 20, 30], 'gate, mean': [0.5, 0.25] } })).toBe('step,"gate, mean"\n10,0.5\n20,0.25\n30,\n');
  });

  it('writes JSON with non-finite numbers as null, and safe file names', () => {
    expect(JSON.parse(toJson({ columns: { a: [1, NaN, Infinity] } }))).toEqual({ columns: { a: [1, null, null] } });
    expect(fileName('tm-attn-gate map', 'csv')).toBe('gatelab-tm-attn-gate-map.csv');
    expect(svgOfImage('data:image/png;base64,AA', 4, 3)).toContain('<image width="4" height="3" xlink:href="data:image/png;base64,AA"/>');
  });
});

describe('telemetry drawing helpers', () => {
  it('viridis runs from dark purple to yellow; NaN is grey', () => {
    expect(viridis(0)).toEqual([68, 1, 84]);
    expect(viridis(1)).toEqual([253, 231, 37]);
    expect(viridis(0.5)).toEqual([33, 145, 140]);
    expect(viridis(2)).toEqual(viridis(1));
    expect(viridis(NaN)).toEqual([230, 232, 236]);
  });

  it('turns a matrix into RGBA pixels, row 0 on top, scaled into the range', () => {
    const { px, w, h } = matrixPixels([[0, 10], [5, NaN]], 0, 10);
    expect([w, h]).toEqual([2, 2]);
    expect(Array.from(px.slice(0, 4))).toEqual([68, 1, 84, 255]);
    expect(Array.from(px.slice(4, 8))).toEqual([253, 231, 37, 255]);
    expect(Array.from(px.slice(8, 11))).toEqual([33, 145, 140]);
    expect(Array.from(px.slice(12, 15))).toEqual([230, 232, 236]);
    expect(rangeOf([[3, NaN], [-1, 2]])).toEqual([-1, 3]);
  });

  it('scales lines over all series and the reference', () => {
    const s = lineScales([{ label: 'a', steps: [10, 20], values: [0.2, 0.4], colour: '' }], 0.1, undefined);
    expect(s).toEqual({ x0: 10, x1: 20, y0: 0.1, y1: 0.4 });
    expect(lineScales([], undefined, [0, 1])).toMatchObject({ y0: 0, y1: 1 });
  });

  it('renders bars with a warning colour above the threshold, and a line with its reference', () => {
    const bars = renderToStaticMarkup(<Bars title="top" values={[0.9, 0.1]} warnAbove={0.8} range={[0, 1]} testId="b" />);
    expect(bars).toContain('fill="#d62828"');
    expect(bars).toContain('data-values="0.9000 0.1000"');
    const line = renderToStaticMarkup(<MiniLine title="sink" series={[{ label: 'A', steps: [1, 2], values: [0.5, 0.3], colour: '#000' }]} reference={{ value: 0.1, label: 'uniform' }} testId="l" />);
    expect(line).toContain('<polyline');
    expect(line).toContain('stroke-dasharray="4 3"');
    expect(line).toContain('data-last="0.3"');
  });
});

describe('stats log readers for the views', () => {
  const gate = (histogram: number[]): StatSummary => ({ kind: 'gate', range: [0, 1], mean: 0, near0: 0, near1: 0, histogram, map: [] });
  const attention = (firstToken: number[]): StatSummary => ({ kind: 'attention', firstToken, baseline: 0, map: [] });
  const log = [
    { step: 10, stats: { g: { gate: gate([3, 1]) }, a1: { attention: attention([0.1, 0.2]) }, a2: { attention: attention([0.5]) } } },
    { step: 20, stats: { g: { gate: gate([0, 4]) }, a1: { attention: attention([0.3, 0.4]) } } },
  ];

  it('histogram over time: shares per snapshot, the highest bin on top', () => {
    expect(histogramOverTime(log, 'g', 'gate')).toEqual({ steps: [10, 20], rows: [[0.25, 1], [0.75, 0]] });
  });

  it('layer × head rows over time, NaN where a layer is missing', () => {
    const r = headsOverTime(log, ['a1', 'a2']);
    expect(r.labels).toEqual(['a1 h0', 'a1 h1', 'a2 h0']);
    expect(r.steps).toEqual([10, 20]);
    expect(r.rows.slice(0, 2)).toEqual([[0.1, 0.3], [0.2, 0.4]]);
    expect(r.rows[2]![0]).toBe(0.5);
    expect(r.rows[2]![1]).toBeNaN();
    expect(nodesOfKind(log[0]!.stats, 'attention')).toEqual(['a1', 'a2']);
    expect(nodesWith(log[0]!.stats, 'gate')).toEqual(['g']);
  });
});

describe('router territory pixels', () => {
  it('paints the winning expert, paler for a small weight, white where nothing is routed; gates in viridis', async () => {
    const { territoryPixels } = await import('../../components/telemetry/RouterMap');
    const { expertColour } = await import('../../components/telemetry/colour');
    const px = territoryPixels({ nodeId: 'r', stat: 'routing', kind: 'experts', experts: 2, winner: Uint8Array.from([1, 255, 0, 0]), values: Float32Array.from([1, 0, 0, 1]) }, 2);
    const c1 = expertColour(1), a = 0.85;
    expect(px[0]).toBeCloseTo(255 * (1 - a) + c1[0] * a, 0);
    expect(Array.from(px.slice(4, 7))).toEqual([255, 255, 255]);
    // weight 0 is paler than weight 1 for the same expert
    const d = (o: number) => Math.abs(255 - px[o]!) + Math.abs(255 - px[o + 1]!) + Math.abs(255 - px[o + 2]!);
    expect(d(8)).toBeLessThan(d(12));
    const g = territoryPixels({ nodeId: 'g', stat: 'gate', kind: 'gate', experts: 0, values: Float32Array.from([0, 1, 0.5, 0.5]) }, 2);
    expect(Array.from(g.slice(0, 3))).toEqual([68, 1, 84]);
  });
});

describe('training chart export', () => {
  it('gives every line its steps and values', async () => {
    const { columnsOf } = await import('../../components/charts/LineChart');
    const { SeriesBuffer } = await import('../../src/store/series');
    const b = new SeriesBuffer(8);
    b.push(1, 0.5);
    b.push(2, 0.25);
    expect(columnsOf([{ label: 'loss', buffer: b, colour: '#000' }])).toEqual({ columns: { 'loss step': [1, 2], loss: [0.5, 0.25] } });
  });
});

describe('statistic labels', () => {
  it('show the glossary’s label, focusable and described by its explanation; an undeclared key stays raw', async () => {
    const { StatLabel } = await import('../../components/telemetry/StatLabel');
    const html = renderToStaticMarkup(<StatLabel statKey="gateNear0" context={{ nodeType: 'Multiply' }} />);
    expect(html).toContain('tabindex="0"');
    expect(html).toMatch(/aria-describedby="([^"]+)"[^>]*>Gate input: near 0<span class="gl-stat-tip" role="tooltip" id="\1">Share of the gate input values within 5% of the range of 0/);
    expect(renderToStaticMarkup(<StatLabel statKey="noSuchFigure" />)).toBe('<span><code>noSuchFigure</code></span>');
    // a node statistic named by its part reads the same, and keeps its flat key for exports
    const part = renderToStaticMarkup(<StatLabel part={{ kind: 'gate', part: 'near0', name: 'gate' }} context={{ nodeType: 'Multiply' }} />);
    expect(part).toContain('data-stat-key="gateNear0"');
    expect(part).toContain('>Gate input: near 0<');
  });
});
