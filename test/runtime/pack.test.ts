/**
 * gatelab/runtime as npm users get it: `npm pack` (which builds it), the
 * tarball installed into a fresh temporary project with its peer tfjs-core
 * (offline, the packages linked from this repository's node_modules), then
 * every preset's model file loaded there in one Node process: its predictions
 * equal `gatelab predict`'s. The types resolve through the package's exports,
 * and a broken file or an unregistered backend is refused with its code.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import '@tensorflow/tfjs-core';
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { compile, exportModel, generateDataset, GateLabError, PRESETS, modelToText, nest, inputFields, predictBatch } from '../../engine';
import { useBackend } from '../helpers/backend';

const repo = resolve(__dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'gatelab-runtime-'));
const project = join(dir, 'project');
const EXAMPLES = 3;
/** Run through the real CLI: a 2-D float model and a token model. */
const THROUGH_CLI = ['spiral-gated-mlp', 'tiny-transformer'];

const npm = (args: string[], cwd: string) => execFileSync('npm', [...args, '--offline', '--no-audit', '--no-fund', '--loglevel=error'], { cwd, encoding: 'utf8', timeout: 240_000 });

/** `gatelab predict` on a model file and a batch file. */
function cliPredict(model: string, batch: string): Promise<unknown> {
  return new Promise((done, fail) => {
    const p = spawn(process.execPath, ['app/cli/gatelab.mjs', 'predict', model, '--input', batch, '--backend', 'cpu'], { cwd: repo });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('close', (code) => (code === 0 ? done(JSON.parse(out)) : fail(new Error(`gatelab predict ${model}: ${err}`))));
  });
}

/** The first examples of each field the graph reads, as nested arrays (what a page would pass). */
function firstExamples(graph: (typeof PRESETS)[number]['graph'], fields: string[]): unknown {
  const data = generateDataset(graph);
  const batch = (f: string) => {
    const field = data.inputs[f]!;
    const per = field.shape.slice(1).reduce((a, b) => a * b, 1);
    return nest(Float32Array.from(field.data.subarray(0, EXAMPLES * per)), [EXAMPLES, ...field.shape.slice(1)]);
  };
  return fields.length === 1 ? batch(fields[0]!) : Object.fromEntries(fields.map((f) => [f, batch(f)]));
}

const CHECK = `
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
tf.env().set('PROD', true); // no "install tfjs-node" banner
import { readFileSync } from 'node:fs';
import { loadModel, ModelError } from 'gatelab/runtime';
const cases = JSON.parse(readFileSync('cases.json', 'utf8'));
const out = { predictions: {} };
for (const c of cases) {
  const model = await loadModel(readFileSync(c.model, 'utf8'));
  out.predictions[c.slug] = { backend: model.backend, ...(await model.predict(c.inputs)) };
  model.dispose();
}
const refusal = async (f) => { try { await f(); return null; } catch (e) { return { isModelError: e instanceof ModelError, problems: e.problems }; } };
const first = JSON.parse(readFileSync(cases[0].model, 'utf8'));
out.broken = await refusal(() => loadModel({ ...first, graph: { ...first.graph, nodes: first.graph.nodes.slice(1) } }));
out.badInput = await refusal(async () => (await loadModel(first)).predict([[1, 2, 3]]));
out.wasm = await refusal(() => loadModel(first, { backend: 'wasm' }));
// finite weights too large for float32 arithmetic: every prediction would overflow
const huge = structuredClone(first);
for (const w of Object.values(huge.weights)) w.data = Buffer.from(new Float32Array(w.shape.reduce((a, b) => a * b, 1)).fill(3.4e38).buffer).toString('base64');
out.overflow = await refusal(() => loadModel(huge));
console.log(JSON.stringify(out));
`;

/** The wasm backend alone registered: the runtime takes it without being told. */
const CHECK_WASM = `
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { readFileSync } from 'node:fs';
import { loadModel } from 'gatelab/runtime';
tf.env().set('PROD', true);
const [c] = JSON.parse(readFileSync('cases.json', 'utf8'));
const model = await loadModel(readFileSync(c.model, 'utf8'));
console.log(JSON.stringify({ slug: c.slug, backend: model.backend, ...(await model.predict(c.inputs)) }));
`;

const TYPES = `
import { loadModel, type GateLabModel } from 'gatelab/runtime';
const model: GateLabModel = await loadModel('{}');
const outputs: unknown[] = (await model.predict([[0, 1]])).outputs;
// @ts-expect-error predict returns a promise of { outputs }
const wrong: number = await model.predict([[0, 1]]);
export { outputs, wrong };
`;

