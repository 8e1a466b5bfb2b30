/**
 * The CLI against hostile input (issue 18): endless devices and pipes end in
 * TOO_LARGE quickly, odd arguments are usage errors, files from other editors
 * read, a model whose numbers overflow is an error, never a null result, and
 * a run that ends on a NaN writes no model.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getPreset } from '../../../engine';
import { squaredIntoRezero } from '../../helpers/graphs';
import { encodeBase64 } from '../../../engine/serialize';

const CLI = ['app/cli/gatelab.mjs'];

function gatelab(...args: string[]) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [...CLI, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr, ms: performance.now() - t0 };
}

/** The CLI reading stdin from a child process that writes spaces forever. */
function gatelabFedForever(...args: string[]): Promise<{ code: number | null; err: string }> {
  const writer = spawn(process.execPath, ['-e', 'const b = Buffer.alloc(1 << 16, 32); (function w() { while (process.stdout.write(b)); process.stdout.once("drain", w); })();'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const cli = spawn(process.execPath, [...CLI, ...args], { stdio: [writer.stdout!, 'ignore', 'pipe'] });
  let err = '';
  cli.stderr!.on('data', (d: Buffer) => { err += d.toString(); });
  return new Promise((done) => cli.on('close', (code) => { writer.kill(); done({ code, err }); }));
}

const dir = mkdtempSync(join(tmpdir(), 'gatelab-hostile-cli-'));
const at = (name: string) => join(dir, name);
const spiral = () => structuredClone(getPreset('spiral-mlp')!.graph);
const model = at('model.json');

describe('gatelab against hostile input', () => {
  beforeAll(() => {
    const r = gatelab('train', '--preset', 'spiral-mlp', '--steps', '2', '--backend', 'cpu', '--out', model);
    if (r.code !== 0) throw new Error(`train failed: ${r.err}`);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads /dev/zero up to the size limit, not forever: TOO_LARGE, exit 2', () => {
    for (const args of [['validate', '/dev/zero'], ['eval', '/dev/zero'], ['predict', model, '--input', '/dev/zero']]) {
      const r = gatelab(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toMatch(/TOO_LARGE: \/dev\/zero holds more than \d+ MB/);
      expect(r.ms).toBeLessThan(30_000); // start-up included; the read itself is a fraction of a second
    }
  });

  it('reads an endless pipe on stdin up to the size limit: TOO_LARGE, exit 2', async () => {
    const r = await gatelabFedForever('validate', '-');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/TOO_LARGE: stdin holds more than/);
  }, 60_000);

  it('export --torch refuses a target under /proc or one that is not a folder', () => {
    const proc = gatelab('export', model, '--torch', '/proc/self/gatelab-package');
    expect(proc.code).toBe(2);
    expect(proc.err).toMatch(/system folder/);
    const notDir = gatelab('export', model, '--torch', model);
    expect(notDir.code).toBe(2);
    expect(notDir.err).toMatch(/is not a folder/);
  });

  it('argument mistakes are usage errors (exit 2)', () => {
    const proto = gatelab('train', '--preset', 'spiral-mlp', '--set', 'h1.__proto__=4');
    expect(proto.code).toBe(2);
    expect(proto.err).toMatch(/Dense has no param "__proto__"/);
    const both = gatelab('validate', model, '--preset', 'spiral-mlp');
    expect(both.code).toBe(2);
    expect(both.err).toMatch(/not both/);
    const hex = gatelab('train', '--preset', 'spiral-mlp', '--steps', '0x10');
    expect(hex.code).toBe(2);
    expect(hex.err).toMatch(/--steps must be a whole number/);
  });

  it('a graph file that starts with a byte-order mark is valid', () => {
    writeFileSync(at('bom.json'), '\uFEFF' + JSON.stringify(spiral()));
    const r = gatelab('validate', at('bom.json'));
    expect(r.code, r.err).toBe(0);
  });

  it('structural errors say where: the __proto__ key by path, a missing field by name', () => {
    const text = JSON.stringify(spiral()).replace('"params":{', '"params":{"__proto__":{"units":1},');
    writeFileSync(at('proto.json'), text);
    const proto = gatelab('validate', at('proto.json'));
    expect(proto.code).toBe(1);
    expect(proto.err).toMatch(/SCHEMA at nodes\[\d+\]\.params\.__proto__: .*"__proto__" is not allowed/);
    const { name: _name, ...nameless } = spiral();
    writeFileSync(at('nameless.json'), JSON.stringify(nameless));
    const missing = gatelab('validate', at('nameless.json'));
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('missing field "name"');
  });

  it('predict refuses an input beyond float32 (it would become Infinity)', () => {
    writeFileSync(at('huge.json'), JSON.stringify({ inputs: [[1e308, 0]] }));
    const r = gatelab('predict', model, '--input', at('huge.json'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/beyond the largest 32-bit float/);
  });

  it('a model whose weights overflow on its own held-out data is refused by eval and predict, naming the node', () => {
    const m = JSON.parse(readFileSync(model, 'utf8'));
    for (const w of Object.values(m.weights) as { shape: number[]; dtype: string; data: string }[]) {
      const huge = Float32Array.from({ length: w.shape.reduce((a, b) => a * b, 1) }, (_, i) => (i % 2 ? -3.4e38 : 3.4e38));
      Object.assign(w, { dtype: 'float32', data: encodeBase64(new Uint8Array(huge.buffer)) });
    }
    writeFileSync(at('huge-model.json'), JSON.stringify(m));
    writeFileSync(at('batch.json'), JSON.stringify({ inputs: [[0.1, 0.2]] }));
    for (const args of [['eval', at('huge-model.json')], ['predict', at('huge-model.json'), '--input', at('batch.json')]]) {
      const r = gatelab(...args);
      expect(r.code, args[0]).toBe(1);
      expect(r.err).toMatch(/BAD_WEIGHTS at node "(h1|h2|logits)": on the model's own held-out examples the outputs of Dense "\1" overflow/);
      expect(r.out).toBe('');
    }
  });

  it('a run that ends with no finite weights (x ⊙ x into ReZero: SGD at 1 for 3 steps, Adam at 10 for 1) exits 1 and writes no model', () => {
    for (const [optimizer, steps] of [[{ name: 'sgd', learningRate: 1 }, '3'], [{ name: 'adam', learningRate: 10 }, '1']] as const) {
      writeFileSync(at('blows-up.json'), JSON.stringify(squaredIntoRezero(optimizer)));
      const out = at(`blown-${steps}.json`);
      const r = gatelab('train', at('blows-up.json'), '--steps', steps, '--backend', 'wasm', '--out', out);
      expect(r.code, r.err).toBe(1);
      expect(r.err).toContain('NON_FINITE');
      expect(r.out).toContain('no result');
      expect(r.out).not.toContain('held-out loss');
      expect(existsSync(out)).toBe(false);
    }
  });
});
