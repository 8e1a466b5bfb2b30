/**
 * Hostile graph files (issue 8): whatever text arrives, parseGraph answers
 * with coded, readable errors within a second, never throws, never hangs and
 * never pollutes shared objects.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseGraph, parseGraphValue, PRESETS, registry, validateGraph } from '../../../engine';
import { MAX_GRAPH_BYTES } from '../../../engine/graph/parse';
import { expectNoPollution, expectReadable, expectRejected, smallGraph } from './fixtures';

const text = (v: unknown) => JSON.stringify(v);

afterEach(() => expectNoPollution());

describe('hostile graph files: not JSON', () => {
  it('rejects a truncated file', () => {
    const full = text(PRESETS[0]!.graph);
    for (const cut of [1, 10, Math.floor(full.length / 2), full.length - 1]) {
      expectRejected(() => parseGraph(full.slice(0, cut)), 'NOT_JSON');
    }
  });

  it('rejects text that is not JSON', () => {
    for (const t of ['', ' ', 'hello', '<html><body>graph</body></html>', '{format: gatelab}', "{'a': 1}", '{"a": NaN}', '{"a": Infinity}', '{"a": 1,}', '\u0000\u0001', 'undefined']) {
      expectRejected(() => parseGraph(t), 'NOT_JSON');
    }
  });

  it('rejects JSON that is not a graph object', () => {
    for (const t of ['null', 'true', '42', '"gatelab/graph"', '[]', '[{"format": "gatelab/graph"}]', '{}']) {
      expectRejected(() => parseGraph(t), 'BAD_FORMAT');
    }
  });

  it('rejects a model file offered as a graph, saying what it is', () => {
    const errors = expectRejected(() => parseGraph(text({ format: 'gatelab/model', version: 1 })), 'BAD_FORMAT');
    expect(errors[0]!.message).toMatch(/model/);
  });

  it('rejects unknown versions', () => {
    for (const version of [0, 2, 1.5, -1, '1', null, 1e308]) {
      expectRejected(() => parseGraph(text({ ...smallGraph(), version })), 'BAD_VERSION');
    }
  });
});

describe('hostile graph files: size and depth', () => {
  it('rejects 100,000-deep nesting of arrays and of objects', () => {
    const n = 100_000;
    expectRejected(() => parseGraph('['.repeat(n) + ']'.repeat(n)), 'TOO_DEEP');
    expectRejected(() => parseGraph('{"a":'.repeat(n) + '1' + '}'.repeat(n)), 'TOO_DEEP');
    // unbalanced, as a truncated deep file would be
    expectRejected(() => parseGraph('['.repeat(n)), 'TOO_DEEP');
  });

  it('rejects deep nesting hidden inside an otherwise valid graph', () => {
    const g = smallGraph();
    const deep = '['.repeat(10_000) + ']'.repeat(10_000);
    const t = text(g).replace('"name":"small"', `"name":"small","extra":${deep}`);
    expectRejected(() => parseGraph(t), 'TOO_DEEP');
  });

  it('does not count brackets inside strings as nesting', () => {
    const g = { ...smallGraph(), name: '['.repeat(100) + '{'.repeat(80) + '\\"[' };
    const r = parseGraph(text(g));
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value.name).toBe(g.name);
  });

  it('rejects a 50 MB file at once', () => {
    const big = '{"format":"gatelab/graph","version":1,"name":"' + 'x'.repeat(50 * 1024 * 1024) + '"}';
    const parse = vi.spyOn(JSON, 'parse');
    const errors = expectRejected(() => parseGraph(big), 'TOO_LARGE');
    expect(parse).not.toHaveBeenCalled(); // refused on its size, before any parsing
    parse.mockRestore();
    expect(errors[0]!.message).toMatch(/MB/);
  });

  it('rejects a file just under the size limit packed with nodes, quickly', () => {
    const g = smallGraph();
    const nodes = [];
    for (let i = 0; nodes.length * 60 < MAX_GRAPH_BYTES - 4096; i++) nodes.push({ id: `n${i}`, type: 'Activation', params: { fn: 'relu' } });
    const t = text({ ...g, nodes });
    expect(t.length).toBeLessThan(MAX_GRAPH_BYTES);
    const errors = expectRejected(() => parseGraph(t), 'SCHEMA');
    expect(errors.length).toBeLessThanOrEqual(100);
  });
});

describe('hostile graph files: __proto__ and constructor keys', () => {
  const payload = { polluted: 'yes', isAdmin: true };
  // Built as text: an object literal with __proto__ would set a prototype instead of a key.
  const inject = (where: string, key: string) => {
    const g = text(smallGraph());
    const kv = `"${key}":${text(payload)},`;
    switch (where) {
      case 'top': return g.replace('{"format"', `{${kv}"format"`);
      case 'node': return g.replace('{"id":"h",', `{${kv}"id":"h",`);
      case 'params': return g.replace('"params":{', `"params":{${kv}`);
      case 'position': return g.replace('"position":{', `"position":{${kv}`);
      case 'edge': return g.replace('{"id":"e1",', `{${kv}"id":"e1",`);
      case 'training': return g.replace('"training":{', `"training":{${kv}`);
      case 'dataset': return g.replace('"dataset":{', `"dataset":{${kv}`);
      case 'optimizer': return g.replace('"optimizer":{', `"optimizer":{${kv}`);
      default: throw new Error(where);
    }
  };

  /**
   * Strict objects refuse these keys outright. Records (node params, the
   * dataset block, variant settings) take any key: there zod drops "__proto__"
   * and validation names "constructor" an unknown param. Either way the key
   * must have no effect and reach no prototype.
   */
  function expectRefusedOrInert(t: string): void {
    const r = parseGraph(t);
    if (!r.ok) { r.errors.forEach(expectReadable); return; }
    const v = validateGraph(r.value, registry);
    if (v.errors.length) { v.errors.forEach(expectReadable); return; }
    expect(JSON.stringify(r.value)).not.toMatch(/polluted|isAdmin/);
    const walk = (o: unknown): void => {
      if (typeof o !== 'object' || o === null) return;
      expect(Object.hasOwn(o, '__proto__')).toBe(false);
      const proto = Object.getPrototypeOf(o);
      expect([null, Object.prototype, Array.prototype]).toContain(proto);
      Object.values(o).forEach(walk);
    };
    walk(r.value);
    expect(v.params.get('h')?.units).toBe(2);
    expect((r.value.training.dataset as Record<string, unknown>).samples).toBe(200);
  }

  for (const key of ['__proto__', 'constructor', 'prototype']) {
    for (const where of ['top', 'node', 'params', 'position', 'edge', 'training', 'dataset', 'optimizer']) {
      it(`refuses "${key}" in ${where}, or drops it without effect`, () => {
        const t = inject(where, key);
        expect(t).toContain(`"${key}"`);
        expectRefusedOrInert(t);
        expectNoPollution();
      });
    }
  }

  it('refuses "__proto__" and "constructor" where strict objects stand', () => {
    for (const where of ['top', 'node', 'position', 'edge', 'training', 'optimizer']) {
      expectRejected(() => parseGraph(inject(where, '__proto__')), 'SCHEMA');
      expectRejected(() => parseGraph(inject(where, 'constructor')), 'SCHEMA');
    }
  });

  it('names "constructor" and "toString" params unknown', () => {
    const g = text(smallGraph());
    for (const key of ['constructor', 'toString', 'hasOwnProperty']) {
      const r = parseGraph(g.replace('"params":{', `"params":{"${key}":3,`));
      expect(r.ok).toBe(true);
      if (!r.ok) continue;
      const v = validateGraph(r.value, registry);
      expect(v.errors.map((e) => [e.code, e.nodeId])).toEqual([['UNKNOWN_PARAM', 'h']]);
    }
  });

  it('drops "__proto__" as a param with a scalar value, and as a variant key, without effect', () => {
    const g = text({ ...smallGraph(), variants: [{ name: 'v', set: { 'h.units': 3 } }] });
    expectRefusedOrInert(g.replace('"params":{', '"params":{"__proto__":3,'));
    expectRefusedOrInert(g.replace('"set":{', `"set":{"__proto__":${text(payload)},`));
  });

  it('names node types "__proto__", "constructor" and "toString" as unknown, not as built-ins', () => {
    for (const type of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf']) {
      const g = smallGraph();
      (g.nodes as Record<string, unknown>[])[1]!.type = type;
      const r = parseGraph(text(g));
      expect(r.ok).toBe(true); // structurally fine: the type is checked by validation
      if (!r.ok) continue;
      const v = validateGraph(r.value, registry);
      expect(v.errors.find((e) => e.nodeId === 'h')?.code).toBe('UNKNOWN_NODE_TYPE');
      v.errors.forEach(expectReadable);
    }
  });

  it('rejects a dataset named after a prototype member', () => {
    for (const name of ['__proto__', 'constructor', 'toString']) {
      const g = smallGraph();
      (g.training as { dataset: unknown }).dataset = { name };
      const r = parseGraph(text(g));
      expect(r.ok).toBe(true);
      if (!r.ok) continue;
      const v = validateGraph(r.value, registry);
      expect(v.errors.map((e) => e.code)).toEqual(['UNKNOWN_DATASET']);
      v.errors.forEach(expectReadable);
    }
  });
});

