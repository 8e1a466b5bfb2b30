/** What `gatelab compare` prints without --json, and its progress lines on stderr. */
import { figureOf, seedTableMetrics, type HeadlineCount, type RunFigures, type SeedSpreads } from '../../../engine';

/** Four significant digits: enough to tell runs apart, short enough to read. */
const fig = (x: number | undefined): string => (x === undefined ? '-' : String(Number(x.toPrecision(4))));

export function progressLine(done: number, total: number, label: string, f: RunFigures, ms: number): string {
  const acc = figureOf(f, 'accuracy');
  const failed = typeof f.error === 'string' ? `  stopped: ${f.error}` : '';
  return `[${done}/${total}] ${label}: loss ${fig(figureOf(f, 'loss'))}${acc !== undefined ? `, accuracy ${fig(acc)}` : ''} (${(ms / 1000).toFixed(1)} s)${failed}`;
}

export function printOneSeed(results: Record<string, RunFigures>): void {
  for (const [name, f] of Object.entries(results)) {
    const acc = figureOf(f, 'accuracy');
    console.log(`${name.padEnd(24)} loss ${fig(figureOf(f, 'loss'))}${acc !== undefined ? `  accuracy ${fig(acc)}` : ''}  first-step loss ${fig(figureOf(f, 'firstLoss'))}  ${fig(figureOf(f, 'msPerStep'))} ms/step`);
  }
}

type VariantSeeds = SeedSpreads & { runs: RunFigures[] };

/** Per variant: the headline metric, loss, accuracy and the dataset's metrics, each as mean ± std, its 95% interval and per seed. */
export function printSeeds(preset: string, seeds: number[], variants: Record<string, VariantSeeds>, headline: HeadlineCount | undefined): void {
  const first = Object.values(variants)[0]?.runs[0];
  console.log(`${preset}: ${Object.keys(variants).length} variants × ${seeds.length} seeds (${seeds.join(', ')}), ${fig(figureOf(first ?? {}, 'steps'))} steps, ${String(first?.backend ?? '')}`);
  for (const [name, v] of Object.entries(variants)) {
    console.log(`${name}  (${fig(v.mean.msPerStep)} ms/step)`);
    for (const m of seedTableMetrics(v.runs, headline?.metric)) {
      const std = v.std[m] !== undefined ? ` ± ${fig(v.std[m])}` : '';
      const ci = v.ci95[m] ? `  95% [${fig(v.ci95[m][0])}, ${fig(v.ci95[m][1])}]` : '';
      console.log(`  ${m.padEnd(22)} ${fig(v.mean[m])}${std}${ci}  per seed ${v.runs.map((r) => fig(figureOf(r, m))).join(' ')}`);
    }
  }
  if (headline) {
    const { metric, better, a, b, holds, of } = headline;
    console.log(`headline: ${metric}, ${better} is better: "${a}" beats "${b}" on ${holds} of ${of} seeds`);
  }
}
