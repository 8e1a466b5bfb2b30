/** Share links: every preset round-trips; too-large graphs and hostile links get clear errors, fast. */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import LZString from 'lz-string';
import { PRESETS } from '../../../engine';
import { decodeShareLink, encodeShareLink, MAX_DECODE_CHARS, MAX_LINK_CHARS } from '../../../engine/serialize';
import { chain } from '../../helpers/graphs';

const codeOf = (link: string) => {
  const r = decodeShareLink(link);
  if (r.ok) throw new Error('expected errors');
  return r.errors[0]!;
};

describe('share links', () => {
  for (const p of PRESETS) {
    it(`${p.slug}: encode → decode gives the same graph`, () => {
      const link = encodeShareLink(p.graph);
      if (!link.ok) { expect(link.errors[0]!.code).toBe('TOO_LARGE'); return; }
      expect(link.value.length).toBeLessThanOrEqual(MAX_LINK_CHARS);
      const back = decodeShareLink(link.value);
      expect(back.ok && back.value).toEqual(p.graph);
    });
  }

  it('reads a whole URL, a fragment, a query, and the editor’s #g= links', () => {
    const g = PRESETS[0]!.graph;
    const url = encodeShareLink(g, 'https://gatelab.dev/app?x=1#old');
    if (!url.ok) throw new Error('too large');
    expect(url.value.startsWith('https://gatelab.dev/app?x=1#g=')).toBe(true);
    const payload = LZString.compressToEncodedURIComponent(JSON.stringify(g));
    for (const link of [url.value, `#g=${payload}`, `g=${payload}`, `https://a.b/?g=${payload}`, payload]) {
      const r = decodeShareLink(link);
      expect(r.ok && r.value).toEqual(g);
    }
  });

  it('a graph too large for a link: TOO_LARGE, offering a file', () => {
    const specs: [string, string, Record<string, number>?][] = [['x', 'Input']];
    for (let i = 0; i < 400; i++) specs.push([`layer_${i}_${Math.random().toString(36).slice(2)}`, 'Dense', { units: 1 + (i % 97) }]);
    specs.push(['y', 'Output']);
    const r = encodeShareLink(chain(specs as never));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors[0]!.code).toBe('TOO_LARGE');
    expect(!r.ok && r.errors[0]!.message).toMatch(/file/);
  });

  it('garbage, truncated, empty and non-graph links: BAD_LINK or the graph errors, never a throw', () => {
    expect(codeOf('').code).toBe('BAD_LINK');
    expect(codeOf('#g=').code).toBe('BAD_LINK');
    expect(codeOf('hello world!').code).toBe('BAD_LINK');
    expect(codeOf('#g=%3Cscript%3E').code).toBe('BAD_LINK');
    expect(codeOf('AAAAAAAA').code).toBe('BAD_LINK');
    const link = encodeShareLink(PRESETS[0]!.graph);
    if (!link.ok) throw new Error('too large');
    for (const cut of [0.9, 0.5, 0.1]) {
      const e = codeOf(link.value.slice(0, Math.floor(link.value.length * cut)));
      expect(['BAD_LINK', 'SCHEMA', 'BAD_FORMAT']).toContain(e.code);
    }
    expect(codeOf(LZString.compressToEncodedURIComponent('{"a": 1}')).code).toBe('BAD_FORMAT');
    expect(codeOf(LZString.compressToEncodedURIComponent('[1, 2')).code).toBe('BAD_LINK');
    expect(codeOf(LZString.compressToEncodedURIComponent(`${'['.repeat(100)}${']'.repeat(100)}`)).code).toBe('TOO_DEEP');
  });

  it('huge links and decompression bombs are refused quickly', () => {
    expect(codeOf('A'.repeat(MAX_DECODE_CHARS + 1)).code).toBe('TOO_LARGE');
    const bomb = readFileSync(join(__dirname, 'fixtures', 'lz-bomb.txt'), 'utf8').trim(); // 6 KB → 6 MB of "a"
    const t0 = performance.now();
    expect(codeOf(bomb).code).toBe('TOO_LARGE');
    expect(performance.now() - t0).toBeLessThan(3000);
  });
});
