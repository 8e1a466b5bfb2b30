import type * as tfc from '@tensorflow/tfjs-core';
import type { ParamSchema, ParamValue, ParamValues } from './params';
import type { PortSpec, TensorInfo } from './ports';
import type { Rng } from '../random';
import type { TorchBinding } from './torch';
import type { PlainBinding } from './plain';
import type { OnnxBinding } from './onnx';

type Tensor = tfc.Tensor;

/** What shape inference knows about the run: the dataset's fields and sizes. */
export interface InferContext {
  nodeId: string;
  dataset: DatasetInfo;
}
export interface DatasetInfo {
  name: string;
  task: 'classification' | 'regression';
  classes: number;
  vocab?: number;
  seqLen?: number;
  /** Input fields by name, shape without the example axis. */
  fields: Record<string, TensorInfo>;
  targetShape: number[];
}

/** A failed inference: a sentence for the student, and the port it concerns. */
export interface InferFailure {
  error: string;
  port?: string;
}

export type Initializer =
  | { kind: 'zeros' }
  | { kind: 'ones' }
  | { kind: 'constant'; value: number }
  | { kind: 'normal'; std: number; mean?: number }
  | { kind: 'uniform'; limit: number }
  | { kind: 'glorot' }
  | { kind: 'he' };

/** Variable factory handed to `build`: names are prefixed with the node id. */
export interface VarMaker {
  make(name: string, shape: number[], init: Initializer): tfc.Variable;
  scalar(name: string, value: number): tfc.Variable;
}

export interface BuildContext<P extends ParamSchema, I extends string> {
  params: ParamValues<P>;
  inputs: Record<I, TensorInfo | undefined>;
  v: VarMaker;
  dataset: DatasetInfo;
}

/** Records declared statistics; a no-op unless a probe pass is running. */
export interface Probe {
  readonly enabled: boolean;
  record(stat: string, value: Tensor): void;
}

export interface ApplyContext<P extends ParamSchema> {
  nodeId: string;
  params: ParamValues<P>;
  training: boolean;
  step: number;
  rng: Rng;
  probe: Probe;
  /** Adds a declared auxiliary loss (already weighted by the node). */
  addLoss(name: string, value: Tensor): void;
  /** Evaluation-time overrides keyed `nodeId.name` (clamp a gate, switch off an expert). */
  interventions?: Record<string, number>;
  /** Index of the training phase in progress (`training.phases`), in training, evaluation and probe passes alike; undefined before training or without phases. */
  phase?: number;
  /**
   * The batch's labels, shaped like the dataset's target, while the loss is
   * computed (training steps); undefined in evaluation and probe passes. Only
   * for a node's own auxiliary loss (an expert's cross-entropy): never let it
   * reach a prediction.
   */
  target?: Tensor;
  /** The loss mask that comes with `target`, where the dataset has one. */
  targetMask?: Tensor;
  /**
   * The probe batch's labels during a statistics pass (undefined otherwise),
   * for statistics that need them, such as the accuracy of each exit. Never
   * for a loss or a prediction.
   */
  labels?: Tensor;
}

export type StatKind =
  | 'scalar'     // a learned scalar or a mean: plotted over steps
  | 'gate'       // gate values in [0, 1] (or a declared range): mean, histogram, near 0/1, per position
  | 'attention'  // attention probabilities [B, H, Tq, Tk]: maps and first-token mass
  | 'routing'    // router probabilities [N, E] and the dispatch mask [N, E]
  | 'rate'       // a 0/1 decision per token or example: skip, exit
  | 'compute';   // share in [0, 1] of this node's dense FLOPs actually spent (routing, skipping, exits)

export interface StatSpec {
  kind: StatKind;
  /** What a student reads beside the figure: 'Output gate', 'Residual weight α'. */
  label: string;
  /** One sentence: what the figure is and how to read it (the glossary's explanation). */
  doc: string;
  /** The values' range where it is not [0, 1] (gates with an expanded range, tanh gates). */
  range?: [number, number];
  /**
   * For a 'scalar' stat recorded as a vector (one value per layer, head, ...):
   * besides the mean under the stat's name, each entry is reported as
   * `${name}Per${perItem}` (e.g. 'Layer' gives alphaPerLayer). For 'rate' and
   * 'gate' stats the recorded tensor's first axis is the item: `skipRatePerLayer`,
   * `gateMeanPerLayer`.
   */
  perItem?: string;
  /**
   * For 'compute': input ports whose branch (the nodes that feed only these
   * ports) the share applies to, instead of the node's own FLOPs, which then
   * count in full. A residual gate that skips tokens makes its branch free.
   */
  covers?: string[];
}