describe('gatelab/runtime from the packed tarball', () => {
  const cases: { slug: string; model: string; batch: string; inputs: unknown; outputs: unknown[] }[] = [];
  let onWasm: { slug: string; backend: string; outputs: number[][] };
  let ran: { predictions: Record<string, { backend: string; outputs: unknown[] }>; broken: { isModelError: boolean; problems: { code: string }[] }; badInput: { isModelError: boolean; problems: { code: string; message: string }[] }; wasm: { problems: { code: string; message: string }[] }; overflow: { problems: { code: string; message: string }[] } };

  beforeAll(async () => {
    await useBackend('cpu');
    // Every preset with its seeded initial weights: the weights differ node by node, which is all a comparison needs.
    for (const p of PRESETS) {
      const c = compile(p.graph);
      if (!c.ok) throw new GateLabError(c.errors);
      try {
        const file = await exportModel(c.value.model, { steps: 0, backend: 'cpu', metrics: {} });
        const inputs = firstExamples(p.graph, inputFields(c.value));
        const model = join(dir, `${p.slug}.json`);
        const batch = join(dir, `${p.slug}.batch.json`);
        writeFileSync(model, modelToText(file));
        writeFileSync(batch, JSON.stringify({ inputs }));
        const predicted = await predictBatch(c.value, inputs);
        if (!predicted.ok) throw new GateLabError(predicted.errors);
        cases.push({ slug: p.slug, model, batch, inputs, outputs: predicted.value.outputs });
      } finally {
        c.value.model.dispose();
      }
    }
    const [tarball] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', dir, '--loglevel=error'], { cwd: repo, encoding: 'utf8', timeout: 240_000 })) as { filename: string }[];
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'a-page', private: true, type: 'module' }));
    const linked = (name: string) => `file:${join(repo, 'node_modules', name)}`;
    npm(['install', join(dir, tarball!.filename), ...['core', 'backend-cpu', 'backend-wasm'].map((p) => linked(`@tensorflow/tfjs-${p}`))], project);
    writeFileSync(join(project, 'cases.json'), JSON.stringify(cases));
    writeFileSync(join(project, 'check.mjs'), CHECK);
    writeFileSync(join(project, 'check-wasm.mjs'), CHECK_WASM);
    const run = (script: string) => JSON.parse(execFileSync(process.execPath, [script], { cwd: project, encoding: 'utf8', timeout: 240_000, maxBuffer: 64 * 1024 * 1024 }));
    ran = run('check.mjs');
    onWasm = run('check-wasm.mjs');
  }, 600_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('ships the built runtime, its types and nothing of the editor', () => {
    const pkg = JSON.parse(readFileSync(join(project, 'node_modules', 'gatelab', 'package.json'), 'utf8'));
    expect(pkg.dependencies ?? {}).toEqual({});
    expect(pkg.peerDependencies).toHaveProperty('@tensorflow/tfjs-core');
    const files = execFileSync('find', ['.', '-type', 'f'], { cwd: join(project, 'node_modules', 'gatelab'), encoding: 'utf8' }).trim().split('\n').sort();
    expect(files).toEqual(expect.arrayContaining(['./runtime/dist/index.js', './runtime/dist/index.d.ts', './package.json', './README.md']));
    expect(files.filter((f) => /\.(tsx?|py)$/.test(f) && !f.endsWith('.d.ts'))).toEqual([]);
    const code = readFileSync(join(project, 'node_modules', 'gatelab', 'runtime', 'dist', 'index.js'), 'utf8');
    const imports = [...code.matchAll(/\b(?:from|import)\s*\(?\s*"([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(imports)).toEqual(new Set(['@tensorflow/tfjs-core']));
  });

  it('every preset predicts there what gatelab predict computes, on the backend the page registered', async () => {
    for (const c of cases) {
      const got = ran.predictions[c.slug]!;
      expect(got.backend, c.slug).toBe('cpu');
      expect(got.outputs, c.slug).toEqual(c.outputs);
      if (THROUGH_CLI.includes(c.slug)) expect(got.outputs, c.slug).toEqual(((await cliPredict(c.model, c.batch)) as { outputs: unknown[] }).outputs);
    }
    expect(Object.keys(ran.predictions)).toHaveLength(PRESETS.length);
  });

  it('in Node with only the wasm backend registered, picks it and predicts the same to float rounding', () => {
    expect(onWasm.backend).toBe('wasm');
    const want = (cases.find((c) => c.slug === onWasm.slug)!.outputs as number[][]).flat();
    onWasm.outputs.flat().forEach((v, i) => expect(Math.abs(v - want[i]!)).toBeLessThan(1e-5));
  });

  it('refuses a broken file, weights that overflow on held-out examples, inputs of the wrong shape and an unregistered backend, with codes', () => {
    expect(ran.overflow.problems[0]).toMatchObject({ code: 'BAD_WEIGHTS', message: expect.stringMatching(/on the model's own held-out examples the outputs of \w+ "\w+" overflow/) });
    expect(ran.broken.isModelError).toBe(true);
    expect(ran.broken.problems.map((p) => p.code)).toContain('NO_INPUT');
    expect(ran.badInput.problems).toEqual([expect.objectContaining({ code: 'BAD_INPUT', message: expect.stringMatching(/inputs\[0\] must be an array of 2/) })]);
    expect(ran.wasm.problems[0]).toMatchObject({ code: 'BACKEND', message: expect.stringMatching(/tfjs-backend-wasm/) });
  });

  it('types resolve through the package exports', () => {
    writeFileSync(join(project, 'page.ts'), TYPES);
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({ compilerOptions: { target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext', strict: true, noEmit: true, skipLibCheck: true, types: [] }, files: ['page.ts'] }));
    execFileSync(process.execPath, [join(repo, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', project], { cwd: project, encoding: 'utf8' });
  });
});
