import { it, expect } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** engine/ runs in Node, a Worker and the page: it imports no React, no DOM helpers, no zustand, no node:*. */
const FORBIDDEN = [/^react/, /^react-dom/, /^zustand/, /^@xyflow/, /^node:/, /^(fs|path|os|child_process|url|util|worker_threads)$/];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : /\.tsx?$/.test(p) ? [p] : [];
  });
}

const IMPORT = /(?:import|export)[^'"]*from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^import\s+['"]([^'"]+)['"]/gm;

it('engine/ imports nothing framework- or platform-specific', () => {
  const bad: string[] = [];
  for (const f of files('engine')) {
    const src = readFileSync(f, 'utf8');
    for (const m of src.matchAll(IMPORT)) {
      const spec = m[1] ?? m[2] ?? m[3] ?? '';
      if (FORBIDDEN.some((r) => r.test(spec))) bad.push(`${f}: ${spec}`);
    }
    if (/(?<![.\w])(document|window)\.|localStorage/.test(src)) bad.push(`${f}: touches the DOM`);
  }
  expect(bad).toEqual([]);
});

it('engine/ has no `any`', () => {
  const bad = files('engine').filter((f) => !f.includes('/text/') && /:\s*any\b|as any\b|<any>/.test(readFileSync(f, 'utf8')));
  expect(bad).toEqual([]);
});

it('app/, src/ and components/ reach the engine only through engine/index.ts, its public API', () => {
  const bad: string[] = [];
  for (const f of ['app', 'src', 'components'].flatMap(files)) {
    for (const m of readFileSync(f, 'utf8').matchAll(IMPORT)) {
      const spec = m[1] ?? m[2] ?? m[3] ?? '';
      if (/(^|\/)engine\/./.test(spec)) bad.push(`${f}: ${spec}`);
    }
  }
  expect(bad).toEqual([]);
});

it('engine/ sums tensors with sumOf, which keeps tf.addN to 7 inputs (WebGPU fails past its storage-buffer limit)', () => {
  const bad = files('engine').filter((f) => !f.endsWith('compile/ops.ts') && /\btf\.addN\s*\(/.test(readFileSync(f, 'utf8')));
  expect(bad).toEqual([]);
});
