/**
 * The plane of a 2-D dataset, computed in one probe pass over a grid: the
 * class probabilities (the decision boundary) and, for every router and gate
 * in the graph, which expert wins each point or the gate's value there
 * (router territory). Input fields other than `x` (a group or task id) are
 * borrowed from the example nearest to each grid point, so graphs that read
 * them get a plane too.
 */
import * as tf from '@tensorflow/tfjs-core';
import { gateAtPoints, nearestRows, routingTerritory, type Compiled, type Dataset, type ProbeRecord } from '../../engine';
import { GRID_RES, gridPoints } from './boundary';
import type { BoundaryGrid, TerritoryMap } from './protocol';

export interface Plane {
  extent: [number, number, number, number];
  res: number;
  points: Float32Array;
  /** Feeds of the grid, kept on the device for the whole run. */
  feeds: Record<string, tf.Tensor>;
  /** Fields taken from the nearest example. */
  borrowed: string[];
  dispose(): void;
}

/** The grid and its feeds, once per run. */
export function preparePlane(data: Dataset, extent: [number, number, number, number], res = GRID_RES): Plane {
  const points = gridPoints(extent, res);
  const N = res * res;
  const borrowed = Object.keys(data.inputs).filter((k) => k !== 'x');
  const feeds: Record<string, tf.Tensor> = { x: tf.tensor2d(points, [N, 2]) };
  if (borrowed.length) {
    const near = nearestRows(points, data.inputs['x']!.data);
    for (const k of borrowed) {
      const f = data.inputs[k]!;
      const stride = f.data.length / Math.max(f.shape[0]!, 1);
      const out = f.dtype === 'int32' ? new Int32Array(N * stride) : new Float32Array(N * stride);
      for (let i = 0; i < N; i++) out.set(f.data.subarray(near[i]! * stride, (near[i]! + 1) * stride), i * stride);
      feeds[k] = tf.tensor(out, [N, ...f.shape.slice(1)], f.dtype);
    }
  }
  return { extent, res, points, feeds, borrowed, dispose: () => tf.dispose(Object.values(feeds)) };
}

/** Routers' winners and gates' values per grid point, from the records of a probe pass over the grid. */
export async function territoryMaps(records: readonly ProbeRecord[], compiled: Compiled, N: number): Promise<TerritoryMap[]> {
  const maps: TerritoryMap[] = [];
  for (const r of records) {
    const kind = compiled.model.nodeDef(r.nodeId)?.stats?.[r.stat]?.kind;
    if ((kind !== 'routing' && kind !== 'gate') || r.value.shape[0] !== N) continue;
    const v = (await r.value.data()) as Float32Array;
    if (kind === 'routing') {
      const E = r.value.shape[r.value.shape.length - 1]!;
      const t = routingTerritory(v, N, E);
      maps.push({ nodeId: r.nodeId, stat: r.stat, kind: 'experts', experts: E, winner: t.winner, values: t.weight });
    } else {
      maps.push({ nodeId: r.nodeId, stat: r.stat, kind: 'gate', experts: 0, values: gateAtPoints(v, N) });
    }
  }
  return maps;
}

export async function planeGrid(compiled: Compiled, plane: Plane, step: number): Promise<BoundaryGrid | undefined> {
  const records: ProbeRecord[] = [];
  const probs = tf.tidy(() => {
    const { pred } = compiled.model.forward(plane.feeds, { training: false, step, records });
    return pred.shape.length === 2 ? tf.softmax(pred) : undefined;
  });
  try {
    if (!probs) return undefined;
    const classes = probs.shape[1]!;
    const data = new Float32Array((await probs.data()) as Float32Array);
    const territory = await territoryMaps(records, compiled, plane.res * plane.res);
    return { step, res: plane.res, classes, extent: plane.extent, probs: data, territory, borrowed: plane.borrowed };
  } finally {
    probs?.dispose();
    tf.dispose(records.map((r) => r.value));
  }
}
