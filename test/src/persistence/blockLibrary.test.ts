/**
 * My blocks and block files: a block is kept with the blocks it uses; a file
 * is checked as the engine checks block files (the shipped example files,
 * bare maps of definitions, open; a block that contains itself does not); a
 * browser that refuses to store keeps the library for the visit.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addToLibrary, loadLibrary, parseBlocks, rootBlocks, useLibrary, type Blocks } from '../../../src/persistence/blockLibrary';
import { gluBlockGraph } from '../../helpers/blocks';

const glu = gluBlockGraph().blocks!.MyGLU!;
/** Outer holds an instance of MyGLU; Loner uses nothing. */
const blocks: Blocks = {
  MyGLU: glu,
  Outer: { inputs: [], outputs: [{ name: 'o' }], nodes: [{ id: 'u', type: 'Block', params: { block: 'MyGLU' } }, { id: 'o', type: 'BlockOutput' }], edges: [] },
  Loner: glu,
};

describe('block library', () => {
  it('reads the example block files and gatelab/blocks files; refuses a block that contains itself, by name', () => {
    const xglu = readFileSync(resolve(import.meta.dirname, '../../../engine/presets/blocks/xglu.json'), 'utf8');
    const r = parseBlocks(xglu);
    expect(r.ok && Object.keys(r.blocks)).toEqual(['XGLUFromParts']);
    expect(parseBlocks(JSON.stringify({ format: 'gatelab/blocks', version: 1, blocks: { MyGLU: glu } })).ok).toBe(true);
    const selfish = { Me: { ...glu, nodes: [...glu.nodes, { id: 'again', type: 'Block', params: { block: 'Me' } }] } };
    const bad = parseBlocks(JSON.stringify(selfish));
    expect(!bad.ok && bad.errors.some((e) => /contain itself/.test(e.message))).toBe(true);
    expect(parseBlocks('{"MyGLU": 3}').ok).toBe(false);
    expect(rootBlocks(blocks).sort()).toEqual(['Loner', 'Outer']);
  });

  it('keeps a block with what it uses, in storage, and for the visit when storage refuses', () => {
    const kept = new Map<string, string>();
    const store = { getItem: (k: string) => kept.get(k) ?? null, setItem: (k: string, v: string) => { kept.set(k, v); } };
    loadLibrary(store);
    expect(addToLibrary(blocks, 'Outer')).toBeNull();
    loadLibrary(store);
    expect(Object.keys(useLibrary.getState().blocks).sort()).toEqual(['MyGLU', 'Outer']);
    const full = { getItem: () => null, setItem: () => { throw new DOMException('full', 'QuotaExceededError'); } };
    loadLibrary(full);
    expect(addToLibrary(blocks, 'Loner')).toMatch(/QuotaExceededError/);
    expect(Object.keys(useLibrary.getState().blocks)).toEqual(['Loner']);
  });
});
