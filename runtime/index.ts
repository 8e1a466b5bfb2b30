/**
 * gatelab/runtime: a trained GateLab model in a web page (or in Node).
 *
 *   import '@tensorflow/tfjs-backend-cpu';          // or wasm, webgl, webgpu: the page picks
 *   import { loadModel } from 'gatelab/runtime';
 *   const model = await loadModel(await (await fetch('model.json')).text());
 *   const { outputs } = await model.predict([[0.1, 0.2], [-0.5, 0.3]]);
 *
 * The model file is checked as strictly as `gatelab predict` checks it (its
 * weights tried on the model's own held-out examples included), and
 * predictions are those of `gatelab predict` (the same code). Only the
 * engine's graph, node, dataset and model-file code comes along: no editor,
 * no training. tfjs-core is a peer dependency.
 */
import * as tf from '@tensorflow/tfjs-core';
import { GateLabError } from '../engine/errors';
import type { Compiled } from '../engine/compile/compile';
import { parseModel, parseModelValue, loadModel as compileModel } from '../engine/serialize/import';
import { inputFields, predictBatch } from '../engine/serialize/predict';
import { heldOutOverflow } from '../engine/serialize/held-out';

/** A problem with a model file or with inputs: `code` from GateLab's table, located where it can be. */
export interface ModelProblem {
  code: string;
  message: string;
  nodeId?: string;
  edgeId?: string;
  port?: string;
  /** JSON path of the offending field (`graph.nodes[2].params.units`, `inputs[0][1]`). */
  path?: string;
}

/** Thrown by `loadModel` and `predict`: every problem found, each with its code. */
export class ModelError extends Error {
  readonly problems: ModelProblem[];
  constructor(problems: ModelProblem[]) {
    super(problems.map((p) => `${p.code}: ${p.message}`).join('\n'));
    this.name = 'ModelError';
    this.problems = problems;
  }
}

export interface LoadOptions {
  /**
   * A registered tfjs backend to run on ('cpu', 'wasm', 'webgl', 'webgpu').
   * Without it the runtime takes the backend tfjs has set, or else the best
   * one registered (tfjs's own order: webgpu, webgl, wasm, cpu).
   */
  backend?: string;
}

export interface GateLabModel {
  /** The graph's name, as the editor shows it. */
  readonly name: string;
  /** The dataset fields the model reads (usually just `x`). */
  readonly fields: readonly string[];
  /** Each field's shape per example, without the batch axis: `{ x: [2] }`. */
  readonly inputShapes: Readonly<Record<string, readonly number[]>>;
  /** The backend the model runs on. */
  readonly backend: string;
  /**
   * A batch of examples as nested arrays (or `{ x: [...], ... }` for a model
   * reading several fields) → `{ outputs }`, what reaches the Output node
   * (the logits), one entry per example. Rejects with a ModelError when the
   * inputs do not fit.
   */
  predict(inputs: unknown): Promise<{ outputs: unknown[] }>;
  /** Frees the model's weights; the model cannot predict afterwards. */
  dispose(): void;
}

async function startBackend(requested: string | undefined): Promise<string> {
  if (requested !== undefined) {
    if (!tf.findBackendFactory(requested)) throw new ModelError([{ code: 'BACKEND', message: `the tfjs backend "${requested}" is not registered: import '@tensorflow/tfjs-backend-${requested}' before loading the model` }]);
    if (!(await tf.setBackend(requested))) throw new ModelError([{ code: 'BACKEND', message: `the tfjs backend "${requested}" did not start` }]);
  }
  try {
    await tf.ready();
  } catch (e) {
    throw new ModelError([{ code: 'BACKEND', message: `no tfjs backend could start (${(e as Error).message.slice(0, 200)}); import one first, e.g. import '@tensorflow/tfjs-backend-cpu'` }]);
  }
  return tf.getBackend();
}

class LoadedModel implements GateLabModel {
  readonly name: string;
  readonly fields: readonly string[];
  readonly inputShapes: Readonly<Record<string, readonly number[]>>;
  constructor(private readonly compiled: Compiled, readonly backend: string) {
    this.name = compiled.model.graph.name;
    this.fields = inputFields(compiled);
    this.inputShapes = Object.fromEntries(this.fields.map((f) => [f, compiled.model.dataset.fields[f]!.shape.map(Number)]));
  }

  async predict(inputs: unknown): Promise<{ outputs: unknown[] }> {
    try {
      const r = await predictBatch(this.compiled, inputs);
      if (r.ok) return r.value;
      throw new ModelError(r.errors);
    } catch (e) {
      // A node that fails while it runs (validation should have caught it) names itself.
      throw e instanceof GateLabError ? new ModelError(e.errors) : e;
    }
  }

  dispose(): void {
    this.compiled.model.dispose();
  }
}

/**
 * A `gatelab/model` file, as its JSON text or the parsed object → a model
 * ready to predict. Rejects with a ModelError listing every problem with the
 * file (format, graph, weights), located as the editor locates them.
 */
export async function loadModel(file: string | object, options: LoadOptions = {}): Promise<GateLabModel> {
  const backend = await startBackend(options.backend);
  const parsed = typeof file === 'string' ? parseModel(file) : parseModelValue(file);
  if (!parsed.ok) throw new ModelError(parsed.errors);
  const compiled = compileModel(parsed.value);
  if (!compiled.ok) throw new ModelError(compiled.errors);
  // As gatelab predict does: weights that overflow on the model's own held-out examples are refused here, naming the node.
  const overflow = await heldOutOverflow(compiled.value);
  if (overflow.length) {
    compiled.value.model.dispose();
    throw new ModelError(overflow);
  }
  return new LoadedModel(compiled.value, backend);
}
