import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
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

  it('declares each node’s interventions with a usable slider: min < max, a step that divides the range, initial inside it', () => {
    const declared = listNodes().filter((d) => d.interventions);
    expect(declared.map((d) => d.type).sort()).toEqual(['EarlyExitStack', 'GatedAttention', 'InjectedAttention', 'MiddleSkipStack', 'MoEPlusPlus', 'PostHocRouter', 'ResidualBranchGate', 'TopKSoftmaxRouter', 'ZeroGatedInjection']);
    for (const d of declared) {
      for (const [name, i] of Object.entries(d.interventions!)) {
        const at = `${d.type}.${name}`;
        expect(name, at).toMatch(/^[a-z][A-Za-z0-9]*$/);
        expect(i.label.length, at).toBeGreaterThan(3);
        expect(i.doc.length, at).toBeGreaterThan(20);
        expect(i.min, at).toBeLessThan(i.max);
        expect(i.step, at).toBeGreaterThan(0);
        const steps = (i.max - i.min) / i.step;
        expect(Math.abs(steps - Math.round(steps)), at).toBeLessThan(1e-9);
        expect(i.initial >= i.min && i.initial <= i.max, at).toBe(true);
      }
    }
  });

  it('every override the node files read is declared, and every declared one is read', () => {
    const dir = join(__dirname, '../../../engine/nodes');
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    const read = new Set<string>();
    for (const f of files) for (const m of readFileSync(join(dir, f), 'utf8').matchAll(/interventions\?\.\[`\$\{nodeId\}\.(\w+)`\]/g)) read.add(m[1]!);
    const declared = new Set(listNodes().flatMap((d) => Object.keys(d.interventions ?? {})));
    expect([...read].sort()).toEqual([...declared].sort());
  });
});
