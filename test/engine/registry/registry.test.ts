import { describe, it, expect } from 'vitest';
import { registry, listNodes } from '../../../engine';
import { createRegistry } from '../../../engine/registry/registry';
import { checkParam } from '../../../engine/registry/params';
import { Dense } from '../../../engine/nodes/dense';

describe('registry', () => {
  it('throws on a duplicate type', () => {
    expect(() => createRegistry([Dense, Dense])).toThrow(/declared twice/);
  });

  it('documents every node: label, category path, a doc sentence, ports with roles, params whose defaults are valid', () => {
    for (const d of listNodes()) {
      expect(d.type).toMatch(/^[A-Z][A-Za-z0-9]*$/);
      expect(d.label.length, d.type).toBeGreaterThan(0);
      expect(d.category, d.type).toMatch(/^[a-z]+(\/[a-z-]+)*$/);
      expect(d.doc.length, d.type).toBeGreaterThan(30);
      for (const [name, p] of Object.entries(d.params)) {
        expect(checkParam(p, p.default), `${d.type}.${name}`).toBeNull();
        expect(p.doc.length, `${d.type}.${name}`).toBeGreaterThan(5);
      }
      for (const k of d.keyParams ?? []) expect(d.params).toHaveProperty(k);
    }
  });

  it('has the core vocabulary with the exact port names', () => {
    const ports = (t: string) => {
      const d = registry.get(t)!;
      return [Object.keys(d.inputs), Object.keys(d.outputs)];
    };
    expect(ports('Input')).toEqual([[], ['out']]);
    expect(ports('Output')).toEqual([['in'], []]);
    for (const t of ['Dense', 'Activation', 'LayerNorm', 'RMSNorm', 'Embedding', 'PositionalEmbedding', 'Attention']) expect(ports(t)).toEqual([['in'], ['out']]);
    for (const t of ['Add', 'Multiply', 'Concat']) expect(ports(t)).toEqual([['a', 'b'], ['out']]);
    expect(Object.keys(registry.get('Dense')!.params)).toEqual(expect.arrayContaining(['units', 'bias']));
    expect(registry.get('Activation')!.params.fn).toMatchObject({ options: ['relu', 'gelu', 'silu', 'tanh', 'sigmoid', 'identity'] });
  });
});
