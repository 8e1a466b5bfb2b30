/**
 * A checked model file → the files of a self-contained PyTorch package:
 *
 *   gatelab_model/nodes.py    the nn.Modules of the node types the graph uses (model-code.ts)
 *   gatelab_model/model.py    GraphModel: the graph wired as in the editor, plus the task loss
 *   gatelab_model/arrays.py   reads the .json + .bin arrays below (torch alone, no numpy)
 *   weights.*                 the trained weights; initial_weights.*: GateLab's seeded start
 *   data.*                    the exact dataset GateLab generated for the graph and seed, split 80/20
 *   config.json  graph.json   the training config and its schedule, input fields, metrics; the graph itself
 *   predict.py  eval.py  train.py  README.md
 *
 * Pure: returns the files; the CLI writes them.
 */
import type { Compiled } from '../../compile/compile';
import { compile } from '../../compile/compile';
import { generateDataset } from '../../data/generate';
import { INPUT_TYPE } from '../../nodes/io';
import type { Dataset, Field } from '../../data/dataset';
import type { Parsed } from '../../graph/parse';
import { createRng } from '../../random';
import { splitIndices } from '../../train/split';
import { storedScaling } from '../../data/own/build';
import { trainingSchedule } from '../../train/schedule';
import type { ModelFile, WeightMap } from '../model-format';
import { weightMismatches } from '../import';
import { littleEndianBytes } from '../weights';
import { unsupportedNodes } from './bindings';
import { locateError } from '../../graph/blocks/locate';
import { generateModelCode } from './model-code';
import { ARRAYS_PY, EVAL_PY, INIT_PY, PREDICT_PY, TRAIN_PY } from './python';

export interface PackageFile {
  /** Relative to the package directory, '/'-separated. */
  path: string;
  content: string | Uint8Array;
}

interface ArrayEntry {
  name: string;
  dtype: 'float32' | 'int32';
  shape: number[];
  data: Float32Array | Int32Array;
}

/** Arrays → a manifest (names, dtypes, shapes, byte offsets) and one little-endian blob, 8-byte aligned. */
export function packArrays(entries: readonly ArrayEntry[], note: string): { manifest: string; bin: Uint8Array } {
  let size = 0;
  const arrays: Record<string, { dtype: string; shape: number[]; offset: number }> = {};
  for (const e of entries) {
    arrays[e.name] = { dtype: e.dtype, shape: e.shape, offset: size };
    size += Math.ceil(e.data.byteLength / 8) * 8;
  }
  const bin = new Uint8Array(size);
  for (const e of entries) bin.set(littleEndianBytes(e.data), arrays[e.name]!.offset);
  return { manifest: `${JSON.stringify({ note, arrays }, null, 1)}\n`, bin };
}

function weightEntries(w: WeightMap): ArrayEntry[] {
  return [...w].map(([name, a]) => ({ name, dtype: 'float32', shape: a.shape, data: a.data }));
}

/** Rows `rows` of a field, as a new array. */
function take(f: Field, rows: Int32Array): { shape: number[]; data: Float32Array | Int32Array } {
  const per = f.shape.slice(1).reduce((a, b) => a * b, 1);
  const data = f.dtype === 'int32' ? new Int32Array(rows.length * per) : new Float32Array(rows.length * per);
  rows.forEach((r, i) => data.set(f.data.subarray(r * per, (r + 1) * per), i * per));
  return { shape: [rows.length, ...f.shape.slice(1)], data };
}

/** The dataset, split as the trainer splits it (same seed, same rows), as arrays. */
function dataEntries(data: Dataset, seed: number): ArrayEntry[] {
  const split = splitIndices(data, createRng(seed).fork('split'));
  const out: ArrayEntry[] = [];
  const n = data.target.shape[0]!;
  for (const [part, rows] of [['train', split.train], ['test', split.test]] as const) {
    for (const [k, f] of Object.entries(data.inputs)) out.push({ name: `${part}/input/${k}`, dtype: f.dtype, ...take(f, rows) });
    out.push({ name: `${part}/target`, dtype: data.target.dtype, ...take(data.target, rows) });
    if (data.mask) {
      const shape = data.mask.length === n ? [n] : [n, data.mask.length / n];
      out.push({ name: `${part}/mask`, dtype: 'float32', ...take({ data: data.mask, shape, dtype: 'float32' }, rows) });
    }
  }
  return out;
}

