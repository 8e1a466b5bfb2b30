import { describe, expect, it } from 'vitest';
import { curveOf, plotSvg, type RunFigures } from '../../../engine';
import { niceTicks } from '../../../engine/compare/plot';

/** The numbers of every `NAME="…"` attribute on the elements matching `tag`, in document order. */
const attrs = (svg: string, tag: RegExp, name: string): number[] =>
  [...svg.matchAll(tag)].map((m) => Number(new RegExp(`${name}="([-0-9.]+)"`).exec(m[0])![1]));
/** Where the axis puts a value: the position of the tick labelled with it. */
const tickAt = (svg: string, axis: 'x' | 'y', text: string): number => {
  const m = new RegExp(`<text class="${axis}-tick" x="([-0-9.]+)" y="([-0-9.]+)"[^>]*>${text}</text>`).exec(svg);
  if (!m) throw new Error(`no ${axis} tick "${text}"`);
  return axis === 'x' ? Number(m[1]) : Number(m[2]) - 4; // y labels sit 4px below their line
};

describe('plot of a metric against compute', () => {
  it('niceTicks: round steps of 1, 2 or 5 that cover the range', () => {
    expect(niceTicks(0, 9.3)).toEqual([0, 2, 4, 6, 8, 10]);       // raw step 1.86 -> 2
    expect(niceTicks(5840, 12620)).toEqual([4000, 6000, 8000, 10000, 12000, 14000]);
    expect(niceTicks(0.71, 0.74)).toEqual([0.71, 0.72, 0.73, 0.74]); // raw step 0.006 -> 0.01
    expect(niceTicks(3, 3)).toEqual([2.6, 2.8, 3, 3.2, 3.4]);       // one value: ±10% around it
  });

  it('curveOf: a point per variant, mean and sample std over its runs, in the given order', () => {
    const r = (flops: number, acc: number): RunFigures => ({ accuracy: acc, stats: { '@model': { flopsPerExample: flops } } });
    const c = curveOf('rule', [
      { label: '0.1', runs: [r(100, 0.5), r(200, 0.7)] },
      { label: '0.9', runs: [r(50, 0.4)] },
      { label: 'none', runs: [{ loss: 1 }] }, // reports neither figure: left out
    ], '@model.flopsPerExample', 'accuracy');
    expect(c.name).toBe('rule');
    expect(c.points.map((p) => p.label)).toEqual(['0.1', '0.9']);
    expect(c.points[0]!.x).toBe(150);
    expect(c.points[0]!.xStd).toBeCloseTo(50 * Math.SQRT2, 10);  // √((50² + 50²) / 1)
    expect(c.points[0]!.y).toBeCloseTo(0.6, 12);
    expect(c.points[0]!.yStd).toBeCloseTo(0.1 * Math.SQRT2, 10);
    expect(c.points[1]).toEqual({ x: 50, y: 0.4, label: '0.9' }); // one seed: no error bars
  });

  it('points and error bars land where the axes put their values', () => {
    const svg = plotSvg([
      { name: 'a & <b>', points: [{ x: 0, y: 0 }, { x: 10, y: 1, label: 'ten' }] },
      { name: 'c', points: [{ x: 5, y: 0.5, xStd: 1, yStd: 0.25 }] },
    ], { x: 'FLOPs', y: 'accuracy' });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    const cx = attrs(svg, /<circle [^>]*>/g, 'cx'), cy = attrs(svg, /<circle [^>]*>/g, 'cy');
    const x0 = tickAt(svg, 'x', '0'), x10 = tickAt(svg, 'x', '10'), y0 = tickAt(svg, 'y', '0'), y1 = tickAt(svg, 'y', '1');
    expect(cx).toEqual([x0, x10, (x0 + x10) / 2]);
    expect(cy).toEqual([y0, y1, (y0 + y1) / 2]);
    // error bars: 5 ± 1 across, 0.5 ± 0.25 up and down, each end capped
    const across = /<path class="error-x" d="M([-0-9.]+) [-0-9.]+H([-0-9.]+)/.exec(svg)!;
    expect(Number(across[1])).toBeCloseTo(x0 + 0.4 * (x10 - x0), 1);
    expect(Number(across[2])).toBeCloseTo(x0 + 0.6 * (x10 - x0), 1);
    const upDown = /<path class="error-y" d="M[-0-9.]+ ([-0-9.]+)V([-0-9.]+)/.exec(svg)!;
    expect(Number(upDown[1])).toBeCloseTo(y0 + 0.25 * (y1 - y0), 1);
    expect(Number(upDown[2])).toBeCloseTo(y0 + 0.75 * (y1 - y0), 1);
    // a line through a curve of two points or more, a legend entry per curve, text escaped
    expect(svg.match(/<polyline/g)).toHaveLength(1);
    expect(svg.match(/class="legend"/g)).toHaveLength(2);
    expect(svg).toContain('a &amp; &lt;b&gt;');
    expect(svg).toContain('>ten</text>');
  });

  it('refuses a plot with no point', () => {
    expect(() => plotSvg([{ name: 'empty', points: [] }], { x: 'x', y: 'y' })).toThrow(/no curve has a point/);
  });
});
