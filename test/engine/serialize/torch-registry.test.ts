/**
 * The PyTorch export's registry against the node registry: every node type
 * is listed, with a PyTorch module or skipped by name; every module's Python
 * (with its helpers) parses; an unsupported type is named in the error.
 */
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { listNodes } from '../../../engine';
import { TORCH_HELPERS, TORCH_NODES, WIRING_TYPES, unsupportedNodes } from '../../../engine/serialize/torch';
import { NODES_HEADER, helperSources } from '../../../engine/serialize/torch/common';

const PYTHON = '/usr/bin/python3';
const hasPython = spawnSync(PYTHON, ['-c', 'import ast'], { encoding: 'utf8' }).status === 0;

describe('PyTorch modules by node type', () => {
  for (const def of listNodes()) {
    if (WIRING_TYPES.has(def.type)) continue;
    const entry = TORCH_NODES.get(def.type);
    if (!entry) {
      it.skip(`${def.type}: no PyTorch module yet`, () => {});
      continue;
    }
    it(`${def.type}: a module named ${entry.className}, its helpers known`, () => {
      expect(entry.source).toContain(`class ${entry.className}(`);
      for (const h of entry.helpers ?? []) expect(Object.hasOwn(TORCH_HELPERS, h)).toBe(true);
    });
  }

  it('an unsupported node type is named in the error', () => {
    const errors = unsupportedNodes([{ id: 'x', type: 'Input' }, { id: 'q', type: 'QuantumGate' }, { id: 'h', type: 'Dense' }]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'UNKNOWN_NODE_TYPE', nodeId: 'q' });
    expect(errors[0]!.message).toMatch(/no module for node type "QuantumGate"/);
  });

  it.skipIf(!hasPython)('every module and helper is valid Python', () => {
    const all = [NODES_HEADER, ...helperSources(Object.keys(TORCH_HELPERS), TORCH_HELPERS), ...[...TORCH_NODES.values()].map((e) => e.source)].join('\n\n\n');
    const r = spawnSync(PYTHON, ['-c', 'import ast, sys; ast.parse(sys.stdin.read())'], { input: all, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
