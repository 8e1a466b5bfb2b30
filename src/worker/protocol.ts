/**
 * Messages between the page and the training worker: discriminated unions,
 * plain data only (structured clone), large arrays transferred.
 */
import type { BackendName, Graph, GraphError, ModelFile, RunFigures, RunSummary, Summaries } from '../../engine';
import type { ExampleTrace, ExitTable, Misclassified } from '../../engine';

export type BackendRequest = BackendName | 'auto';

/** The order tried when the choice is automatic. */
export const BACKEND_ORDER: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

export type ToWorker =
  /** Picks (or re-picks) the backend; answered by `backend` or `backendFailed`. */
  | { type: 'init'; backend: BackendRequest }
  /** Compiles and starts a run; `paused` starts it waiting (for Step); `continueFrom` starts from that run's weights and step (a loaded model's). */
  | { type: 'start'; runId: number; graph: Graph; paused: boolean; options?: RunOptions; continueFrom?: number }
  | { type: 'pause' }
  | { type: 'resume' }
  /** One training step, then pause again. */
  | { type: 'step' }
  /** Ends the run and frees its tensors. */
  | { type: 'stop' }
  /** Evaluates the run's current weights with overrides (`nodeId.name`: value) and without; answered by `intervened`. */
  | { type: 'intervene'; runId: number; interventions: Record<string, number> }
  /** For the exit explorer: every held-out example's confidence and correctness at each exit of `nodeId`; answered by `exitTable`. */
  | { type: 'exitTable'; runId: number; nodeId: string; exits: number }
  /** One held-out example's route through the current weights; answered by `trace`. */
  | { type: 'trace'; runId: number; pick: TracePick }
  /** The held-out examples (or tokens) the current weights get wrong; answered by `misclassified`. */
  | { type: 'misclassified'; runId: number }
  /** The run's weights as a `gatelab/model` file, with a fresh held-out evaluation; answered by `modelFile`. */
  | { type: 'exportModel'; req: number; runId: number; float16: boolean }
  /** Compiles a model file's graph, loads its weights and evaluates them once; they become run `runId`'s. Answered by `modelLoaded`. */
  | { type: 'loadModel'; req: number; runId: number; model: ModelFile }
  /** The page's heartbeat (src/worker/heartbeat.ts); answered by `pong` as soon as the worker reads it. */
  | { type: 'ping' }
  /** A whole run, headless, for a comparison over seeds (seed-pair.ts); answered by `seedDone` or `seedFailed`. */
  | { type: 'seedRun'; job: number; graph: Graph };

/** Which example to trace: a held-out index (and token position, for sequences), or the held-out example nearest a point of the plane. */
export type TracePick = { index: number; position?: number } | { point: [number, number] };

/** How often the worker measures, when a view wants other rates than the defaults. */
export interface RunOptions {
  /** Statistics probe every N steps (default: about 100 probes a run, at least every 10 steps). */
  statsEvery?: number;
  /** Held-out evaluation every N steps (default: about 60 a run). */
  evalEvery?: number;
  /** Examples in the statistics probe batch (default 64). */
  probeSize?: number;
}

export interface BackendInfo {
  name: BackendName;
  reason: string;
  failed: { name: BackendName; error: string }[];
  requested: BackendRequest;
}

/** Step events batched between two posts (columns, not objects: cheap to clone). */
export interface StepColumns {
  step: number[];
  loss: number[];
  /** NaN where the task has no accuracy. */
  accuracy: number[];
  ms: number[];
  /** Auxiliary losses by `nodeId/name`, one value per step (present once a step reported any). */
  aux?: Record<string, number[]>;
}

export interface EvalPoint {
  step: number;
  loss: number;
  accuracy?: number;
  /** A regression's held-out figures from its dataset (`r2`, `mae`). */
  metrics?: Record<string, number>;
}

/** Class probabilities on a res × res grid over `extent` (2-D datasets). */
export interface BoundaryGrid {
  step: number;
  res: number;
  classes: number;
  /** [x0, x1, y0, y1] */
  extent: [number, number, number, number];
  /** res * res * classes, row-major from the top row (y1) down. */
  probs: Float32Array;
  /** Router territories and gate values over the same grid (telemetry). */
  territory?: TerritoryMap[];
  /** Input fields other than x, borrowed from the example nearest each grid point. */
  borrowed?: string[];
}

