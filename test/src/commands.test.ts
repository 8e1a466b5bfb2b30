import { describe, expect, it } from 'vitest';
import { getPreset, registry } from '../../engine';
import { buildCommands, filterCommands } from '../../src/commands';
import { gluBlockGraph } from '../helpers/blocks';
import { EDITOR_COMMANDS, keyOf, matchShortcut, SHORTCUTS } from '../../src/shortcuts';

const g = getPreset('spiral-gated-mlp')!.graph;
const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean }> = {}) =>
  ({ key: k, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods });

describe('command palette entries', () => {
  it('offers every registry node type and the editor actions', () => {
    const all = buildCommands(g, []);
    expect(all.filter((c) => c.kind === 'add')).toHaveLength(registry.list().length);
    expect(all.some((c) => c.kind === 'action' && c.action === 'layout')).toBe(true);
  });

  it('with one node selected, adds after it and offers free ports to connect, without loops', () => {
    const all = buildCommands(g, ['logits']);
    expect(all.find((c) => c.kind === 'add')).toMatchObject({ after: 'logits' });
    const connects = all.filter((c) => c.kind === 'connect');
    expect(connects.length).toBe(0); // every input in the preset is taken
    const withFree = buildCommands({ ...g, nodes: [...g.nodes, { id: 'd9', type: 'Dense' }] }, ['logits']);
    expect(withFree.some((c) => c.kind === 'connect' && c.link.target === 'd9')).toBe(true);
    expect(withFree.some((c) => c.kind === 'connect' && c.link.source === 'd9' && c.link.target === 'logits')).toBe(false);
  });

  it('adds the graph’s blocks, and connects a block instance by its ports', () => {
    const b = gluBlockGraph();
    const withSpare = { ...b, nodes: [...b.nodes, { id: 'spare', type: 'Block', params: { block: 'MyGLU' } }] };
    const all = buildCommands(withSpare, ['myglu']);
    expect(all.filter((c) => c.kind === 'block').map((c) => c.title)).toEqual(['Add block MyGLU']);
    expect(all.some((c) => c.kind === 'connect' && c.link.source === 'myglu' && c.link.sourceHandle === 'out' && c.link.target === 'spare' && c.link.targetHandle === 'in')).toBe(true);
  });

  it('filters by every word, best match first', () => {
    const all = buildCommands(g, []);
    const r = filterCommands(all, 'add dense');
    expect(r[0]?.title).toBe('Add Dense');
    expect(filterCommands(all, 'zzzz')).toEqual([]);
  });
});

describe('shortcuts', () => {
  it('matches the table', () => {
    expect(matchShortcut(key('z', { ctrlKey: true }))).toBe('undo');
    expect(matchShortcut(key('Z', { ctrlKey: true, shiftKey: true }))).toBe('redo');
    expect(matchShortcut(key('z', { metaKey: true, shiftKey: true }))).toBe('redo');
    expect(matchShortcut(key('k', { metaKey: true }))).toBe('commands');
    expect(matchShortcut(key('?', { shiftKey: true }))).toBe('shortcuts');
    expect(matchShortcut(key('L', { shiftKey: true }))).toBe('layout');
    expect(matchShortcut(key('l'))).toBeNull();
    expect(matchShortcut(key('Delete'))).toBeNull();
    expect(new Set(SHORTCUTS.map((s) => s.id)).size).toBe(SHORTCUTS.length);
  });
});

describe('one command table', () => {
  it('gives the palette every command with a title, hinted with its key where it has one', () => {
    const actions = buildCommands(g, []).filter((c) => c.kind === 'action');
    expect(actions.map((c) => c.action)).toEqual(EDITOR_COMMANDS.filter((c) => 'title' in c).map((c) => c.id));
    expect(actions.find((c) => c.action === 'layout')?.hint).toBe('Shift+L');
    expect(actions.find((c) => c.action === 'share')?.hint).toMatch(/link/);
  });

  it('gives the sheet and the key handler the commands with keys, and buttons their first key', () => {
    expect(SHORTCUTS.map((s) => s.id)).toEqual(EDITOR_COMMANDS.filter((c) => 'keys' in c).map((c) => c.id));
    expect(new Set(EDITOR_COMMANDS.map((c) => c.id)).size).toBe(EDITOR_COMMANDS.length);
    expect(keyOf('commands')).toMatch(/^(Ctrl|⌘)\+K$/);
    expect(keyOf('share')).toBe('');
  });
});
