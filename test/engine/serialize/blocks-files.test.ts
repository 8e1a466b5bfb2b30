/** Graphs with blocks travel whole: share links and model files carry the definitions, and a model file's weights load back per instance. */
import { describe, it, expect, beforeAll } from 'vitest';
import '@tensorflow/tfjs-core';
import { parseGraphValue } from '../../../engine';
import { decodeShareLink, encodeShareLink, loadModel, modelToText, parseModel } from '../../../engine/serialize';
import { useBackend } from '../../helpers/backend';
import { nestedBlockGraph } from '../../helpers/blocks';
import { outputsOn, trainBriefly } from './helpers';

/** The nested block graph as a file reads it (node versions filled in). */
function parsed() {
  const r = parseGraphValue(nestedBlockGraph());
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
}

describe('blocks in share links and model files', () => {
  beforeAll(() => useBackend('wasm'));

  it('a share link carries the block definitions', () => {
    const g = parsed();
    const link = encodeShareLink(g, 'https://gatelab.dev/');
    if (!link.ok) throw new Error(link.errors[0]!.message);
    const back = decodeShareLink(link.value);
    expect(back.ok && back.value).toEqual(g);
    expect(back.ok && Object.keys(back.value.blocks!)).toEqual(['MyGLU', 'Head']);
  });

  it('a model file carries the definitions and gives bit-identical outputs once loaded', async () => {
    const { compiled, file, batch } = await trainBriefly(parsed(), 2);
    try {
      expect(file.graph.blocks).toEqual(parsed().blocks);
      expect(file.graph.nodes.map((n) => n.id)).toEqual(parsed().nodes.map((n) => n.id)); // the graph as written, not inlined
      expect(Object.keys(file.weights)).toEqual(expect.arrayContaining(['head/myglu/a/kernel', 'head/o/kernel', 'myglu/a/kernel']));
      const before = await outputsOn(compiled, batch);
      const p = parseModel(modelToText(file));
      if (!p.ok) throw new Error(JSON.stringify(p.errors));
      const loaded = loadModel(p.value);
      if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
      const after = await outputsOn(loaded.value, batch);
      loaded.value.model.dispose();
      expect(Buffer.from(after.pred.buffer).equals(Buffer.from(before.pred.buffer))).toBe(true);
    } finally {
      batch.dispose();
      compiled.model.dispose();
    }
  });

  it('a model file missing a weight inside a block says which, at the instance', async () => {
    const { compiled, file, batch } = await trainBriefly(parsed(), 1);
    batch.dispose();
    compiled.model.dispose();
    delete file.weights['head/myglu/g/kernel'];
    const p = parseModel(modelToText(file));
    const errors = p.ok ? (() => { const l = loadModel(p.value); if (l.ok) { l.value.model.dispose(); return []; } return l.errors; })() : p.errors;
    expect(errors).toContainEqual(expect.objectContaining({ code: 'BAD_WEIGHTS', nodeId: 'head', block: 'MyGLU', blockNodeId: 'g', message: expect.stringContaining('"head/myglu/g/kernel"') }));
  });
});
