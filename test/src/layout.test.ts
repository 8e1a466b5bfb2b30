/** Auto layout: a graph with a block instance lays out (its ports come from its definition), top to bottom. */
import { describe, expect, it } from 'vitest';
import { layoutGraph } from '../../src/layout';
import { gluBlockGraph } from '../helpers/blocks';

describe('auto layout', () => {
  it('places a block instance between what feeds it and what it feeds', async () => {
    const pos = await layoutGraph(gluBlockGraph(), new Map());
    const y = (id: string) => pos.get(id)!.y;
    expect(y('x')).toBeLessThan(y('myglu'));
    expect(y('myglu')).toBeLessThan(y('o'));
  });
});
