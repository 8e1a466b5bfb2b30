import { describe, expect, it } from 'vitest';
import { getPreset } from '../../../engine';
import { AUTOSAVE_KEY, PREVIOUS_KEY, checksum, decodeSave, encodeSave, loadAutosave, writeAutosave, type StorageLike } from '../../../src/persistence/local';

const memory = (): StorageLike & { map: Map<string, string> } => {
  const map = new Map<string, string>();
  return { map, getItem: (k) => map.get(k) ?? null, setItem: (k, v) => { map.set(k, v); } };
};
const a = getPreset('spiral-gated-mlp')!.graph;
const b = getPreset('spiral-mlp')!.graph;

describe('autosave', () => {
  it('round-trips a graph', () => {
    const r = decodeSave(encodeSave(a, new Date(0)));
    expect(r.ok && r.graph).toEqual(a);
  });

  it('keeps the previous sound save', () => {
    const s = memory();
    writeAutosave(s, a);
    writeAutosave(s, b);
    expect(loadAutosave(s)).toMatchObject({ status: 'ok', graph: b });
    expect(decodeSave(s.map.get(PREVIOUS_KEY)!)).toMatchObject({ ok: true, graph: a });
  });

  it('detects a corrupted save and offers the previous one', () => {
    const s = memory();
    writeAutosave(s, a);
    writeAutosave(s, b);
    s.map.set(AUTOSAVE_KEY, s.map.get(AUTOSAVE_KEY)!.slice(0, 200));
    const r = loadAutosave(s);
    expect(r.status).toBe('corrupt');
    if (r.status === 'corrupt') expect(r.previous?.graph).toEqual(a);
  });

  it('notices a save edited behind its checksum', () => {
    const rec = JSON.parse(encodeSave(a, new Date())) as { graph: string };
    rec.graph = rec.graph.replace('Spiral', 'Spiral!');
    expect(decodeSave(JSON.stringify(rec))).toMatchObject({ ok: false });
    expect(checksum('abc')).not.toBe(checksum('abd'));
  });

  it('does not overwrite the previous save with a corrupt current one', () => {
    const s = memory();
    writeAutosave(s, a);
    writeAutosave(s, b);
    s.map.set(AUTOSAVE_KEY, 'garbage');
    writeAutosave(s, a);
    expect(decodeSave(s.map.get(PREVIOUS_KEY)!)).toMatchObject({ ok: true, graph: a });
  });

  it('reports a full storage in words', () => {
    const s: StorageLike = { getItem: () => null, setItem: () => { throw new Error('QuotaExceededError'); } };
    expect(writeAutosave(s, a)).toMatch(/Autosave failed.*file/);
  });
});
