/** Lesson text is rendered without raw HTML and without script links. */
import { describe, it, expect } from 'vitest';
import { renderInline, renderMarkdown } from '../../../components/lessons/markdown';

describe('renderMarkdown', () => {
  it('renders the subset lessons use: emphasis, code, lists, links', () => {
    expect(renderMarkdown('Press **Train**, then select `h1`.')).toBe('<p>Press <strong>Train</strong>, then select <code>h1</code>.</p>\n');
    expect(renderMarkdown('- a\n- b')).toBe('<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n');
    expect(renderInline('[paper](https://arxiv.org/abs/2003.04887)')).toBe('<a href="https://arxiv.org/abs/2003.04887" target="_blank" rel="noopener noreferrer">paper</a>');
  });

  it('shows raw HTML as text', () => {
    const out = renderMarkdown('<img src=x onerror="alert(1)"> and <script>alert(2)</script>');
    expect(out).not.toMatch(/<img|<script/);
    expect(out).toContain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;');
  });

  it('drops javascript:, vbscript: and data: links, keeping their text', () => {
    for (const href of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'vbscript:msgbox(1)', 'data:text/html;base64,PHNjcmlwdD4=', '&#106;avascript:alert(1)']) {
      const out = renderInline(`[click](${href})`);
      expect(out, href).not.toMatch(/href=/);
    }
  });
});
