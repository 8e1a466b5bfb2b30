import { describe, expect, it } from 'vitest';
import { getPreset, type Graph } from '../../../engine';
import { MAX_LINK_CHARS, decodeShare, encodeShare } from '../../../src/persistence/shareLink';
import { bootGraph } from '../../../src/persistence/boot';
import { graphFileName, openGraphText, serializeGraph } from '../../../src/persistence/files';

const g = getPreset('tiny-transformer')!.graph;

describe('share links', () => {
  it('carries a graph through the URL hash', () => {
    const r = encodeShare(g, 'http://x/app#old');
    if (!r.ok) throw new Error(r.reason);
    expect(r.url.startsWith('http://x/app#g=')).toBe(true);
    const back = decodeShare(new URL(r.url).hash);
    expect(back?.ok && back.value).toEqual(g);
  });

  it('says when a graph is too large for a link, and offers a file', () => {
    const big: Graph = { ...g, nodes: Array.from({ length: 1500 }, (_, i) => ({ id: `n${i}`, type: 'Dense', params: { units: (i * 7919) % 4000 + 1 }, position: { x: (i * 104729) % 9973, y: i * 37 } })) };
    const r = encodeShare(big, 'http://x/');
    expect(r.ok).toBe(false);
    if (!r.ok) { expect(r.length).toBeGreaterThan(MAX_LINK_CHARS); expect(r.reason).toMatch(/file/); }
  });

  it('carries drawn points; a table too large for a link gets the file message', () => {
    const spiral = getPreset('spiral-gated-mlp')!.graph;
    const points = Array.from({ length: 60 }, (_, i) => [Math.round(1000 * Math.cos(i)) / 1000, Math.round(1000 * Math.sin(i * 1.3)) / 1000, i % 3]);
    const drawn: Graph = { ...spiral, training: { ...spiral.training, dataset: { name: 'points', task: 'classification', points, classes: 3 } } };
    const r = encodeShare(drawn, 'http://x/');
    if (!r.ok) throw new Error(r.reason);
    const back = decodeShare(new URL(r.url).hash);
    expect(back?.ok && back.value.training.dataset).toEqual(drawn.training.dataset);
    const rows = Array.from({ length: 2000 }, (_, i) => [Math.sin(i) * 100, Math.cos(i * 7) * 100, i % 2 ? 'yes' : 'no']);
    const table: Graph = { ...spiral, training: { ...spiral.training, dataset: { name: 'table', task: 'classification', columns: ['a', 'b', 'c'], rows, features: ['a', 'b'], targets: ['c'] } } };
    const t = encodeShare(table, 'http://x/');
    expect(!t.ok && t.reason).toMatch(/^This graph with its data is too large for a link .* Save it as a file/);
  });

  it('gives located errors for a damaged link, null for no link', () => {
    expect(decodeShare('')).toBeNull();
    expect(decodeShare('#other')).toBeNull();
    expect(decodeShare('#g=%%%garbage')).toMatchObject({ ok: false });
  });
});

describe('boot', () => {
  const empty = { getItem: () => null, setItem: () => {} };
  it('opens the default preset with nothing saved', () => {
    expect(bootGraph('', empty)).toMatchObject({ source: 'preset', graph: { name: 'Spiral gated MLP' } });
  });
  it('prefers a share link', () => {
    const r = encodeShare(g, 'http://x/');
    if (!r.ok) throw new Error();
    expect(bootGraph(new URL(r.url).hash, empty)).toMatchObject({ source: 'link', graph: { name: g.name } });
  });
  it('reports a broken link and falls back', () => {
    const b = bootGraph('#g=AAAA', empty);
    expect(b.source).toBe('preset');
    expect(b.notes[0]?.kind).toBe('error');
  });
});

describe('graph files', () => {
  it('round-trips through text and names the file after the graph', () => {
    const r = openGraphText(serializeGraph(g));
    expect(r.ok && r.value).toEqual(g);
    expect(graphFileName(g)).toBe('tiny-transformer.gatelab.json');
  });
  it('returns located errors for a bad file', () => {
    const bad = JSON.parse(serializeGraph(g)) as { nodes: { id: string; surprise?: number }[] };
    bad.nodes[1]!.surprise = 1;
    const r = openGraphText(JSON.stringify(bad));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toMatchObject({ code: 'SCHEMA', nodeId: bad.nodes[1]!.id });
    expect(openGraphText('{"format":')).toMatchObject({ ok: false });
  });
});
