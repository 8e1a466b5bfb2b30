/**
 * A compiled graph: named variables, a forward pass that can also collect
 * statistics, and the loss (task loss plus the nodes' auxiliary losses).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Graph } from '../graph/format';
import { ancestorsOf } from '../graph/topo';
import type { Validation } from '../graph/validate';
import type { ApplyContext, DatasetInfo, Initializer, NodeDef, Probe } from '../registry/defineNode';
import type { ParamValue } from '../registry/params';
import { createRng, type Rng } from '../random';
import { makeVariable } from './init';
import { sumOf } from './ops';
import { GateLabError, graphError, nodeFailure } from '../errors';

/** Weights one model may hold: 10 M float32 is 40 MB, already far beyond a toy. */
export const MAX_PARAMS = 10_000_000;
import { OUTPUT_TYPE, outputLoss } from '../nodes/io';
import { weightOwner } from '../graph/blocks/expand';
import { formatShape } from '../registry/ports';
import { ACTIVATION_STAT } from '../stats/activations';

export interface ProbeRecord {
  nodeId: string;
  stat: string;
  value: tf.Tensor;
}

export interface AuxLoss {
  nodeId: string;
  name: string;
  value: tf.Tensor;
}

export interface ForwardResult {
  /** What reaches the Output node: logits or regression predictions. */
  pred: tf.Tensor;
  aux: AuxLoss[];
}

export interface ForwardOptions {
  training: boolean;
  step?: number;
  /** When given, nodes record their declared statistics into it (kept tensors: dispose them). */
  records?: ProbeRecord[];
  /** Evaluation-time overrides: clamp a gate, switch off an expert. Keyed `nodeId.name`. */
  interventions?: Record<string, number>;
  /** The batch's labels (and loss mask), handed to nodes for their own auxiliary losses. */
  target?: tf.Tensor;
  targetMask?: tf.Tensor;
  /** The probe batch's labels, for statistics that need them (ctx.labels). */
  labels?: tf.Tensor;
}

interface CompiledNode {
  id: string;
  def: NodeDef;
  params: Record<string, ParamValue>;
  vars: Record<string, tf.Variable>;
  /** For each input port: [source node id, source port]. */
  from: Record<string, [string, string]>;
}

export class Model {
  private readonly vars = new Map<string, tf.Variable>();
  /** The node (its id in the graph as it runs) that made each variable. */
  private readonly owners = new Map<string, string>();
  /** Writes newer weights held outside tfjs (a plain-JavaScript run's) into the variables; run before anything reads them. */
  private pendingWrite: (() => void) | undefined;
  private readonly steps: CompiledNode[] = [];
  private readonly outputNode: CompiledNode;
  private disposed = false;
  private readonly feedsLoss: Set<string>;
  private paramCount = 0;
  /** Index of the training phase in progress, set by the trainer (undefined before training); nodes read it as ctx.phase. */
  phase: number | undefined = undefined;

  /**
   * `graph` is the graph as it runs, its block instances inlined
   * (`validation.flat`); `document` the graph as written, blocks and all,
   * which model files keep.
   */
  constructor(
    readonly graph: Graph,
    readonly validation: Validation,
    readonly dataset: DatasetInfo,
    defs: Map<string, NodeDef>,
    readonly document: Graph = graph,
  ) {
    const rng = createRng(graph.training.seed);
    const incoming = new Map<string, Graph['edges']>();
    for (const e of graph.edges) incoming.set(e.target, [...(incoming.get(e.target) ?? []), e]);
    let output: CompiledNode | undefined;
    for (const id of validation.order) {
      const def = defs.get(id)!;
      const params = validation.params.get(id)!;
      const from: CompiledNode['from'] = Object.create(null);
      for (const e of incoming.get(id) ?? []) from[e.targetHandle] = [e.source, e.sourceHandle];
      const vars: Record<string, tf.Variable> = Object.create(null);
      if (def.build) {
        const maker = {
          make: (name: string, shape: number[], init: Initializer) => this.addVar(id, name, shape, init, rng),
          scalar: (name: string, value: number) => this.addVar(id, name, [], { kind: 'constant', value }, rng),
        };
        try {
          Object.assign(vars, def.build({ params: params as never, inputs: validation.shapes.get(id)!.inputs as never, v: maker, dataset }));
        } catch (e) {
          this.dispose(); // variables made so far
          throw nodeFailure(e, def.type, id, 'while its weights were made');
        }
      }
      const node: CompiledNode = { id, def, params, vars, from };
      if (def.type === 'Output') output = node;
      this.steps.push(node);
    }
    this.outputNode = output!;
    // a shared weight feeds the loss if any node using it does
    this.feedsLoss = new Set([...ancestorsOfLoss(graph, this.steps)].map((id) => weightOwner(id, validation.ties)));
  }

