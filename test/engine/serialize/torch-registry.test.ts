/**
 * The PyTorch bindings against the node registry: every node type declares
 * its module or is on NOT_EXPORTED, never both; each binding names a class its
 * .py defines; the export refuses an unexported or unknown type by name; and
 * every .py shipped with the engine compiles.
 */
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listNodes } from '../../../engine';
import { NOT_EXPORTED, WIRING_TYPES } from '../../../engine/nodes';
import { createRegistry } from '../../../engine/registry/registry';
import { unsupportedNodes } from '../../../engine/serialize/torch';
import { Dense } from '../../../engine/nodes/dense';

const PYTHON = '/usr/bin/python3';
const hasPython = spawnSync(PYTHON, ['-c', 'import py_compile'], { encoding: 'utf8' }).status === 0;
const ENGINE = join(__dirname, '../../../engine');

function pyFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === '__pycache__' ? [] : pyFiles(p);
    return e.name.endsWith('.py') ? [p] : [];
  });
}

describe('PyTorch bindings by node type', () => {
  for (const def of listNodes()) {
    if (WIRING_TYPES.has(def.type)) continue;
    it(`${def.type}: a PyTorch module, or on NOT_EXPORTED`, async () => {
      expect(Boolean(def.torch), `${def.type} needs a torch binding in its node file, or a place on NOT_EXPORTED`).not.toBe(NOT_EXPORTED.has(def.type));
      if (def.torch) expect((await def.torch.source()).default).toMatch(new RegExp(`^class ${def.torch.className}\\(`, 'm'));
    });
  }

  it('the export refuses a type without a module, and an unknown type, by name', () => {
    const { torch: _, ...bare } = Dense;
    const reg = createRegistry([bare]);
    const errors = unsupportedNodes([{ id: 'x', type: 'Input' }, { id: 'h', type: 'Dense' }, { id: 'q', type: 'QuantumGate' }], reg);
    expect(errors.map((e) => [e.code, e.nodeId])).toEqual([['NOT_EXPORTED', 'h'], ['UNKNOWN_NODE_TYPE', 'q']]);
    expect(errors[0]!.message).toMatch(/node "h" is a Dense, which runs in GateLab only/);
    expect(errors[1]!.message).toMatch(/"QuantumGate"/);
    expect(unsupportedNodes([{ id: 'h', type: 'Dense' }], createRegistry([Dense]), new Set(['Dense']))[0]).toMatchObject({ code: 'NOT_EXPORTED', nodeId: 'h' });
    expect(unsupportedNodes([{ id: 'h', type: 'Dense' }])).toEqual([]);
  });

  it.skipIf(!hasPython)('every .py the engine ships compiles (py_compile)', () => {
    const files = pyFiles(ENGINE);
    expect(files.length).toBeGreaterThan(30);
    const out = mkdtempSync(join(tmpdir(), 'gatelab-pyc-'));
    try {
      const check = 'import py_compile, sys\nfor i, f in enumerate(sys.argv[2:]):\n    py_compile.compile(f, cfile="%s/%d.pyc" % (sys.argv[1], i), doraise=True)';
      const r = spawnSync(PYTHON, ['-c', check, out, ...files], { encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
