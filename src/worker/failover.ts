/**
 * Which backend trains, and what happens when it fails mid-run (a WebGPU
 * device lost): that backend is left out from then on, and the run goes on on
 * the next one from the newest weights that could be read.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BackendName, Graph } from '../../engine';
import { isMeasured, pickBackend, pickFastest, plainChoice } from './choice';
import { isBackendFailure, resumedMessage } from './failures';
import { failedMessage, type BackendInfo, type BackendRequest, type FromWorker } from './protocol';
import type { SavedWeights } from './weights';

type Post = (m: FromWorker) => void;

/** A run whose backend failed, with the weights it goes on from. */
export interface Lost {
  saved: SavedWeights;
  /** The step that failed (1-based). */
  lostAt: number;
  backend: BackendName;
  error: string;
}

/** How backends are picked; tests put fixed answers in place of measurements. */
export interface Pickers {
  pickBackend: typeof pickBackend;
  pickFastest: typeof pickFastest;
  plainChoice: typeof plainChoice;
  isMeasured: typeof isMeasured;
}

export class Failover {
  requested: BackendRequest = 'auto';
  /** Backends that failed during training this session, left out of every later choice. */
  readonly failed: BackendName[] = [];
  /** Settles when the last backend change has: changes run one after another, so a slow WebGPU start cannot finish after a later choice. */
  ready: Promise<unknown> = Promise.resolve();

  /** A graph whose backends are timed once its run has shown a first step (see chooseFor). */
  private timeLater: Graph | undefined;

  constructor(private readonly post: Post, private readonly pick: Pickers = { pickBackend, pickFastest, plainChoice, isMeasured }) {}

  /** Queues a change to the backend the person asked for; `before` runs first (stopping the current run). */
  request(req: BackendRequest, before: () => Promise<void> | void = () => {}): Promise<unknown> {
    return (this.ready = this.ready.then(before).then(() => this.init(req)));
  }

  private async init(req: BackendRequest): Promise<void> {
    this.requested = req;
    if (req !== 'auto') this.failed.length = 0;
    try {
      this.post({ type: 'backend', info: await this.pick.pickBackend(req, this.failed) });
    } catch (e) {
      this.post({ type: 'backendFailed', message: (e as Error).message });
    }
  }

  /**
   * Automatic choice at the start of a run: the backend that trains this graph fastest, said in
   * the panel. Timing the backends takes a second or two, so a graph not timed yet starts on
   * wasm, which is sure to work, and `timeNow` moves it once its first step is shown.
   */
  async chooseFor(graph: Graph): Promise<void> {
    this.timeLater = undefined;
    if (this.requested !== 'auto') return;
    try {
      const plain = await this.pick.plainChoice(graph);
      if (plain) { this.post({ type: 'backend', info: plain }); return; }
      if (!this.pick.isMeasured(graph)) {
        const info = await this.pick.pickBackend('wasm', this.failed);
        this.timeLater = graph;
        this.post({ type: 'backend', info: { ...info, requested: 'auto', reason: `automatic: training on ${info.name} while the backends are timed on this graph` } });
        return;
      }
      this.post({ type: 'backend', info: await this.pick.pickFastest(graph, this.failed) });
    } catch (e) {
      console.warn('GateLab worker: the backends could not be measured on this graph', e);
      // Say so, rather than leave the previous graph's figures in the panel.
      const name = tf.getBackend() as BackendName;
      this.post({ type: 'backend', info: { name, reason: `automatic: the backends could not be timed on this graph (${(e as Error).message.slice(0, 160)}); training on ${name}`, failed: [], requested: 'auto' } });
    }
  }

  /**
   * Times the backends on the graph chooseFor left for later, if any, and leaves the fastest
   * set: the run goes on there, its tensors moving over as it uses them.
   */
  async timeNow(): Promise<void> {
    const graph = this.timeLater;
    this.timeLater = undefined;
    if (!graph) return;
    try {
      this.post({ type: 'backend', info: await this.pick.pickFastest(graph, this.failed) });
    } catch (e) {
      console.warn('GateLab worker: the backends could not be timed on this graph; training stays where it is', e);
    }
  }

  /**
   * Sorts an error that ended a run at step `step` (the last one done). A backend failure
   * leaves that backend out and, when `rescue` finds weights, is the run's to go on
   * from (returned); otherwise the run fails, and the message says why.
   */
  async caught(err: unknown, runId: number, step: number, rescue: (() => Promise<SavedWeights | null>) | null): Promise<Lost | undefined> {
    const message = err instanceof Error ? err.message : String(err);
    const backendLost = isBackendFailure(message);
    // A backend failure is taken over by another backend: a warning, not an error.
    (backendLost ? console.warn : console.error)('GateLab worker: training failed', err);
    if (!backendLost) {
      this.post(failedMessage(runId, 'crash', `Training stopped at step ${step + 1}: ${message.slice(0, 300)}`, [], step + 1));
      return undefined;
    }
    const backend = tf.getBackend() as BackendName;
    if (!this.failed.includes(backend)) this.failed.push(backend);
    const saved = rescue ? await rescue() : null;
    if (saved) return { saved, lostAt: step + 1, backend, error: message };
    this.post(failedMessage(runId, 'backend', `The ${backend} backend failed at step ${step + 1}: ${message.slice(0, 300)}`, [], step + 1));
    void this.request(this.requested);
    return undefined;
  }

  /** Picks the backend that takes a lost run over and says so; null (after a `failed` message) when none can. */
  async takeOver(graph: Graph, runId: number, lost: Lost): Promise<BackendInfo | null> {
    let info: BackendInfo;
    try {
      info = this.requested === 'auto' ? await this.pick.pickFastest(graph, this.failed) : await this.pick.pickBackend(this.requested, this.failed);
    } catch (e) {
      this.post(failedMessage(runId, 'backend', `The ${lost.backend} backend failed at step ${lost.lostAt} and no other backend could take over: ${(e as Error).message.slice(0, 300)}`, [], lost.lostAt));
      return null;
    }
    this.post({ type: 'backend', info });
    this.post({ type: 'resumed', runId, step: lost.saved.step, message: resumedMessage(lost.backend, info.name, lost.lostAt, lost.saved.step, lost.error) });
    return info;
  }
}
