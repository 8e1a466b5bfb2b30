import { it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { PRESETS } from '../../engine/presets';

/**
 * The README's "Effects over seeds" table and the preset texts quote the same
 * multi-seed figures: a preset with a headline names its seeds and carries
 * the table row's two means with their spreads, so neither can drift alone.
 */

const readme = readFileSync('README.md', 'utf8');
const section = readme.slice(readme.indexOf('## Effects over seeds'), readme.indexOf('## The graph format'));
const FIGURE = /\d[\d.,]* ± \d[\d.,]*/g;

function row(slug: string): string | undefined {
  return section.split('\n').find((line) => line.startsWith(`| ${slug} |`));
}

it('has a row for every preset with a headline, and every row names a preset', () => {
  const withHeadline = PRESETS.filter((p) => p.graph.headline).map((p) => p.slug).sort();
  const rows = section.split('\n').filter((l) => /^\| [a-z0-9-]+ \|/.test(l) && !l.startsWith('| preset |')).map((l) => l.split('|')[1]!.trim());
  expect(rows.sort()).toEqual(withHeadline);
});

it.each(PRESETS.filter((p) => p.graph.headline).map((p) => [p.slug, p] as const))('%s: its text quotes the table row over named seeds', (slug, preset) => {
  const text = preset.graph.description ?? '';
  const figures = row(slug)?.match(FIGURE) ?? [];
  expect(figures).toHaveLength(2);
  expect(text).toMatch(/over seeds \d+[–-]\d+/i);
  for (const f of figures) expect(text).toContain(f);
});
