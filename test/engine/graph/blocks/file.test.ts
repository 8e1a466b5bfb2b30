import { describe, it, expect } from 'vitest';
import { addBlocks, blocksFile, parseBlocksFile, parseGraphValue, validateGraph, registry } from '../../../../engine';
import { gluBlockGraph, nestedBlockGraph } from '../../../helpers/blocks';

describe('block files', () => {
  it('a block travels with the blocks it uses, and reads back as it was written', () => {
    const read = parseGraphValue(nestedBlockGraph());
    if (!read.ok) throw new Error();
    const g = read.value;
    const file = blocksFile(g, ['Head']);
    expect(Object.keys(file.blocks).sort()).toEqual(['Head', 'MyGLU']);
    const back = parseBlocksFile(JSON.stringify(file));
    if (!back.ok) throw new Error(JSON.stringify(back.errors));
    expect(back.value.blocks.Head).toEqual(g.blocks!.Head);
  });

  it('refuses a file with a broken definition, naming the block', () => {
    const file = blocksFile(gluBlockGraph(), ['MyGLU']);
    file.blocks.MyGLU!.nodes.push({ id: 'me', type: 'Block', params: { block: 'MyGLU' } });
    const r = parseBlocksFile(JSON.stringify(file));
    expect(!r.ok && r.errors[0]).toMatchObject({ code: 'BAD_BLOCK', block: 'MyGLU' });
    expect(parseBlocksFile('{"format": "gatelab/graph"}').ok).toBe(false);
  });

  it('adds blocks to another graph: the same definition is reused, a different one under a taken name is renamed', () => {
    const file = blocksFile(nestedBlockGraph(), ['Head']);
    const same = addBlocks(nestedBlockGraph(), file.blocks);
    expect([...same.names]).toEqual([['MyGLU', 'MyGLU'], ['Head', 'Head']]);
    // the target graph has its own, different MyGLU (no auxiliary loss): the file's comes in as MyGLU2, and Head uses it
    const r = addBlocks(gluBlockGraph(), file.blocks);
    expect(r.names.get('MyGLU')).toBe('MyGLU2');
    expect(r.graph.blocks!.Head!.nodes.find((n) => n.type === 'Block')!.params!.block).toBe('MyGLU2');
    expect(r.graph.blocks!.MyGLU).toEqual(gluBlockGraph().blocks!.MyGLU);
    expect(validateGraph(r.graph, registry).errors).toEqual([]);
  });
});