/**
 * A regression's prediction over its inputs' range (one or two features): for one
 * feature `values` is the fitted curve at `res` x values evenly across [x0, x1]; for
 * two it is a res × res grid over `extent`, row-major from the top row down.
 */
export interface RegressionFit {
  step: number;
  features: 1 | 2;
  res: number;
  /** [x0, x1, y0, y1]; y0 and y1 are 0 for one feature. */
  extent: [number, number, number, number];
  values: Float32Array;
  /** Some examples to draw under the fit: each point's features, then its target. */
  points: Float32Array;
}

/** One router's or gate's view of the plane: res * res cells in the grid's order. */
export interface TerritoryMap {
  nodeId: string;
  stat: string;
  /** experts: `winner` holds the winning expert (255: none) and `values` its weight; gate: `values` the gate's mean. */
  kind: 'experts' | 'gate';
  experts: number;
  winner?: Uint8Array;
  values: Float32Array;
}

export interface RunInfo {
  total: number;
  params: number;
  flopsPerExample: number;
  datasetKind: string;
  classification: boolean;
  /** A regression whose dataset reports held-out R² and mean absolute error (a mixture density, say, reports neither). */
  fitFigures: boolean;
}

export type FailReason = 'invalid' | 'nan' | 'backend' | 'crash';

export function failedMessage(runId: number, reason: FailReason, message: string, errors: GraphError[] = [], step?: number): FromWorker {
  return { type: 'failed', runId, reason, message, errors, ...(step !== undefined ? { step } : {}) };
}

export type FromWorker =
  | { type: 'backend'; info: BackendInfo }
  | { type: 'backendFailed'; message: string }
  | { type: 'started'; runId: number; info: RunInfo }
  /** At most ~20 a second: everything since the last tick. */
  | { type: 'tick'; runId: number; steps: StepColumns; evals: EvalPoint[]; boundary?: BoundaryGrid; fit?: RegressionFit; stats?: { step: number; stats: Summaries } }
  | { type: 'state'; runId: number; state: 'running' | 'paused' | 'done' | 'stopped' }
  | { type: 'failed'; runId: number; reason: FailReason; message: string; errors: GraphError[]; step?: number }
  /** The backend failed mid-run and the run goes on elsewhere from the weights of `step` (later steps are trained again); `message` says so. */
  | { type: 'resumed'; runId: number; step: number; message: string }
  | { type: 'intervened'; runId: number; result: InterventionResult }
  | { type: 'exitTable'; runId: number; step: number; table?: ExitTable; error?: string }
  | { type: 'trace'; runId: number; step: number; trace?: ExampleTrace; labels?: string[]; error?: string }
  | { type: 'misclassified'; runId: number; step: number; list?: Misclassified[]; heldOut: number; labels?: string[]; error?: string }
  | { type: 'modelFile'; req: number; runId: number; result: { ok: true; text: string } | { ok: false; error: string } }
  | { type: 'modelLoaded'; req: number; runId: number; result: LoadedModel | { ok: false; message: string; errors: GraphError[] } }
  | { type: 'pong' }
  /** The answer to `seedRun`: the run's figures as `gatelab train --json` gives them, and its curves. */
  | { type: 'seedDone'; job: number; figures: RunFigures; history: RunSummary['history'] }
  | { type: 'seedFailed'; job: number; message: string };

/** A reply to `seedRun`. */
export type SeedReply = Extract<FromWorker, { type: 'seedDone' | 'seedFailed' }>;

/** A model file's weights, loaded and evaluated on the held-out split. */
export interface LoadedModel {
  ok: true;
  info: RunInfo;
  /** One held-out evaluation at the file's step. */
  heldOut: EvalPoint;
  boundary?: BoundaryGrid;
  fit?: RegressionFit;
}

/** The effect of interventions on the held-out set, and the probe statistics with them on. */
export interface InterventionResult {
  interventions: Record<string, number>;
  /** The run's step whose weights were used. */
  step: number;
  base?: { loss: number; accuracy?: number };
  with?: { loss: number; accuracy?: number };
  stats?: Summaries;
  /** Why there is no result (no trained weights for this run, a failure). */
  error?: string;
}

/**
 * Milliseconds between two ticks: 100 ms is 10 messages a second at most (the budget is
 * about 20). Every tick re-renders the read-outs and redraws the charts, so fewer, fuller
 * ticks keep the page's main thread free for the canvas.
 */
export const TICK_MS = 100;
