import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { Sparkline, SparklineView, sparkPath } from '../../components/canvas/Sparkline';
import { clearStats, ingestStats, useStats } from '../../src/store/statsStore';

describe('Sparkline', () => {
  it('maps values into the box, share-like figures on at least [0, 1]', () => {
    const { points, lo, hi } = sparkPath({ values: [0, 0.5, 1], unit: true }, 100, 21);
    expect([lo, hi]).toEqual([0, 1]);
    expect(points).toBe('0.0,20.0 50.0,10.5 100.0,1.0');
    // other figures use their own range
    expect(sparkPath({ values: [2, 4], unit: false }, 10, 10)).toMatchObject({ lo: 2, hi: 4 });
  });

  it('renders nothing before statistics arrive (an empty box of its size on nodes that declare statistics), then the figure and its last value', () => {
    clearStats();
    expect(renderToStaticMarkup(<Sparkline nodeId="g" nodeType="ReZero" reserve={false} />)).toBe('');
    expect(renderToStaticMarkup(<Sparkline nodeId="g" nodeType="ReZero" reserve />)).toBe('<div class="gl-spark empty" aria-hidden="true"></div>');
    ingestStats({ step: 10, stats: { g: { alpha: { kind: 'scalar', value: 0.125, headline: true } } } });
    ingestStats({ step: 20, stats: { g: { alpha: { kind: 'scalar', value: 0.25, headline: true } } } });
    const html = renderToStaticMarkup(<SparklineView nodeId="g" nodeType="ReZero" s={useStats.getState().spark.get('g')!} />);
    expect(html).toContain('data-testid="spark-g"');
    expect(html).toContain('data-stat="alpha"');
    // the glossary's label, not the raw key
    expect(html).toContain('<span>Residual weight α</span>');
    expect(html).toContain('<b>0.25</b>');
    expect(html).toContain('<polyline');
  });
});
