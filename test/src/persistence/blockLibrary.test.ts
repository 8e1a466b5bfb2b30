/**
 * My blocks and block files: a block travels with the blocks it uses; a file
 * is checked like a graph's blocks section (the shipped example files open,
 * a block that contains itself does not); a different block of a taken name
 * is refused; a browser that refuses to store keeps the library for the visit.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addToLibrary, loadLibrary, mergeBlocks, parseBlocks, rootBlocks, useLibrary, withDependencies, type Blocks } from '../../../src/persistence/blockLibrary';
import { gluBlockGraph } from '../../helpers/blocks';
import { TRAINING_2D } from '../../helpers/graphs';

const glu = gluBlockGraph().blocks!.MyGLU!;
/** Outer uses MyGLU twice over; Loner uses nothing. */
const blocks: Blocks = {
  MyGLU: glu,
  Outer: { ...glu, nodes: [...glu.nodes.filter((n) => n.id !== 'm'), { id: 'm', type: 'Block', params: { block: 'MyGLU' } }] },
  Loner: glu,
};

describe('block library', () => {
  it('a block goes with the blocks it uses, nested', () => {
    expect(Object.keys(withDependencies(blocks, 'Outer')).sort()).toEqual(['MyGLU', 'Outer']);
    expect(Object.keys(withDependencies(blocks, 'MyGLU'))).toEqual(['MyGLU']);
    expect(rootBlocks(blocks).sort()).toEqual(['Loner', 'Outer']);
  });

  it('reads the example block files; refuses a block that contains itself, with its name', () => {
    const xglu = readFileSync(resolve(import.meta.dirname, '../../../engine/presets/blocks/xglu.json'), 'utf8');
    const r = parseBlocks(xglu, TRAINING_2D);
    expect(r.ok && Object.keys(r.blocks)).toEqual(['XGLUFromParts']);
    const selfish = { Me: { ...glu, nodes: [...glu.nodes, { id: 'again', type: 'Block', params: { block: 'Me' } }] } };
    const bad = parseBlocks(JSON.stringify(selfish), TRAINING_2D);
    expect(!bad.ok && bad.errors.some((e) => e.block === 'Me' && /contain itself/.test(e.message))).toBe(true);
    expect(parseBlocks('{"MyGLU": 3}', TRAINING_2D).ok).toBe(false);
  });

  it('merges the same definition, refuses a different one of a taken name', () => {
    expect(mergeBlocks({ MyGLU: glu }, { MyGLU: JSON.parse(JSON.stringify(glu)) }).ok).toBe(true);
    const other = mergeBlocks({ MyGLU: glu }, { MyGLU: { ...glu, description: 'another' } });
    expect(!other.ok && other.reason).toMatch(/already has a different block called MyGLU/);
  });

  it('keeps the library in storage, and for the visit when storage refuses', () => {
    const kept = new Map<string, string>();
    const store = { getItem: (k: string) => kept.get(k) ?? null, setItem: (k: string, v: string) => { kept.set(k, v); } };
    loadLibrary(store, TRAINING_2D);
    expect(addToLibrary({ MyGLU: glu })).toBeNull();
    loadLibrary(store, TRAINING_2D);
    expect(Object.keys(useLibrary.getState().blocks)).toEqual(['MyGLU']);
    const full = { getItem: () => null, setItem: () => { throw new DOMException('full', 'QuotaExceededError'); } };
    loadLibrary(full, TRAINING_2D);
    expect(addToLibrary({ Loner: glu })).toMatch(/QuotaExceededError/);
    expect(Object.keys(useLibrary.getState().blocks)).toEqual(['Loner']);
  });
});