  /** Adds node `owner`'s variable `v`, named `owner/v` (a variable's own name may hold a '/', `l0/wq`; a node inside a block instance has one in its id, `glu1/s`). */
  private addVar(node: string, v: string, shape: number[], init: Initializer, rng: Rng): tf.Variable {
    // a node inside a tied block instance uses its twin's weights, made by whichever of the two comes first
    const owner = weightOwner(node, this.validation.ties);
    const name = `${owner}/${v}`;
    const made = this.vars.get(name);
    if (made) {
      if (made.shape.length === shape.length && made.shape.every((d, i) => d === shape[i])) return made;
      throw new GateLabError([graphError('SHAPE_MISMATCH', `"${node}" shares the weights of "${owner}" (its block is tied), but its weight "${v}" would have the shape ${formatShape(shape)} where "${owner}" has ${formatShape(made.shape)}: give the tied instances the same widths`, { nodeId: node })]);
    }
    const size = shape.reduce((a, b) => a * b, 1);
    this.paramCount += size;
    if (this.paramCount > MAX_PARAMS) {
      throw new GateLabError([graphError('MODEL_TOO_LARGE', `the model would have more than ${MAX_PARAMS.toLocaleString('en')} weights (node "${owner}" alone asks for ${size.toLocaleString('en')}); a browser lab keeps models small: lower the widths, depths or expert counts`, { nodeId: owner })]);
    }
    // Each variable draws from a stream named after it: editing one node leaves the others' initial values alone.
    const variable = makeVariable(name, shape, init, rng.fork(name));
    this.vars.set(name, variable);
    this.owners.set(name, owner);
    return variable;
  }

  /** Every variable by name, up to date: newer weights held outside tfjs are written first. */
  get variables(): Map<string, tf.Variable> {
    this.flushWeights();
    return this.vars;
  }

  /**
   * Marks the variables out of date: `write` brings them up to date, once, just
   * before anything next reads them (a forward pass, `variables`, readWeights), so
   * a plain-JavaScript run copies its weights only when they are read, never per step.
   */
  deferWrite(write: () => void): void {
    this.pendingWrite = write;
  }

  private flushWeights(): void {
    const write = this.pendingWrite;
    this.pendingWrite = undefined;
    write?.();
  }

  /** The node that made variable `name` (`glu1/s` for `glu1/s/kernel`), undefined for a name it does not have. */
  ownerOf(name: string): string | undefined {
    return this.owners.get(name);
  }

  nodeDef(id: string): NodeDef | undefined {
    return this.steps.find((n) => n.id === id)?.def;
  }

  /**
   * Variables that train: those of `only` (all when omitted), minus those of
   * `frozen`, and only of nodes on a path to the loss (the Output, or a node
   * that adds an auxiliary loss): a dead branch left on the canvas has no gradient.
   * Naming a block instance names every node inside it; `node/weight` names one weight.
   */
  trainableVariables(only?: ReadonlySet<string>, frozen?: ReadonlySet<string>): tf.Variable[] {
    const out: tf.Variable[] = [];
    for (const [name, v] of this.variables) {
      const owner = this.owners.get(name)!;
      if ((!only || namesNode(only, name)) && !(frozen && namesNode(frozen, name)) && this.feedsLoss.has(owner)) out.push(v);
    }
    return out;
  }

  /** Every variable, trained or not (snapshots, export). */
  allVariables(): tf.Variable[] {
    return [...this.variables.values()];
  }

  get outputLossKind(): string {
    return String(this.outputNode.params.loss);
  }

