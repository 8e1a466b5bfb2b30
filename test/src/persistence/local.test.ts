import { describe, expect, it, vi } from 'vitest';
import { getPreset } from '../../../engine';
import { AUTOSAVE_KEY, PREVIOUS_KEY, checksum, decodeSave, encodeSave, loadAutosave, startAutosave, writeAutosave, type StorageLike } from '../../../src/persistence/local';
import type { Graph } from '../../../engine';

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

  it('reports a failed write in words', () => {
    const s: StorageLike = { getItem: () => null, setItem: () => { throw new Error('SecurityError'); } };
    expect(writeAutosave(s, a)).toMatch(/Autosave failed.*file/);
  });

  /** A storage with room for `room` more characters, throwing the browser's own error beyond them. */
  const filling = (room: number): StorageLike & { map: Map<string, string> } => {
    const s = memory();
    return {
      ...s,
      setItem: (k, v) => {
        const used = [...s.map].reduce((n, [key, val]) => n + (key === k ? 0 : val.length), 0);
        if (used + v.length > room) throw Object.assign(new Error(`Setting the value of '${k}' exceeded the quota.`), { name: 'QuotaExceededError', code: 22 });
        s.setItem(k, v);
      },
    };
  };

  it('a full storage: says so in words, keeps the last save readable, and a later save that fits works again', () => {
    const s = filling(3 * encodeSave(a, new Date()).length);
    expect(writeAutosave(s, a)).toBeNull();
    const bigger: Graph = { ...b, description: 'x'.repeat(4 * encodeSave(a, new Date()).length) };
    expect(writeAutosave(s, bigger)).toMatch(/storage for GateLab is full.*last autosave \(“Spiral.*is kept.*Save the graph as a file/);
    expect(loadAutosave(s)).toMatchObject({ status: 'ok', graph: a });
    expect(writeAutosave(s, b)).toBeNull();
    expect(loadAutosave(s)).toMatchObject({ status: 'ok', graph: b });
  });

  it('autosave reports a failure once until a save works, and keeps edits made while the tab may not write', () => {
    vi.useFakeTimers();
    const s = filling(3 * encodeSave(a, new Date()).length);
    let listener: (g: Graph) => void = () => {};
    const errors: string[] = [];
    let may = false;
    const auto = startAutosave(s, (l) => { listener = l; return () => {}; }, (m) => errors.push(m), { delay: 10, mayWrite: () => may });
    listener(a);
    vi.advanceTimersByTime(20);
    expect(s.map.size).toBe(0); // not this tab's turn
    may = true;
    auto.flush();
    expect(loadAutosave(s)).toMatchObject({ status: 'ok', graph: a });
    const huge: Graph = { ...a, description: 'x'.repeat(10 * encodeSave(a, new Date()).length) };
    for (let i = 0; i < 3; i++) { listener(huge); vi.advanceTimersByTime(20); }
    expect(errors).toHaveLength(1);
    listener(b); vi.advanceTimersByTime(20);
    listener(huge); vi.advanceTimersByTime(20);
    expect(errors).toHaveLength(2);
    auto.stop();
    vi.useRealTimers();
  });
});