describe('hostile graph files: wrong types where values go', () => {
  const cases: [string, (g: Record<string, any>) => void][] = [
    ['Infinity as a position (1e999)', (g) => { g.nodes[0].position.x = '1e999'; }],
    ['Infinity as a param', (g) => { g.nodes[1].params.units = '1e999'; }],
    ['-Infinity as the learning rate', (g) => { g.training.optimizer.learningRate = '-1e999'; }],
    ['Infinity as the batch size', (g) => { g.training.batchSize = '1e999'; }],
    ['Infinity as the seed', (g) => { g.training.seed = '1e999'; }],
    ['a string where nodes go', (g) => { g.nodes = 'nodes'; }],
    ['a string where edges go', (g) => { g.edges = 'e1,e2'; }],
    ['an object where nodes go', (g) => { g.nodes = { 0: g.nodes[0], length: 1 }; }],
    ['a string where training goes', (g) => { g.training = 'adam'; }],
    ['a string where phases go', (g) => { g.training.phases = 'all'; }],
    ['a string where a position goes', (g) => { g.nodes[0].position = '0,0'; }],
    ['an array where a name goes', (g) => { g.name = ['a', 'b']; }],
    ['a number where an id goes', (g) => { g.nodes[0].id = 7; }],
    ['null where params go', (g) => { g.nodes[1].params = null; }],
    ['an array where params go', (g) => { g.nodes[1].params = [1, 2]; }],
    ['an object as a param value', (g) => { g.nodes[1].params.units = { valueOf: 3 }; }],
    ['a string where a number param goes', (g) => { g.training.batchSize = '16'; }],
    ['a negative batch size', (g) => { g.training.batchSize = -1; }],
    ['a fractional step count', (g) => { g.training.steps = 2.5; }],
    ['a huge step count', (g) => { g.training.steps = 1e12; }],
    ['an object as a dataset setting', (g) => { g.training.dataset.samples = { n: 3 }; }],
    ['an id with a slash', (g) => { g.nodes[1].id = 'h/kernel'; }],
    ['an id of 10,000 characters', (g) => { g.nodes[1].id = 'h'.repeat(10_000); }],
    ['a 100,000-character type', (g) => { g.nodes[1].type = 'D'.repeat(100_000); }],
    ['a missing training block', (g) => { delete g.training; }],
  ];
  for (const [name, mutate] of cases) {
    it(`rejects ${name}`, () => {
      const g = smallGraph() as Record<string, any>;
      mutate(g);
      // '1e999' placeholders become bare numbers that JSON.parse reads as ±Infinity
      const t = text(g).replace(/"(-?1e999)"/g, '$1');
      const errors = expectRejected(() => parseGraph(t), 'SCHEMA');
      expect(errors.every((e) => e.path), 'every schema error has a path').toBe(true);
    });
  }

  it('locates node and edge errors by id', () => {
    const g = smallGraph() as Record<string, any>;
    g.nodes[1].position = 'here';
    g.edges[1].targetHandle = 5;
    const errors = expectRejected(() => parseGraph(text(g)), 'SCHEMA');
    expect(errors.map((e) => e.nodeId ?? e.edgeId).sort()).toEqual(['e2', 'h']);
  });

  it('rejects NaN and Infinity handed over as values, not text (share links, the editor)', () => {
    const mutations: ((g: Record<string, any>) => void)[] = [
      (g) => { g.nodes[0].position.x = NaN; },
      (g) => { g.nodes[0].position.y = Infinity; },
      (g) => { g.nodes[1].params.units = NaN; },
      (g) => { g.training.optimizer.learningRate = NaN; },
      (g) => { g.training.seed = -Infinity; },
      (g) => { g.training.batchSize = NaN; },
      (g) => { g.version = NaN; },
    ];
    for (const m of mutations) {
      const g = smallGraph() as Record<string, any>;
      m(g);
      expectRejected(() => parseGraphValue(g));
    }
  });

  it('rejects a graph object that contains itself, without recursing forever', () => {
    const g = smallGraph() as Record<string, any>;
    g.nodes[1].params = { units: 2, self: g };
    g.training.self = g;
    expectRejected(() => parseGraphValue(g), 'SCHEMA');
  });
});

