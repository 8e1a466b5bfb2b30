/**
 * The table import's starting choice and what the dialog draws from a
 * choice: the preview points. The engine reads the table, checks the choice
 * and builds the dataset (tableFromCsv); this only says what to ask first.
 */
import { guessTask, type ColumnInfo, type TableData } from '../../engine';

/** What the dialog asks, in the form the engine's tableFromCsv takes. */
export interface Choice {
  targets: string[];
  features: string[];
  task: 'classification' | 'regression';
  standardize: boolean;
  heldOutShare: number;
  dropBadRows: boolean;
}

/** The choice the dialog opens with: the last column predicted, every other number column a feature, standardised, 20% held out. */
export function defaultChoice(columns: readonly ColumnInfo[]): Choice {
  const target = columns[columns.length - 1];
  return {
    targets: target ? [target.name] : [],
    task: target ? guessTask(target) : 'classification',
    features: columns.slice(0, -1).filter((c) => c.kind === 'number').map((c) => c.name),
    standardize: true,
    heldOutShare: 0.2,
    dropBadRows: false,
  };
}

/** With two features, up to `max` rows as [x, y, class id] (for a regression, the first target's value), raw values, evenly through the table. */
export function previewPoints(d: TableData, max = 400): [number, number, number][] {
  const rows = d.rows ?? [];
  if (d.features?.length !== 2 || !d.columns) return [];
  const [a, b] = d.features.map((f) => d.columns!.indexOf(f));
  const label = d.columns.indexOf(d.targets![0]!);
  const stride = Math.max(1, rows.length / max);
  const out: [number, number, number][] = [];
  for (let i = 0; i < rows.length && out.length < max; i += stride) {
    const r = rows[Math.floor(i)]!;
    out.push([Number(r[a!]), Number(r[b!]), d.task === 'regression' ? Number(r[label]) : Math.max(0, d.classes?.indexOf(String(r[label])) ?? 0)]);
  }
  return out;
}
