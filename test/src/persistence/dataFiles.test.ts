/**
 * Data files on the page: a CSV or TSV, dropped or picked, opens the table
 * import with its text and changes nothing in the graph; a .txt opens the
 * text tab; a JSON file of token sequences the sequences tab; a file over the
 * inline cap is refused before it is read.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { CSV_LIMITS, getPreset } from '../../../engine';
import { openDropped, openFile } from '../../../src/persistence/actions';
import { useData } from '../../../src/store/dataStore';
import { useGraph } from '../../../src/store/graphStore';
import { useUi } from '../../../src/store/uiStore';

const graph = getPreset('spiral-gated-mlp')!.graph;

describe('data files', () => {
  beforeEach(() => { useGraph.getState().reset(graph); useUi.setState({ messages: [], dialog: 'none' }); useData.getState().show('draw', null); });

  it('a dropped CSV opens the table import with its text; the graph is untouched', async () => {
    expect(await openDropped([new File(['a,b\n1,2\n'], 'my data.csv', { type: 'text/csv' })])).toBe(true);
    expect(useUi.getState().dialog).toBe('data');
    expect(useData.getState()).toMatchObject({ tab: 'table', file: { name: 'my data.csv', text: 'a,b\n1,2\n' } });
    expect(useGraph.getState().graph).toBe(graph);
  });

  it('the file picker sends a TSV to the table import and a .txt to the text tab', async () => {
    expect(await openFile(new File(['a\tb\n1\t2\n'], 't.tsv'))).toBe(true);
    expect(useData.getState().tab).toBe('table');
    expect(await openFile(new File(['hello'], 'story.txt'))).toBe(true);
    expect(useData.getState()).toMatchObject({ tab: 'text', file: { name: 'story.txt', text: 'hello' } });
  });

  it('a JSON file dropped beside a CSV still opens as a graph', async () => {
    const other = getPreset('tiny-transformer')!.graph;
    expect(await openDropped([new File(['x'], 'a.csv'), new File([JSON.stringify(other)], 'g.json')])).toBe(true);
    expect(useGraph.getState().graph).toEqual(other);
  });

  it('refuses a file over the inline cap by its size, without reading it', async () => {
    const big = new File(['x'], 'huge.csv');
    Object.defineProperty(big, 'size', { value: CSV_LIMITS.inlineBytes + 1 });
    Object.defineProperty(big, 'text', { value: () => { throw new Error('read'); } });
    expect(await openDropped([big])).toBe(false);
    expect(useUi.getState().messages.at(-1)!.text).toMatch(/“huge.csv” is 5.0 MB; data kept in the graph is at most 5.0 MB .* Nothing was changed/);
    expect(useUi.getState().dialog).toBe('none');
    expect(useGraph.getState().graph).toBe(graph);
  });

  it('a JSON file of token sequences opens the sequences tab; the file stays with its tab while others are shown', async () => {
    const text = JSON.stringify({ inputs: [[1, 2]], targets: [[2, 1]] });
    expect(await openFile(new File([text], 'seqs.json'))).toBe(true);
    expect(useData.getState()).toMatchObject({ tab: 'sequences', file: { name: 'seqs.json', text, tab: 'sequences' } });
    useData.getState().show('text');
    useData.getState().show('sequences');
    expect(useData.getState().file?.name).toBe('seqs.json');
    expect(await openFile(new File(['{"hello": 1}'], 'other.json'))).toBe(false);
    expect(useUi.getState().messages.at(-1)!.text).toMatch(/“other.json” was not opened/);
  });
});
