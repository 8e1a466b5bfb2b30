import { it, expect } from 'vitest';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';

/**
 * The repository explains itself: no source, preset, lesson or doc file may
 * send a reader to a document that is not in it. Papers are cited by authors,
 * year and title; anything longer belongs in docs/.
 */

const ROOTS = ['README.md', 'CONTRIBUTING.md', 'index.html', 'app', 'bench', 'components', 'docs', 'engine', 'lessons', 'schema', 'scripts', 'src', 'test'];
const TEXT = /\.(ts|tsx|mjs|js|json|md|py|html|css)$/;
const SKIP_DIRS = new Set(['node_modules', 'dist', 'coverage', 'test-results', '.cache']);

/** Built from parts so that this file does not cite what it forbids. */
const OUTSIDE: readonly [RegExp, string][] = [
  [new RegExp('GATING' + '_SPEC'), 'a design note kept outside the repository'],
  [new RegExp('\\.\\./' + 'shared\\b'), 'a folder outside the repository'],
  [new RegExp('\\bseeds' + '/'), 'the paper-abstract folder outside the repository'],
  [new RegExp('\u00a7' + '\\s?\\d'), 'a numbered section of an outside document'],
];

function files(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return TEXT.test(path) ? [path] : [];
  return readdirSync(path).flatMap((f) => (SKIP_DIRS.has(f) ? [] : files(join(path, f))));
}

const scanned = ROOTS.flatMap(files);

it('scans the source, presets and docs', () => {
  expect(scanned.some((f) => f.startsWith('engine/presets/') && f.endsWith('.json'))).toBe(true);
  expect(scanned.some((f) => f.startsWith('engine/nodes/'))).toBe(true);
  expect(scanned).toContain('README.md');
});

it('cites no document outside the repository', () => {
  const bad: string[] = [];
  for (const f of scanned) {
    readFileSync(f, 'utf8').split('\n').forEach((line, i) => {
      for (const [re, what] of OUTSIDE) if (re.test(line)) bad.push(`${f}:${i + 1} names ${what}: ${line.trim().slice(0, 120)}`);
    });
  }
  expect(bad).toEqual([]);
});

it('points only at docs that exist', () => {
  const bad: string[] = [];
  for (const f of scanned) {
    const src = readFileSync(f, 'utf8');
    for (const m of src.matchAll(/\bdocs\/[\w./-]+\.md\b/g)) if (!existsSync(m[0])) bad.push(`${f}: ${m[0]}`);
    if (!f.endsWith('.md')) continue;
    for (const m of src.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
      const target = m[1]!;
      if (/^[a-z]+:/i.test(target)) continue;
      if (!existsSync(normalize(join(dirname(f), target)))) bad.push(`${f}: link to ${target}`);
    }
  }
  expect(bad).toEqual([]);
});
