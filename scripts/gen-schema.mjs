#!/usr/bin/env node
// Writes schema/*.schema.json, the published JSON Schemas of the graph and
// model formats, from the zod schemas (engine/serialize/json-schema.ts).
// `node scripts/gen-schema.mjs --check` exits 1 when a file is out of date;
// test/engine/serialize/json-schema.test.ts checks the same.
import { build } from 'esbuild';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tmp = mkdtempSync(join(tmpdir(), 'gatelab-schema-'));
const out = join(tmp, 'json-schema.mjs');
try {
  await build({ entryPoints: [join(root, 'engine', 'serialize', 'json-schema.ts')], bundle: true, platform: 'node', format: 'esm', outfile: out, logLevel: 'error' });
  const { jsonSchemas, schemaText } = await import(pathToFileURL(out).href);
  const check = process.argv.includes('--check');
  let stale = 0;
  mkdirSync(join(root, 'schema'), { recursive: true });
  for (const [name, schema] of Object.entries(jsonSchemas())) {
    const path = join(root, 'schema', name);
    const text = schemaText(schema);
    const current = existsSync(path) ? readFileSync(path, 'utf8') : '';
    if (current === text) continue;
    if (check) { console.error(`schema/${name} is out of date: run node scripts/gen-schema.mjs`); stale++; }
    else { writeFileSync(path, text); console.log(`wrote schema/${name}`); }
  }
  if (stale) process.exitCode = 1;
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
