/** Hostile and awkward data files: each gives its located problem quickly, as a value, never a throw. */
import { describe, expect, it } from 'vitest';
import { createRng, importTable, resolveOwnDataset, sequencesDataset, textDataset, type TableChoice, type TableLimits } from '../../../../engine';

const problems = (text: string, choice?: TableChoice, limits?: TableLimits) => {
  const t0 = performance.now();
  const r = importTable(text, choice, limits);
  expect(performance.now() - t0).toBeLessThan(1000);
  return r.ok ? [] : r.problems.map((p) => p.message);
};

describe('importing a table', () => {
  it('reads a plain CSV: types, classes sorted, features standardised and stored', () => {
    const r = importTable('x1,x2,label\n1,10,b\n2,20,a\n3,30,b\n');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const d = r.value.dataset;
    expect(d).toMatchObject({ task: 'classification', features: ['x1', 'x2'], targets: ['label'], classes: ['a', 'b'], rows: [[1, 10, 'b'], [2, 20, 'a'], [3, 30, 'b']] });
    // population spread of 1, 2, 3 is sqrt(2/3)
    expect(d.scaling!.mean).toEqual([2, 20]);
    expect(d.scaling!.std[0]).toBeCloseTo(Math.sqrt(2 / 3), 6);
    expect(r.value.columns.map((c) => c.kind)).toEqual(['number', 'number', 'category']);
    expect(r.value.columns[2]!.counts).toEqual({ b: 2, a: 1 });
  });

  it('accepts a byte-order mark, CRLF, tabs, and semicolons with decimal commas', () => {
    for (const text of ['\uFEFFx,y,c\r\n1.5,2.25,a\r\n-1,0,b\r\n', 'x\ty\tc\n1.5\t2.25\ta\n-1\t0\tb\n', 'x;y;c\n1,5;2,25;a\n-1;0;b\n']) {
      const r = importTable(text);
      expect(r.ok && r.value.dataset.rows).toEqual([[1.5, 2.25, 'a'], [-1, 0, 'b']]);
    }
  });

  it('regression: a numeric target with many values, or one chosen', () => {
    const text = 'x,y\n' + Array.from({ length: 30 }, (_, i) => `${i},${(i * 0.37).toFixed(2)}`).join('\n');
    const r = importTable(text);
    expect(r.ok && r.value.dataset.task).toBe('regression');
    const c = importTable('x,k\n1,0\n2,1\n3,0\n', { task: 'regression' });
    expect(c.ok && c.value.dataset).toMatchObject({ task: 'regression', targets: ['k'] });
  });

  it('locates every hostile file', () => {
    expect(problems('')).toEqual(['the file is empty: a table needs a header row and rows of data']);
    expect(problems('a,b,label\n')).toEqual(['the file has a header (a, b, label) but no rows of data']);
    expect(problems('a,b,label\n1,2,x\n3,y\n4,5,z,w\n')).toEqual(['row 3: 2 cells, but the header has 3 columns', 'row 4: 4 cells, but the header has 3 columns']);
    expect(problems('a,b,label\n1,2,x\n3,oops,y\n')).toEqual(['row 3, column "b": found "oops", expected a number']);
    expect(problems('a,b,label\nNaN,2,x\n3,Infinity,y\n1,,x\n')).toEqual([
      'row 2, column "a": found "NaN", expected a finite number',
      'row 3, column "b": found "Infinity", expected a finite number',
      'row 4, column "b": the cell is empty',
    ]);
    expect(problems('a,label\n1,x\n2,x\n')).toEqual(['every row has the class "x" in column "label": classification needs at least two classes']);
    expect(problems('a,a,label\n1,2,x\n')).toEqual(['row 1: columns 1 and 2 are both called "a"']);
    expect(problems('a,b,label\n1,2,x\n', { target: 'nope' })[0]).toMatch(/^there is no column "nope" to predict/);
    expect(problems('a,label\n1,"x\n2,y\n')[0]).toMatch(/^row \d+: .*quote/);
  });

  it('refuses what a graph file cannot keep: a long column name or class, a number beyond float32 (found by gatelab fuzz: the import accepted them, the graph refused)', () => {
    const long = 'x'.repeat(201);
    expect(problems(`a,${long},label\n1,2,x\n3,4,y\n`)).toEqual(['row 1, column 2: the name has 201 characters; the limit is 200']);
    expect(problems(`a,label\n1,x\n2,${long}\n3,y\n`)).toEqual(['row 3, column "label": the class has 201 characters; the limit is 200']);
    // a cell finite as a double but beyond float32 became Infinity in the stored scaling
    expect(problems('a,y\n1e308,1\n2,3\n4,5\n')).toEqual(['row 2, column "a": found "1e308", too large for a number (the limit is ±3.4e38)']);
  });

  it('never throws on scrambled text: a table the graph accepts, or problems', () => {
    const rng = createRng(11);
    const alphabet = ['a', '1', '-2.5', ',', ';', '\t', '"', '\n', '\r\n', ' ', 'NaN', '\uFEFF', 'é', '', '1,5', '|'];
    for (let i = 0; i < 300; i++) {
      const text = Array.from({ length: rng.int(60) }, () => alphabet[rng.int(alphabet.length)]).join('');
      const r = importTable(text, { dropBadRows: i % 2 === 0 });
      // what the import makes, the graph accepts
      if (r.ok) expect(resolveOwnDataset(r.value.dataset), text).not.toHaveProperty('errors');
      else expect(r.problems.length).toBeGreaterThan(0);
    }
  });

  it('drops rows with problems only when asked, and lists them', () => {
    const r = importTable('a,b,label\n1,2,x\n3,oops,y\n5,6,y\n7\n', { dropBadRows: true });
    expect(r.ok && r.value.dataset.rows).toEqual([[1, 2, 'x'], [5, 6, 'y']]);
    expect(r.ok && r.value.dropped.map((p) => p.row)).toEqual([3, 5]);
  });

  it('refuses a million rows and a 60 MB file by their size, within a second', () => {
    const million = 'a,b,label\n' + '0.5,1.5,x\n'.repeat(1_000_000);
    expect(problems(million, {}, { maxBytes: 50 * 1024 * 1024 })).toEqual(['the file has more than 200,000 rows; the limit is 200,000']);
    const big = 'a'.repeat(60 * 1024 * 1024);
    expect(problems(big, {}, { maxBytes: 50 * 1024 * 1024 })).toEqual(['the file is 60 MB; the limit is 50 MB']);
    expect(problems(million)).toEqual(['the file is 9.5 MB; the limit is 5.0 MB']);
    // what fits as a file may not fit inside a graph file: the stored rows are measured too
    expect(problems('a,label\n1,x\n2,y\n', {}, { maxInlineBytes: 100 })[0]).toMatch(/^inside the graph file the data takes 0\.0 MB; data kept in a graph is at most 0\.0 MB/);
  });

  it('reads new rows as the training table did: its classes and scaling, unknown classes located', () => {
    const first = importTable('x,label\n0,a\n2,b\n');
    if (!first.ok) throw new Error('setup');
    const again = importTable('label,x\nb,4\na,0\n', { like: first.value.dataset });
    expect(again.ok && again.value.dataset).toMatchObject({ rows: [[4, 'b'], [0, 'a']], scaling: { mean: [1], std: [1] }, classes: ['a', 'b'] });
    expect(problems('x,label\n1,c\n', { like: first.value.dataset })).toEqual(['row 2, column "label": the class "c" was not in the training data (a, b)']);
  });
});

describe('text and sequence files', () => {
  it('text: vocabulary from the text, size and length checked', () => {
    expect(textDataset('abcabc', 4)).toMatchObject({ ok: true, value: { name: 'text', seqLen: 4 } });
    expect(textDataset('ab', 4)).toMatchObject({ ok: false });
  });

  it('sequences from JSON or CSV, tokens checked against the vocabulary', () => {
    expect(sequencesDataset('{"inputs": [[1,2],[2,3]], "targets": [[2,3],[3,1]]}')).toMatchObject({ ok: true, value: { vocab: 4 } });
    expect(sequencesDataset('input,target\n1 2,2 3\n2 3,3 1\n', 4)).toMatchObject({ ok: true, value: { inputs: [[1, 2], [2, 3]] } });
    const bad = sequencesDataset('{"inputs": [[1,2],[2,9]], "targets": [[2,3],[3,1]], "vocab": 5}');
    expect(bad.ok ? [] : bad.problems.map((p) => p.message)).toEqual(['input sequence 2, position 2: token 9 is not a whole number from 0 to 4']);
  });
});
