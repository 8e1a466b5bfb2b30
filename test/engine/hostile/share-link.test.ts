/**
 * Hostile share links (issue 8) for the editor's decoder
 * (src/persistence/shareLink.ts): whatever follows `#g=`, the answer is a
 * coded, readable error within a second, or the graph, never an exception.
 */
import LZString from 'lz-string';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { compressToURIFast } from './lz-fast';
import { PRESETS } from '../../../engine';
import { decodeShare, encodeShare } from '../../../src/persistence/shareLink';
import { expectNoPollution, expectRejected, smallGraph } from './fixtures';

const pack = (text: string) => `#g=${LZString.compressToEncodedURIComponent(text)}`;
const decode = (hash: string) => {
  const r = decodeShare(hash);
  if (r === null) throw new Error('no graph in the hash');
  return r;
};

afterEach(() => expectNoPollution());

describe('hostile share links', () => {
  it('opens a link made by encodeShare, for every preset', () => {
    for (const p of PRESETS) {
      const r = encodeShare(p.graph, 'http://127.0.0.1/');
      if (!r.ok) continue; // too large for a link: said in words, tested by the editor
      const back = decode(new URL(r.url).hash);
      expect(back.ok, p.slug).toBe(true);
      if (back.ok) expect(back.value).toEqual(p.graph);
    }
  });

  it('ignores hashes that carry no graph', () => {
    for (const h of ['', '#', '#about', '#x=1']) expect(decodeShare(h)).toBeNull();
  });

  it('rejects a truncated link', () => {
    const full = pack(JSON.stringify(PRESETS[0]!.graph));
    for (const keep of [4, 10, Math.floor(full.length / 2), full.length - 3]) {
      expectRejected(() => decode(full.slice(0, keep)));
    }
  });

  it('rejects links that are not lz-string, or whose text is not JSON', () => {
    for (const h of ['#g=', '#g=hello world', '#g=%%%%', '#g=<script>alert(1)</script>', '#g=' + '\u0000'.repeat(50)]) expectRejected(() => decode(h));
    expectRejected(() => decode(pack('not json at all')), 'NOT_JSON');
    expectRejected(() => decode(pack('{"format": "gatelab/graph", ')), 'NOT_JSON');
  });

  it('rejects a link of megabytes at once', () => {
    expectRejected(() => decode('#g=' + 'A'.repeat(3_000_000)), 'TOO_LARGE');
  });

  it('packs test links exactly as lz-string does (the fixture below was made so)', () => {
    let seed = 1;
    const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const samples = ['', 'a', 'aaaaaaaaaaaaaaaaaaaa', JSON.stringify(smallGraph()), 'ゲート 🚪 ünï', 'x'.repeat(20_000)];
    for (let k = 0; k < 100; k++) samples.push(Array.from({ length: Math.floor(rnd() * 300) }, () => 'abcdé{}"\u4e00'[Math.floor(rnd() * 9)]).join(''));
    for (const t of samples) expect(compressToURIFast(t)).toBe(LZString.compressToEncodedURIComponent(t));
  });

  // A 21 KB link whose graph name is 50 MB of "x": made by compressToURIFast
  // (lz-string itself takes minutes to pack it). Unpacking is linear: this one
  // takes about half a second; a 2,000,000-character link (the decoder's
  // limit) could unpack to far more than memory holds.
  it('rejects a 21 KB link that unpacks to 50 MB, within 1.5 s', () => {
    const bomb = '#g=' + readFileSync(new URL('./fixtures/link-unpacks-to-50mb.txt', import.meta.url), 'utf8').trim();
    expect(bomb.length).toBeLessThan(25_000);
    expectRejected(() => decode(bomb), 'TOO_LARGE');
  });

  it('rejects 100,000-deep nesting inside a link', () => {
    expectRejected(() => decode(pack('['.repeat(100_000) + ']'.repeat(100_000))), 'TOO_DEEP');
  });

  it('refuses __proto__ and constructor keys without polluting anything', () => {
    const g = JSON.stringify(smallGraph());
    for (const key of ['__proto__', 'constructor']) {
      expectRejected(() => decode(pack(g.replace('{"format"', `{"${key}":{"polluted":1},"format"`))), 'SCHEMA');
      expectRejected(() => decode(pack(g.replace('{"id":"h",', `{"${key}":{"polluted":1},"id":"h",`))), 'SCHEMA');
    }
  });

  it('rejects NaN and Infinity and strings where arrays go', () => {
    const g = JSON.stringify(smallGraph());
    expectRejected(() => decode(pack(g.replace('"units":2', '"units":NaN'))), 'NOT_JSON');
    expectRejected(() => decode(pack(g.replace('"units":2', '"units":1e999'))), 'SCHEMA');
    expectRejected(() => decode(pack(g.replace(/"edges":\[.*?\]\]?,"training"/, '"edges":"e1","training"'))), 'SCHEMA');
  });

  it('keeps HTML in a shared name as text', () => {
    const html = '<img src=x onerror="globalThis.hacked=1">';
    const r = decode(pack(JSON.stringify({ ...smallGraph(), name: html })));
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value.name).toBe(html);
    expect((globalThis as Record<string, unknown>).hacked).toBeUndefined();
  });
});