describe('hostile graph files: HTML and odd text in names', () => {
  const html = '<img src=x onerror="globalThis.hacked=1"><script>alert(1)</script>&amp;';

  it('keeps HTML in the name, description and labels as plain text, unchanged', () => {
    const g = smallGraph() as Record<string, any>;
    g.name = html.slice(0, 200);
    g.description = html;
    g.nodes[1].label = html;
    const r = parseGraph(text(g));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.name).toBe(html.slice(0, 200));
    expect(r.value.description).toBe(html);
    expect(r.value.nodes[1]!.label).toBe(html);
    expect((globalThis as Record<string, unknown>).hacked).toBeUndefined();
  });

  it('refuses HTML as an id, and quotes HTML in a type back as text', () => {
    const g = smallGraph() as Record<string, any>;
    g.nodes[1].id = '<b>h</b>';
    expectRejected(() => parseGraph(text(g)), 'SCHEMA');
    const g2 = smallGraph() as Record<string, any>;
    g2.nodes[1].type = html.slice(0, 64);
    const r = parseGraph(text(g2));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const err = validateGraph(r.value, registry).errors.find((e) => e.code === 'UNKNOWN_NODE_TYPE');
    expect(err?.message).toContain('<img src=x');
  });

  it('takes unicode, lone surrogates and control characters in names without trouble', () => {
    for (const name of ['ゲート 🚪', '\ud800', 'a\u0000b', '\u202etxt.exe', 'x'.repeat(200)]) {
      const r = parseGraph(text({ ...smallGraph(), name }));
      expect(r.ok, name).toBe(true);
      if (r.ok) expect(r.value.name).toBe(name);
    }
    expectRejected(() => parseGraph(text({ ...smallGraph(), name: 'x'.repeat(201) })), 'SCHEMA');
  });
});

describe('hostile graph files: nothing else breaks', () => {
  it('leaves the presets untouched', () => {
    const before = text(PRESETS.map((p) => p.graph));
    for (const p of PRESETS) {
      const g = JSON.parse(text(p.graph)) as Record<string, any>;
      g.nodes[0].position = 'x';
      parseGraph(text(g));
      const r = parseGraphValue(p.graph);
      expect(r.ok).toBe(true);
    }
    expect(text(PRESETS.map((p) => p.graph))).toBe(before);
  });

  it('still reads a valid file after all of the above', () => {
    const r = parseGraph(text(smallGraph()));
    expect(r.ok).toBe(true);
    if (!r.ok) r.errors.forEach(expectReadable);
  });
});
