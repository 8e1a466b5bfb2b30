import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { registry, type ParamSpec } from '../../engine';
import { ParamField } from '../../components/inspector/ParamField';

const render = (spec: ParamSpec, value?: number | string | boolean) =>
  renderToStaticMarkup(<ParamField name="p" spec={spec} value={value} onCommit={() => {}} testId="param-p" />);

describe('ParamField', () => {
  it('renders a number with a slider when the range is finite', () => {
    const html = render({ kind: 'number', default: 16, min: 1, max: 512, integer: true, doc: 'width' }, 32);
    expect(html).toContain('type="range"');
    expect(html).toContain('min="1"');
    expect(html).toContain('max="512"');
    expect(html).toContain('value="32"');
    expect(html).toContain('width');
  });

  it('renders a bare number field for an open range', () => {
    const html = render({ kind: 'number', default: 0.01, min: 0, doc: 'rate' });
    expect(html).not.toContain('type="range"');
    expect(html).toContain('type="number"');
  });

  it('renders a choice as a select and a boolean as a toggle', () => {
    const sel = render({ kind: 'choice', default: 'a', options: ['a', 'b'], doc: '' }, 'b');
    expect(sel).toContain('<select');
    expect(sel).toMatch(/<option value="b" selected="">b<\/option>/);
    const tog = render({ kind: 'boolean', default: true, doc: '' });
    expect(tog).toContain('type="checkbox"');
    expect(tog).toContain('checked');
  });

  it('shows an error under the control', () => {
    const html = renderToStaticMarkup(<ParamField name="p" spec={{ kind: 'boolean', default: true, doc: '' }} value={true} onCommit={() => {}} error="must be at most 4" />);
    expect(html).toContain('must be at most 4');
  });

  it('renders a control for every param of every registered node type', () => {
    for (const def of registry.list()) {
      for (const [k, spec] of Object.entries(def.params)) {
        const html = renderToStaticMarkup(<ParamField name={k} spec={spec} value={undefined} onCommit={() => {}} testId={`param-${k}`} />);
        expect(html, `${def.type}.${k}`).toContain(`data-testid="param-${k}"`);
      }
    }
  });
});
