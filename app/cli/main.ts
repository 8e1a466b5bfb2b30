/**
 * gatelab: the engine from the command line.
 *   gatelab fuzz [--graphs N] [--train M] [--seed S] [--json]
                                            N generated graphs validated and compiled, M trained briefly,
                                            N damaged model, lesson files and links (npm run fuzz); exit 1 on
                                            any crash, hang, leak or NaN result

Exit codes: 0 ok, 1 invalid graph or failed training, 2 usage error or unreadable file.
 */
import { parseArgs } from 'node:util';
import { GateLabError, formatError } from '../../engine';
import { CliError, EXIT } from './io';
import { validateCommand } from './commands/validate';
import { trainCommand, type TrainArgs } from './commands/train';
import { compareCommand } from './commands/compare';
import { datasetsCommand, nodesCommand, presetsCommand } from './commands/catalog';
import { benchCommand } from './commands/bench';
import { evalCommand } from './commands/eval';
import { predictCommand } from './commands/predict';
import { exportCommand } from './commands/export';
import { fuzzCommand } from './commands/fuzz';
import { gradeCommand, lessonsCommand } from './commands/lessons';
import { ratesCommand } from './commands/rates';

const HELP = `gatelab: build, train and inspect gated networks from the command line

  gatelab validate FILE | --preset NAME [--data FILE]
                                            list every problem with its node or edge id
  gatelab train FILE | --preset NAME [--steps N] [--seed S] [--backend wasm|cpu]
                [--set NODE.PARAM=VALUE]... [--out model.json [--float16]] [--json]
                [--data FILE.csv [--target COLUMN[,COLUMN]] [--task classification|regression]
                 [--held-out FILE.csv] [--drop-bad-rows]]
                                            --data trains on your own data (a CSV or TSV table,
                                            a .txt text, a .json of token sequences); --held-out
                                            evaluates on a second file's rows instead of a seeded
                                            share; --drop-bad-rows leaves out (and lists) rows with
                                            problems instead of refusing the file; docs/own-data.md
  gatelab eval model.json [--data FILE.csv] [--json]
                                            held-out metrics of a trained model, recomputed, or its
                                            metrics on new rows of its table
  gatelab predict model.json --input FILE   FILE {"inputs": [...]} -> stdout {"outputs": [...]} (logits)
  gatelab export model.json --torch DIR     a PyTorch package: modules, weights, predict.py, train.py (DDP)
  gatelab export model.json --onnx FILE    an ONNX model (opset 17) for onnxruntime, the graph in its metadata
  gatelab compare FILE | --preset NAME [--steps N] [--seed S | --seeds 1-5|3,8,13] [--jobs N] [--json]
                                            train each of the preset's variants side by side; with
                                            --seeds on every seed (--jobs at once, default 2): mean,
                                            std, 95% interval, and on how many seeds the headline holds
                [--sweep [VARIANT:]NODE.PARAM=V1,V2,...]  one variant per value instead (a cost weight, a
                                            threshold), from VARIANT's settings if named; once per curve
                [--plot [METRIC=]FILE.svg]  accuracy (or METRIC) against FLOPs per example, a curve per
                                            sweep, means over seeds with error bars of one std
  gatelab rates --preset gaussian-moe [--sizes 125,250,...] [--seeds 101-105] [--steps N] [--plot FILE.svg] [--json]
                                            a Gaussian mixture of experts fitted at each sample size: its
                                            distance to the true parameters and the log-log slope per variant
  gatelab nodes [--json]                    the node types, documented
  gatelab presets                           the presets, one line each
  gatelab datasets                          the datasets and their settings
  gatelab lessons [--json]                  the course: lesson ids, titles and steps
  gatelab grade LESSON FILE... [--json]     grade students' submissions (or graph or model files) against
                                            the lesson's final checks, training where a check needs a run
  gatelab bench [SECTION] [--json] [--quick] performance benchmarks (npm run bench); SECTION runs one
                                            section alone: overhead (compiled step against the
                                            same model by hand in tfjs), canvas (nodes dragged while training,
                                            npm run bench:canvas), browser-backends (the editor's choice
                                            per preset), per-example (plain path against a Playground-style
                                            MLP), cold-start (first step and interactive page in Chromium)
                                            or webgpu (tfjs's webgpu backend in Node on a GPU, beside
                                            PyTorch packages of the same models: docs/gpu.md)

Exit codes: 0 ok, 1 invalid graph or failed training, 2 usage error or unreadable file.`;

