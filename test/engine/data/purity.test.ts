import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []);
}

describe('engine/data purity', () => {
  // zod (the format of your own data) and papaparse (CSV) are plain JavaScript: no tfjs, DOM or node: inside.
  const PURE = ['zod', 'papaparse'];
  it('imports no tfjs, DOM framework or node: module, and uses no Math.random', () => {
    const root = join(__dirname, '../../../engine/data');
    for (const f of files(root)) {
      const src = readFileSync(f, 'utf8');
      const imports = [...src.matchAll(/from\s+['"]([^'"]+)['"]/g)].map((m) => m[1]!);
      for (const i of imports) expect(i.startsWith('.') || PURE.includes(i), `${f} imports ${i}`).toBe(true);
      expect(src.includes('Math.random'), f).toBe(false);
    }
  });
});
