/**
 * The plain path's cost per training example, side by side with a per-example
 * MLP written the way TensorFlow Playground's engine is (playground-reference.ts),
 * on Playground's spiral network (2 hidden tanh layers) at each batch size and
 * width; with the per-step fixed cost (the intercept of step time against batch
 * size) and the arithmetic rate reached, against what plain JavaScript reaches
 * on its fastest layer here (the practical limit of this machine for scalar JavaScript).
 * Both sides train with plain SGD at rate 0.03, as Playground's engine does, so the
 * ratio compares the same arithmetic; the plain path with Adam, which adds a square
 * root and a division per weight each step, is measured beside them.
 */
import { compile, createRng, denseOps, generateDataset, prepareData, train, type Graph } from '../../../engine';
import { playgroundSpiral } from './graphs';
import { buildNetwork, trainReference } from './playground-reference';
import { median } from './timing';

/**
 * ms of this process's CPU time that `f` takes: on a machine other work shares,
 * CPU time counts what the code costs, not how long it waited for a core.
 */
async function cpuMs(f: () => Promise<void> | void): Promise<number> {
  const t0 = process.cpuUsage();
  await f();
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / 1000;
}

export interface PerExample {
  /** µs per training example with SGD, keyed `b<batch>w<width>`. */
  plainUsPerExample: Record<string, number>;
  referenceUsPerExample: Record<string, number>;
  /** reference / plain. */
  ratio: Record<string, number>;
  /** µs per training example of the plain path with Adam, and reference / that. */
  plainAdamUsPerExample: Record<string, number>;
  adamRatio: Record<string, number>;
  /** µs a plain step costs beyond its examples, per width (`w<width>`). */
  plainFixedUsPerStep: Record<string, number>;
  /** Training FLOPs per example (3 × the forward pass) over the measured time, GFLOP/s. */
  plainGflops: Record<string, number>;
  /** GFLOP/s of the plain path's fastest code: a 16 → 16 dense layer over 4,096 rows. */
  jsLimitGflops: number;
}

const RATE = 0.03;

function spiralOf(width: number, batch: number, optimizer: 'sgd' | 'adam'): Graph {
  const g = playgroundSpiral();
  g.nodes.forEach((n) => { if (n.type === 'Dense' && n.id !== 'logits') n.params = { units: width }; });
  g.training = { ...g.training, batchSize: batch, optimizer: { name: optimizer, learningRate: RATE } };
  return g;
}

/** ms for `examples` training examples on the plain path (after a warm-up), and the model's forward FLOPs per example. */
async function plainRun(g: Graph, examples: number): Promise<{ ms: number; flops: number }> {
  const r = compile(g);
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('; '));
  const session = prepareData(r.value, generateDataset(g));
  const steps = Math.ceil(examples / g.training.batchSize);
  const run = async (n: number) => { for await (const e of train(r.value, session, { steps: n, evalEvery: 0, finalEval: false, statsEvery: 0, path: 'plain' })) void e; };
  await run(Math.ceil(steps / 2));
  const ms = await cpuMs(() => run(steps));
  session.dispose();
  r.value.model.dispose();
  return { ms: (ms * examples) / (steps * g.training.batchSize), flops: r.value.flopsPerExample };
}

function referenceRun(g: Graph, width: number, examples: number): Promise<number> {
  const data = generateDataset(g);
  const x = data.inputs['x']!.data as Float32Array, labels = data.target.data;
  const rng = createRng(g.training.seed);
  const net = buildNetwork([2, width, width, 1], () => rng.next());
  trainReference(net, x, labels, examples / 2, g.training.batchSize, RATE);
  return cpuMs(() => trainReference(net, x, labels, examples, g.training.batchSize, RATE));
}

/** The rate of the plain path's fastest code, a 16 → 16 layer written out for its sizes, over 4,096 rows. */
function jsLimit(): number {
  const D = 16, B = 4096;
  const x = Float32Array.from({ length: B * D }, (_, i) => ((i * 7919) % 13) / 13), k = new Float32Array(D * D).fill(0.01), b = new Float32Array(D), y = new Float32Array(B * D);
  const { forward } = denseOps(D, D, true);
  const times: number[] = [];
  for (let i = 0; i < 20; i++) { const t0 = performance.now(); forward(x, k, b, y, B, 0, 0); times.push(performance.now() - t0); }
  return (2 * B * D * D) / (median(times.slice(5)) * 1e6);
}

/** Every (batch, width) pair, `rounds` alternating rounds of `examples` examples each, medians. */
export async function perExample(batches: number[], widths: number[], examples: number, rounds: number): Promise<PerExample> {
  const out: PerExample = { plainUsPerExample: {}, referenceUsPerExample: {}, ratio: {}, plainAdamUsPerExample: {}, adamRatio: {}, plainFixedUsPerStep: {}, plainGflops: {}, jsLimitGflops: jsLimit() };
  // Every configuration once untimed first: the first runs also pay for compiling the code they use.
  for (const w of widths) for (const b of batches) { await plainRun(spiralOf(w, b, 'sgd'), examples); await plainRun(spiralOf(w, b, 'adam'), examples); await referenceRun(spiralOf(w, b, 'sgd'), w, examples); }
  const usPer = (ms: number) => (1000 * ms) / examples;
  for (const w of widths) {
    for (const b of batches) {
      const sgd = spiralOf(w, b, 'sgd'), adam = spiralOf(w, b, 'adam');
      const plain: number[] = [], withAdam: number[] = [], ref: number[] = [];
      let flops = 0;
      for (let r = 0; r < rounds; r++) {
        const p = await plainRun(sgd, examples);
        flops = p.flops;
        plain.push(usPer(p.ms));
        withAdam.push(usPer((await plainRun(adam, examples)).ms));
        ref.push(usPer(await referenceRun(sgd, w, examples)));
      }
      const key = `b${b}w${w}`;
      out.plainUsPerExample[key] = median(plain);
      out.referenceUsPerExample[key] = median(ref);
      out.ratio[key] = median(ref) / median(plain);
      out.plainAdamUsPerExample[key] = median(withAdam);
      out.adamRatio[key] = median(ref) / median(withAdam);
      out.plainGflops[key] = (3 * flops) / (median(plain) * 1e3);
    }
    // Step time t(B) = fixed + B · perExample, from the smallest and largest batch.
    const lo = Math.min(...batches), hi = Math.max(...batches);
    const tLo = lo * out.plainUsPerExample[`b${lo}w${w}`]!, tHi = hi * out.plainUsPerExample[`b${hi}w${w}`]!;
    out.plainFixedUsPerStep[`w${w}`] = tLo - (lo * (tHi - tLo)) / (hi - lo);
  }
  return out;
}