const OPTIONS = {
  preset: { type: 'string' },
  steps: { type: 'string' },
  seed: { type: 'string' },
  seeds: { type: 'string' },
  sizes: { type: 'string' },
  jobs: { type: 'string' },
  sweep: { type: 'string', multiple: true },
  plot: { type: 'string', multiple: true },
  backend: { type: 'string' },
  out: { type: 'string' },
  float16: { type: 'boolean', default: false },
  input: { type: 'string' },
  data: { type: 'string' },
  target: { type: 'string' },
  task: { type: 'string' },
  'held-out': { type: 'string' },
  'drop-bad-rows': { type: 'boolean', default: false },
  torch: { type: 'string' },
  onnx: { type: 'string' },
  set: { type: 'string', multiple: true },
  json: { type: 'boolean', default: false },
  quick: { type: 'boolean', default: false },
  graphs: { type: 'string' },
  train: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    throw new CliError(EXIT.usage, [(e as Error).message, "Run 'gatelab help' for usage."]);
  }
  const { values: o, positionals } = parsed;
  const [command, file, ...extra] = positionals;
  if (o.help || !command || command === 'help') { console.log(HELP); return command || o.help ? EXIT.ok : EXIT.usage; }
  if (command === 'grade') return gradeCommand(positionals.slice(1), o.json);
  if (extra.length) throw new CliError(EXIT.usage, [`unexpected argument "${extra[0]}"`]);
  const args: TrainArgs = { json: o.json, set: o.set ?? [], float16: o.float16 };
  for (const k of ['preset', 'steps', 'seed', 'backend', 'out', 'data', 'target', 'task'] as const) if (o[k] !== undefined) args[k] = o[k];
  if (file !== undefined) args.file = file;
  if (o['held-out'] !== undefined) args.heldOut = o['held-out'];
  if (o['drop-bad-rows']) args.dropBadRows = true;
  switch (command) {
    case 'validate': return validateCommand(args);
    case 'train': return trainCommand(args);
    case 'compare': return compareCommand({ ...args, ...(o.seeds !== undefined ? { seeds: o.seeds } : {}), ...(o.jobs !== undefined ? { jobs: o.jobs } : {}), ...(o.sweep !== undefined ? { sweep: o.sweep } : {}), ...(o.plot !== undefined ? { plot: o.plot } : {}) });
    case 'rates': return ratesCommand({ json: o.json, ...(file !== undefined ? { file } : {}), ...(o.preset !== undefined ? { preset: o.preset } : {}), ...(o.sizes !== undefined ? { sizes: o.sizes } : {}), ...(o.seeds !== undefined ? { seeds: o.seeds } : {}), ...(o.steps !== undefined ? { steps: o.steps } : {}), ...(o.plot?.[0] !== undefined ? { plot: o.plot[0] } : {}), ...(o.backend !== undefined ? { backend: o.backend } : {}) });
    case 'nodes': return nodesCommand(o.json);
    case 'presets': return presetsCommand();
    case 'datasets': return datasetsCommand();
    case 'lessons': return lessonsCommand(o.json);
    case 'bench': return benchCommand(o.json, o.quick, file);
    case 'eval': return evalCommand(args);
    case 'predict': return predictCommand({ ...args, ...(o.input !== undefined ? { input: o.input } : {}) });
    case 'export': return exportCommand({ ...args, ...(o.torch !== undefined ? { torch: o.torch } : {}), ...(o.onnx !== undefined ? { onnx: o.onnx } : {}) });
    case 'fuzz': return fuzzCommand({ json: o.json, ...(o.graphs !== undefined ? { graphs: o.graphs } : {}), ...(o.train !== undefined ? { train: o.train } : {}), ...(o.seed !== undefined ? { seed: o.seed } : {}) });
    default: throw new CliError(EXIT.usage, [`unknown command "${command}"`, "Run 'gatelab help' for usage."]);
  }
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (e: unknown) => {
    if (e instanceof CliError) { for (const l of e.lines) console.error(l); process.exitCode = e.exitCode; return; }
    if (e instanceof GateLabError) { for (const x of e.errors) console.error(formatError(x)); process.exitCode = EXIT.invalid; return; }
    console.error(`gatelab: internal error: ${(e as Error)?.message ?? String(e)}`);
    process.exitCode = EXIT.invalid;
  },
);