/** The whole package for a checked model file, or the reasons it cannot be exported. */
export async function torchPackage(file: ModelFile): Promise<Parsed<PackageFile[]>> {
  const c = compile(file.graph);
  if (!c.ok) return c;
  const compiled = c.value;
  try {
    const { flat, instances } = compiled.validation;
    const missing = unsupportedNodes(flat.nodes).map((e) => locateError(e, instances, file.graph.blocks));
    if (missing.length) return { ok: false, errors: missing };
    const mismatch = weightMismatches(compiled, file.weights);
    if (mismatch.length) return { ok: false, errors: mismatch };
    const initial = await compiled.model.readWeights();
    const graph = file.graph;
    const title = `${graph.name}: a GateLab ${file.gatelab} graph exported to PyTorch.`;
    const { nodesPy, modelPy } = await generateModelCode(compiled, title);
    const data = generateDataset(graph);
    const trained = packArrays(weightEntries(file.weights), `Trained weights of "${graph.name}", keyed nodeId/var as in GateLab.`);
    const init = packArrays(weightEntries(initial), `GateLab's seeded initial weights of "${graph.name}" (seed ${graph.training.seed}).`);
    const arrays = packArrays(dataEntries(data, graph.training.seed), `The dataset "${String(graph.training.dataset.name)}" as GateLab generates it for seed ${graph.training.seed} (your own data as stored in the graph, standardised), split as its trainer splits it.`);
    const fields: Record<string, { shape: number[]; dtype: string }> = {};
    for (const n of graph.nodes) {
      if (n.type !== INPUT_TYPE) continue;
      const f = String(compiled.validation.params.get(n.id)!.field);
      const info = compiled.model.dataset.fields[f];
      if (info) fields[f] = { shape: info.shape.map(Number), dtype: info.dtype };
    }
    const scaling = storedScaling(graph.training.dataset);
    const config = {
      name: graph.name,
      gatelab: file.gatelab,
      /** The graph's training config: what train.py follows (steps, optimizer, phases, seed). */
      training: graph.training,
      /** GateLab's schedule of that config (steps, phases, learning rate and warm-up), which train.py reads rather than works out again. */
      schedule: trainingSchedule(graph.training),
      /** Steps the exported weights were trained for in GateLab. */
      trainedSteps: file.training.steps,
      task: compiled.model.dataset.task,
      /** A table's standardisation of its features, which predict.py applies to raw inputs. */
      ...(scaling ? { scaling } : {}),
      classes: compiled.model.dataset.classes,
      fields,
      params: compiled.params,
      metrics: file.metrics,
      backend: file.backend,
    };
    const files: PackageFile[] = [
      { path: 'gatelab_model/__init__.py', content: INIT_PY },
      { path: 'gatelab_model/nodes.py', content: nodesPy },
      { path: 'gatelab_model/model.py', content: modelPy },
      { path: 'gatelab_model/arrays.py', content: ARRAYS_PY },
      { path: 'predict.py', content: PREDICT_PY },
      { path: 'eval.py', content: EVAL_PY },
      { path: 'train.py', content: TRAIN_PY },
      { path: 'config.json', content: `${JSON.stringify(config, null, 2)}\n` },
      { path: 'graph.json', content: `${JSON.stringify(graph, null, 2)}\n` },
      { path: 'weights.json', content: trained.manifest },
      { path: 'weights.bin', content: trained.bin },
      { path: 'initial_weights.json', content: init.manifest },
      { path: 'initial_weights.bin', content: init.bin },
      { path: 'data.json', content: arrays.manifest },
      { path: 'data.bin', content: arrays.bin },
      { path: 'README.md', content: readme(graph.name, file, compiled, [...new Set(compiled.validation.flat.nodes.map((n) => n.type))]) },
    ];
    return { ok: true, value: files };
  } finally {
    compiled.model.dispose();
  }
}

function readme(name: string, file: ModelFile, compiled: Compiled, types: string[]): string {
  const m = Object.entries(file.metrics).map(([k, v]) => `${k} ${Number(v.toPrecision(4))}`).join(', ');
  return `# ${name}

Exported from GateLab ${file.gatelab}: the graph as plain PyTorch (node types ${types.join(', ')}),
${compiled.params} trained parameters (${file.training.steps} steps on ${file.backend}; ${m || 'no metrics'}),
and the exact dataset GateLab generated for it (seed ${file.training.seed}). Needs torch alone (1.13 or later).

    python predict.py --input batch.json   # {"inputs": [...]} -> {"outputs": [...]}, as gatelab predict
    python eval.py                         # held-out loss and accuracy, as gatelab eval
    python train.py                        # trains from GateLab's initial weights on GateLab's schedule
    python train.py --steps 50             # only the schedule's first 50 steps
    torchrun --nproc_per_node 4 train.py   # the same with DistributedDataParallel (gloo on CPU, NCCL on GPU)

- \`gatelab_model/nodes.py\`: one \`nn.Module\` per node type; parameters keep GateLab's names and shapes
  (kernels are [in, out], applied as \`x @ kernel\`).
- \`gatelab_model/model.py\`: \`GraphModel\`, the graph wired as in the editor; \`task_loss\`; \`load_model()\`.
- \`weights.*\`, \`initial_weights.*\`, \`data.*\`: arrays as NAME.json (names, shapes, offsets) + NAME.bin (little-endian).
- \`graph.json\`: the GateLab graph; open it in the editor.
`;
}
