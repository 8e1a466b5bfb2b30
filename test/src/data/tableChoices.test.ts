/** The table import's first choice, and the preview points it draws for two features. */
import { describe, expect, it } from 'vitest';
import { describeColumns, parseCsv, tableFromCsv } from '../../../engine';
import { defaultChoice, previewPoints } from '../../../src/data/tableChoices';

const read = (text: string) => { const t = parseCsv(text); if (!t.ok) throw new Error(JSON.stringify(t.problems)); return t.value; };

describe('table choices', () => {
  it('opens on the last column as the target, the other number columns as features, standardised, 20% held out', () => {
    const t = read('name,a,b,kind\nx,1,2,cat\ny,3,4,dog\n');
    expect(defaultChoice(describeColumns(t))).toEqual({ targets: ['kind'], features: ['a', 'b'], task: 'classification', standardize: true, heldOutShare: 0.2, dropBadRows: false });
    expect(defaultChoice(describeColumns(read('x,y\n0.5,1.25\n1.5,2.75\n'))).task).toBe('regression');
  });

  it('previews two features as raw points with class ids in the dataset’s class order, evenly through the rows', () => {
    const t = read('a,b,kind\n1,2,dog\n3,4,cat\n5,6,dog\n7,8,cat\n');
    const r = tableFromCsv(t, { targets: ['kind'], features: ['a', 'b'], task: 'classification' });
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.value.dataset.classes).toEqual(['cat', 'dog']);
    expect(previewPoints(r.value.dataset)).toEqual([[1, 2, 1], [3, 4, 0], [5, 6, 1], [7, 8, 0]]);
    expect(previewPoints(r.value.dataset, 2)).toEqual([[1, 2, 1], [5, 6, 1]]);
    const one = tableFromCsv(t, { targets: ['kind'], features: ['a'], task: 'classification' });
    expect(one.ok && previewPoints(one.value.dataset)).toEqual([]);
    const reg = tableFromCsv(read('a,b,y\n1,2,0.5\n3,4,-1.5\n'), { targets: ['y'], features: ['a', 'b'], task: 'regression' });
    expect(reg.ok && previewPoints(reg.value.dataset)).toEqual([[1, 2, 0.5], [3, 4, -1.5]]);
  });
});
