/**
 * Intervene: overrides a node reads at evaluation time (`ctx.interventions`,
 * keyed `nodeId.name`), what the page asked for, and the worker's answer.
 */
import { create } from 'zustand';
import { registry, watchAsGate, type InterventionSpec } from '../../engine';
import type { InterventionResult } from '../worker/protocol';

/** One override the page can switch on: `nodeId.name`, and its declaration. */
export interface InterventionTarget {
  key: string;
  nodeId: string;
  spec: InterventionSpec;
}

/** The overrides the graph's nodes read: as their node types declare them in the registry, and the clamp of each gate watched. */
export function interventionTargets(nodes: readonly { id: string; type: string }[], watched: ReadonlySet<string> = new Set()): InterventionTarget[] {
  return nodes.flatMap((n) => {
    const def = registry.get(n.type);
    const declared = (def && watched.has(n.id) ? watchAsGate(def) : def)?.interventions ?? {};
    return Object.entries(declared).map(([name, spec]) => ({ key: `${n.id}.${name}`, nodeId: n.id, spec }));
  });
}

export interface InterveneState {
  /** Overrides switched on, `nodeId.name` → value. */
  active: Readonly<Record<string, number>>;
  result: InterventionResult | null;
  /** A request is with the worker. */
  pending: boolean;
}

export const useIntervene = create<InterveneState>()(() => ({ active: {}, result: null, pending: false }));

/** Turns one override on (a number) or off (undefined). */
export function setIntervention(key: string, value: number | undefined): void {
  const active = { ...useIntervene.getState().active };
  if (value === undefined) delete active[key];
  else active[key] = value;
  useIntervene.setState({ active });
}

let queued = false;
let sender: ((active: Record<string, number>) => void) | null = null;

/**
 * Asks for an evaluation with the active overrides. While one is with the
 * worker, the newest request waits and goes when the answer comes: dragging a
 * slider sends at most one request at a time.
 */
export function requestIntervention(send: (active: Record<string, number>) => void): void {
  sender = send;
  const s = useIntervene.getState();
  if (s.pending) { queued = true; return; }
  useIntervene.setState({ pending: true });
  send({ ...s.active });
}

export function receiveIntervention(result: InterventionResult): void {
  useIntervene.setState({ result, pending: false });
  if (queued && sender) { queued = false; requestIntervention(sender); }
}

/** A new run: its answers are not the old run's. */
export function forgetInterventionResult(): void {
  queued = false;
  if (useIntervene.getState().result || useIntervene.getState().pending) useIntervene.setState({ result: null, pending: false });
}

export function clearInterventions(): void {
  queued = false;
  useIntervene.setState({ active: {}, result: null, pending: false });
}
