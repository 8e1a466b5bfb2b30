/**
 * The exported train.py under DistributedDataParallel: two processes with the
 * gloo backend on CPU, started as torchrun would start them (MASTER_ADDR,
 * MASTER_PORT, RANK, WORLD_SIZE, LOCAL_RANK), train an exported preset a few
 * steps. Both end with the same weights (equal checksums), the loss falls,
 * and the losses are GateLab's own: train.py starts from GateLab's seeded
 * weights and draws GateLab's batches, and DDP splits each global batch
 * between the processes, so two processes retrace GateLab's training run.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
// tfjs-core first, as a side effect: vitest can load it twice, and the engine must share the copy the backends register with.
import '@tensorflow/tfjs-core';
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { getPreset } from '../../../engine';
import { parseModel, modelToText } from '../../../engine/serialize';
import { torchPackage } from '../../../engine/serialize/torch';
import { useBackend } from '../../helpers/backend';
import { trainBriefly } from './helpers';

const PYTHON = '/usr/bin/python3';
const hasTorch = spawnSync(PYTHON, ['-c', 'import torch.distributed as d; assert d.is_available()'], { encoding: 'utf8' }).status === 0;
const PRESET = 'spiral-gated-mlp';
const STEPS = 40;

interface Result { rank: number; worldSize: number; steps: number; firstLoss: number; loss: number; checksum: string }

const root = mkdtempSync(join(tmpdir(), 'gatelab-ddp-'));
let gatelab: number[] = [];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

function run(env: Record<string, string>): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const p = spawn(PYTHON, [join(root, 'train.py'), '--steps', String(STEPS), '--device', 'cpu'], { env: { ...process.env, OMP_NUM_THREADS: '1', ...env } });
    let out = '', err = '';
    p.stdout.on('data', (d) => { out += d; });
    p.stderr.on('data', (d) => { err += d; });
    const timer = setTimeout(() => p.kill('SIGKILL'), 240_000);
    p.on('close', (code) => { clearTimeout(timer); resolve({ code, out, err }); });
  });
}

const lastJson = (out: string): Result => JSON.parse(out.trim().split('\n').pop()!);

describe.skipIf(!hasTorch)(`train.py with DistributedDataParallel, 2 processes, gloo on CPU (${PRESET})`, () => {
  beforeAll(async () => {
    await useBackend('wasm');
    const graph = getPreset(PRESET)!.graph;
    const run = await trainBriefly(graph, STEPS); // GateLab's own run, for the losses
    gatelab = run.losses;
    run.batch.dispose();
    run.compiled.model.dispose();
    const { compiled, file, batch } = await trainBriefly(graph, 1);
    batch.dispose();
    compiled.model.dispose();
    const parsed = parseModel(modelToText(file));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const pkg = await torchPackage(parsed.value);
    if (!pkg.ok) throw new Error(JSON.stringify(pkg.errors));
    for (const f of pkg.value) {
      mkdirSync(dirname(join(root, f.path)), { recursive: true });
      writeFileSync(join(root, f.path), f.content);
    }
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('both processes end with the same weights, the loss falls, and the losses are GateLab’s', async () => {
    const port = String(await freePort());
    const launcher = (rank: number) => ({ MASTER_ADDR: '127.0.0.1', MASTER_PORT: port, RANK: String(rank), WORLD_SIZE: '2', LOCAL_RANK: String(rank) });
    const [a, b] = await Promise.all([run(launcher(0)), run(launcher(1))]);
    if (a.code !== 0 || b.code !== 0) throw new Error(`train.py failed: ${a.err.slice(-2000)}\n${b.err.slice(-2000)}`);
    const [r0, r1] = [lastJson(a.out), lastJson(b.out)].sort((x, y) => x.rank - y.rank) as [Result, Result];
    console.log(`DDP ${PRESET}: ${JSON.stringify(r0)} / ${JSON.stringify(r1)}`);
    expect([r0.rank, r1.rank]).toEqual([0, 1]);
    expect(r0.worldSize).toBe(2);
    expect(r0.steps).toBe(STEPS);
    expect(r0.checksum).toMatch(/^[0-9a-f]{16}$/);
    expect(r1.checksum).toBe(r0.checksum);
    expect(r0.loss).toBeLessThan(r0.firstLoss * 0.95);
    expect(r1.loss).toBe(r0.loss);
    expect(Math.abs(r0.firstLoss - gatelab[0]!)).toBeLessThan(1e-5);
    const tail = gatelab.slice(-Math.max(1, Math.round(STEPS / 10)));
    const gatelabLoss = tail.reduce((a, b) => a + b, 0) / tail.length;
    console.log(`GateLab ${PRESET}: firstLoss ${gatelab[0]}, loss ${gatelabLoss}`);
    expect(Math.abs(r0.loss - gatelabLoss)).toBeLessThan(1e-3);
  });
});
