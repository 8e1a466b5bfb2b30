/**
 * gatelab train --out, eval, predict and export end to end, through the real
 * CLI: exit codes 0/1/2, the model file, and the PyTorch package's scripts
 * agreeing with the CLI (same JSON shapes, same numbers within 1e-4).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { gatelab } from './gatelab';

const PYTHON = '/usr/bin/python3';
const hasTorch = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' }).status === 0;

function python(script: string, ...args: string[]) {
  const r = spawnSync(PYTHON, [script, ...args], { encoding: 'utf8', timeout: 300_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const dir = mkdtempSync(join(tmpdir(), 'gatelab-model-cli-'));
const at = (name: string) => join(dir, name);
const model = at('spiral.json');
const batch = { inputs: [[0.1, 0.2], [-0.5, 0.3], [0.9, -0.9]] };

describe('gatelab train --out, eval, predict, export', () => {
  beforeAll(() => {
    writeFileSync(at('batch.json'), JSON.stringify(batch));
    const r = gatelab('train', '--preset', 'spiral-gated-mlp', '--steps', '60', '--backend', 'cpu', '--out', model);
    if (r.code !== 0) throw new Error(`train failed: ${r.err}`);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('train --out writes a gatelab/model file with weights, config, metrics and version', () => {
    const m = JSON.parse(readFileSync(model, 'utf8'));
    expect(m).toMatchObject({ format: 'gatelab/model', version: 1, backend: 'cpu', training: { steps: 60, seed: 7 } });
    expect(Object.keys(m.weights)).toContain('v1/kernel');
    expect(m.weights['v1/kernel']).toMatchObject({ shape: [2, 16], dtype: 'float32' });
    expect(m.metrics.loss).toBeGreaterThan(0);
  });

  it('train --out --float16 halves the weights; --float16 alone is a usage error', () => {
    const half = at('half.json');
    expect(gatelab('train', '--preset', 'spiral-mlp', '--steps', '2', '--backend', 'cpu', '--out', half, '--float16').code).toBe(0);
    expect(JSON.parse(readFileSync(half, 'utf8')).weights['h1/kernel'].dtype).toBe('float16');
    expect(gatelab('train', '--preset', 'spiral-mlp', '--float16').code).toBe(2);
    const r = gatelab('train', '--preset', 'spiral-mlp', '--out', join(dir, 'no', 'such', 'dir', 'm.json'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/does not exist/);
  });

  it('eval recomputes the held-out metrics: same seed, same split, same numbers', () => {
    const r = gatelab('eval', model, '--json', '--backend', 'cpu');
    expect(r.code).toBe(0);
    const e = JSON.parse(r.out);
    expect(e.loss).toBeCloseTo(e.recorded.loss, 6);
    expect(e.accuracy).toBeCloseTo(e.recorded.accuracy, 6);
    expect(e.examples).toBe(200);
    const text = gatelab('eval', model, '--backend', 'cpu');
    expect(text.out).toMatch(/held-out loss [\d.]+, accuracy [\d.]+/);
  });

  it('predict prints {"outputs": [...]}: one row of logits per example', () => {
    const r = gatelab('predict', model, '--input', at('batch.json'), '--backend', 'cpu');
    expect(r.code).toBe(0);
    const { outputs } = JSON.parse(r.out);
    expect(outputs).toHaveLength(3);
    expect(outputs[0]).toHaveLength(2);
    expect(outputs.flat().every((v: unknown) => typeof v === 'number' && Number.isFinite(v))).toBe(true);
  });

  it('predict: bad input files are usage errors (exit 2) with the place named; bad model files exit 1', () => {
    const wrongShape = at('wrong.json');
    writeFileSync(wrongShape, JSON.stringify({ inputs: [[1, 2], [3]] }));
    let r = gatelab('predict', model, '--input', wrongShape);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/inputs\[1\] must be an array of 2/);
    writeFileSync(at('nan.json'), '{"inputs": [[1, "a"]]}');
    expect(gatelab('predict', model, '--input', at('nan.json')).err).toMatch(/inputs\[0\]\[1\] must be a finite number/);
    writeFileSync(at('extra.json'), '{"inputs": [[1, 2]], "labels": [0]}');
    expect(gatelab('predict', model, '--input', at('extra.json')).err).toMatch(/unknown field "labels"/);
    expect(gatelab('predict', model).code).toBe(2);
    expect(gatelab('predict', model, '--input', at('missing.json')).code).toBe(2);
    expect(gatelab('predict', at('missing-model.json'), '--input', at('batch.json')).code).toBe(2);
    const broken = at('broken.json');
    const m = JSON.parse(readFileSync(model, 'utf8'));
    m.weights['v1/kernel'].shape = [3, 16];
    writeFileSync(broken, JSON.stringify(m));
    r = gatelab('predict', broken, '--input', at('batch.json'));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/BAD_WEIGHTS at node "v1"/);
    expect(r.err).not.toMatch(/\n\s+at .*\.(m?js|ts):\d+/);
    expect(gatelab('eval', broken).code).toBe(1);
  });

  it('export without --torch or --onnx, or with both, is a usage error', () => {
    expect(gatelab('export', model).code).toBe(2);
    expect(gatelab('export', model, '--torch', at('t'), '--onnx', at('m.onnx')).code).toBe(2);
  });

  it('export --onnx: onnxruntime gives what gatelab predict prints; a setting without an ONNX form is refused by node, with the reason', async () => {
    const file = at('model.onnx');
    const r = gatelab('export', model, '--onnx', file, '--backend', 'cpu');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/"x" float32 \[B, 2\] → "logits" float32 \[B, 2\]/);
    const ours = JSON.parse(gatelab('predict', model, '--input', at('batch.json'), '--backend', 'cpu').out).outputs as number[][];
    const session = await ort.InferenceSession.create(readFileSync(file));
    const out = await session.run({ x: new ort.Tensor('float32', Float32Array.from(batch.inputs.flat()), [3, 2]) });
    Array.from(out.logits!.data as Float32Array).forEach((v, i) => expect(Math.abs(v - ours.flat()[i]!)).toBeLessThan(1e-4));
    const randomSkips = at('random-skips.json');
    expect(gatelab('train', '--preset', 'gateskip', '--steps', '1', '--set', 'gate1a.decision=random', '--backend', 'cpu', '--out', randomSkips).code).toBe(0);
    const refused = gatelab('export', randomSkips, '--onnx', at('random-skips.onnx'), '--backend', 'cpu');
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/NOT_EXPORTED at node "gate1a": node "gate1a" is a ResidualBranchGate that skips random tokens, which cannot be exported to ONNX/);
    expect(existsSync(at('random-skips.onnx'))).toBe(false);
  });

  it.skipIf(!hasTorch)('export --torch: predict.py and eval.py agree with gatelab predict and eval within 1e-4', () => {
    const pkg = at('torch');
    const r = gatelab('export', model, '--torch', pkg, '--backend', 'cpu');
    expect(r.code).toBe(0);
    for (const f of ['predict.py', 'train.py', 'eval.py', 'README.md', 'weights.bin', 'data.bin', 'gatelab_model/nodes.py', 'gatelab_model/model.py']) expect(existsSync(join(pkg, f))).toBe(true);
    const ours = JSON.parse(gatelab('predict', model, '--input', at('batch.json'), '--backend', 'cpu').out).outputs as number[][];
    const py = python(join(pkg, 'predict.py'), '--input', at('batch.json'));
    expect(py.code).toBe(0);
    const theirs = JSON.parse(py.out).outputs as number[][];
    expect(theirs).toHaveLength(3);
    theirs.flat().forEach((v, i) => expect(Math.abs(v - ours.flat()[i]!)).toBeLessThan(1e-4));
    const pe = python(join(pkg, 'eval.py'));
    expect(pe.code).toBe(0);
    const held = JSON.parse(gatelab('eval', model, '--json', '--backend', 'cpu').out);
    const pyHeld = JSON.parse(pe.out);
    expect(Math.abs(pyHeld.loss - held.loss)).toBeLessThan(1e-4);
    expect(Math.abs(pyHeld.accuracy - held.accuracy)).toBeLessThan(1e-4);
    const bad = python(join(pkg, 'predict.py'), '--input', at('wrong.json'));
    expect(bad.code).toBe(2);
  });
});