/**
 * An evaluation-time override a node reads as `ctx.interventions[`${nodeId}.${name}`]`
 * (clamp a gate, switch off an expert). Data only: the Intervene view draws a
 * slider from it.
 */
export interface InterventionSpec {
  /** Completes "<node id> …": 'clamp every gate to'. */
  label: string;
  min: number;
  max: number;
  step: number;
  /** The slider's value when the override is switched on. */
  initial: number;
  doc: string;
}

/**
 * The params that switch a node's gate off, keeping everything else: run B of
 * the A/B pair and the Sink lab's comparison train this beside the graph as built.
 */
export interface Ablation {
  /** Names run B: 'attention gate off'. */
  label: string;
  params: Record<string, ParamValue>;
}

export interface NodeDef<P extends ParamSchema = ParamSchema, I extends string = string, O extends string = string> {
  /** Stable key written in graph files. Never derived from a function name. */
  type: string;
  label: string;
  /** A path: 'layers', 'gates/residual', 'routers/topk'. */
  category: string;
  version: number;
  doc: string;
  cite?: string;
  inputs: Record<I, PortSpec>;
  outputs: Record<O, PortSpec>;
  params: P;
  /** Params shown on the canvas card. */
  keyParams?: (keyof P & string)[];
  /** Shapes only, no tensors. */
  infer(inputs: Record<I, TensorInfo | undefined>, params: ParamValues<P>, ctx: InferContext): Record<O, TensorInfo> | InferFailure;
  /** Creates the node's variables from its input shapes. */
  build?(ctx: BuildContext<P, I>): Record<string, tfc.Variable>;
  /** The forward math; runs inside tidy. */
  apply(inputs: Record<I, Tensor>, vars: Record<string, tfc.Variable>, ctx: ApplyContext<P>): Record<O, Tensor>;
  /** Its PyTorch module, for `gatelab export --torch`; a type without one is on NOT_EXPORTED (engine/nodes/index.ts). */
  torch?: TorchBinding<P, I, O>;
  /** Its plain-JavaScript kernel with gradient, for the plain training path of small 2-D graphs (engine/train/plain). */
  plain?: PlainBinding<P, I, O>;
  /** Its ONNX operators, for `gatelab export --onnx`, or why it has none (engine/registry/onnx.ts). */
  onnx?: OnnxBinding<P, I, O>;
  /** Forward FLOPs per example (multiply and add counted as 2). */
  flops?(inputs: Record<I, TensorInfo | undefined>, params: ParamValues<P>, outputs: Record<O, TensorInfo | undefined>): number;
  stats?: Record<string, StatSpec>;
  /**
   * The statistic drawn on the node's card (a name in `stats`); by default the
   * first gate, else rate, routing, attention or compute statistic it declares.
   */
  headline?: string;
  /** How to switch this node's gate off for a comparison run (A/B, Sink lab). */
  ablation?: Ablation;
  /** Whether, with these params, every output lies in [0, 1] (a sigmoid): feeding a port whose role is `gate`, it is a gate made of parts and watched as one. */
  unitOutput?(params: ParamValues<P>): boolean;
  auxLosses?: Record<string, string>;
  /** Overrides `apply` reads at evaluation time, by name; declared, not discovered. */
  interventions?: Record<string, InterventionSpec>;
  /** `migrate[v]` turns params written for version v of this type into version v + 1 (one step for each v below `version`). */
  migrate?: Record<number, (params: Record<string, unknown>) => Record<string, unknown>>;
}

/** Declares a node type; the generics check build/apply against the schema. */
export function defineNode<const P extends ParamSchema, const I extends string, const O extends string>(def: NodeDef<P, I, O>): NodeDef {
  return def as unknown as NodeDef;
}

export function isFailure(r: unknown): r is InferFailure {
  return typeof r === 'object' && r !== null && 'error' in r;
}