  /** Runs the graph; call inside tf.tidy (or a gradient function). */
  forward(feeds: Record<string, tf.Tensor>, opts: ForwardOptions): ForwardResult {
    if (this.disposed) throw new Error('model was disposed');
    this.flushWeights();
    const values = new Map<string, Record<string, tf.Tensor>>();
    const aux: AuxLoss[] = [];
    const step = opts.step ?? 0;
    let pred: tf.Tensor | undefined;
    for (const node of this.steps) {
      const ins: Record<string, tf.Tensor> = Object.create(null);
      for (const [port, [src, srcPort]] of Object.entries(node.from)) ins[port] = values.get(src)![srcPort]!;
      if (node.def.type === 'Input') {
        const field = String(node.params.field);
        const t = feeds[field];
        if (!t) throw new Error(`no feed for dataset field "${field}"`);
        values.set(node.id, { out: t });
        continue;
      }
      if (node === this.outputNode) { pred = ins.in; continue; }
      const probe: Probe = opts.records
        // Recorded as a copy (sharing the data): the caller disposes records, and must not dispose what it
        // did not make: a weight, the batch's own input (an Input wired straight into a gate), another node's output.
        ? { enabled: true, record: (stat, value) => opts.records!.push({ nodeId: node.id, stat, value: tf.keep(tf.clone(value)) }) }
        : NO_PROBE;
      let rng: Rng | undefined;
      const seed = this.graph.training.seed;
      const ctx: ApplyContext<never> = {
        nodeId: node.id,
        params: node.params as never,
        training: opts.training,
        step,
        // Made when a node draws (dropout, noise): hashing its name every step would cost the others too.
        get rng() { return (rng ??= createRng(`${seed}:${node.id}:${step}`)); },
        probe,
        addLoss: (name, value) => aux.push({ nodeId: node.id, name, value }),
        ...(opts.interventions ? { interventions: opts.interventions } : {}),
        ...(this.phase !== undefined ? { phase: this.phase } : {}),
        ...(opts.target ? { target: opts.target } : {}),
        ...(opts.targetMask ? { targetMask: opts.targetMask } : {}),
        ...(opts.labels ? { labels: opts.labels } : {}),
      };
      let outs: Record<string, tf.Tensor>;
      try {
        outs = node.def.apply(ins, node.vars, ctx);
      } catch (e) {
        throw nodeFailure(e, node.def.type, node.id, 'while it ran');
      }
      values.set(node.id, outs);
      // Massive activations: [max |x|, mean |x|] of every float output, on probe passes only.
      if (opts.records) {
        for (const t of Object.values(outs)) {
          if (t.dtype !== 'float32' || t.rank < 2) continue;
          const a = tf.abs(t);
          opts.records.push({ nodeId: node.id, stat: ACTIVATION_STAT, value: tf.keep(tf.stack([tf.max(a), tf.mean(a)])) });
        }
      }
    }
    if (!pred) throw new Error('the Output node received nothing');
    return { pred, aux };
  }

  /** Task loss + auxiliary losses; call inside tidy or a gradient function. */
  loss(feeds: Record<string, tf.Tensor>, target: tf.Tensor, mask: tf.Tensor | undefined, opts: ForwardOptions): { total: tf.Scalar; task: tf.Scalar; pred: tf.Tensor; aux: AuxLoss[] } {
    const { pred, aux } = this.forward(feeds, { ...opts, target, ...(mask ? { targetMask: mask } : {}) });
    const task = outputLoss(this.outputLossKind, pred, target, mask) as tf.Scalar;
    const total = aux.length ? (sumOf([task, ...aux.map((a) => a.value)]) as tf.Scalar) : task;
    return { total, task, pred, aux };
  }

  /** Current weights as plain arrays, keyed `nodeId/var`. */
  async readWeights(): Promise<Map<string, { shape: number[]; data: Float32Array }>> {
    const out = new Map<string, { shape: number[]; data: Float32Array }>();
    for (const [name, v] of this.variables) out.set(name, { shape: v.shape.slice(), data: (await v.data()) as Float32Array });
    return out;
  }

  /** Overwrites weights by name; shapes must match. */
  writeWeights(weights: ReadonlyMap<string, { shape: number[]; data: Float32Array }>): void {
    for (const [name, w] of weights) {
      const v = this.variables.get(name);
      if (!v) throw new Error(`no variable "${name}"`);
      tf.tidy(() => v.assign(tf.tensor(w.data, w.shape, 'float32')));
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.pendingWrite = undefined;
    for (const v of this.vars.values()) v.dispose();
    this.vars.clear();
  }
}

const NO_PROBE: Probe = { enabled: false, record: () => {} };

/** Whether `ids` names node `id` or a block instance it sits in (`glu1` for `glu1/s`). */
function namesNode(ids: ReadonlySet<string>, id: string): boolean {
  for (let cut = id.length; cut > 0; cut = id.lastIndexOf('/', cut - 1)) if (ids.has(id.slice(0, cut))) return true;
  return false;
}

/** Nodes from which some path reaches the Output or a node that adds an auxiliary loss. */
function ancestorsOfLoss(graph: Graph, steps: readonly CompiledNode[]): Set<string> {
  return ancestorsOf(graph.edges, steps.filter((n) => n.def.type === OUTPUT_TYPE || n.def.auxLosses).map((n) => n.id));
}

