/**
 * Features read what they need from a node type's declaration (its ablation,
 * headline statistic, interventions, gate range), never from its name: no
 * string literal in the folders below may be a registered node type. Allowed:
 * the graph builders of app/cli/bench and app/cli/fuzz, which write their own
 * graphs node by node, and the ONNX writer, whose operator names (Add, Concat,
 * Softmax) happen to be node types' names too.
 */
import { expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { registry } from '../../../engine';

const SCANNED = ['src', 'components', 'app', 'engine/stats', 'engine/serialize'];
const ALLOWED = ['app/cli/bench/', 'app/cli/fuzz/', 'engine/serialize/onnx/'];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return files(p);
    return /\.tsx?$/.test(p) ? [p] : [];
  });
}

/** Every whole string literal ('…', "…", `…` without interpolation) of a source text. */
function literals(src: string): string[] {
  return [...src.matchAll(/'([^'\\\n]*)'|"([^"\\\n]*)"|`([^`$\\]*)`/g)].map((m) => m[1] ?? m[2] ?? m[3] ?? '');
}

it('no feature outside engine/nodes names a node type', () => {
  const types = new Set(registry.list().map((d) => d.type));
  const found: string[] = [];
  for (const dir of SCANNED) {
    for (const f of files(dir)) {
      if (ALLOWED.some((a) => f.startsWith(a))) continue;
      for (const l of literals(readFileSync(f, 'utf8'))) if (types.has(l)) found.push(`${f}: '${l}'`);
    }
  }
  expect(found).toEqual([]);
});

it('the scan sees a type name when one is written', () => {
  expect(literals(`if (n.type === 'GatedAttention') x = "Dense"; y = \`ReZero\`;`)).toEqual(['GatedAttention', 'Dense', 'ReZero']);
});
