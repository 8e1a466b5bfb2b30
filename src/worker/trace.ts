/**
 * Tracing one held-out example on the live run's weights: the example picked
 * by its index in the held-out split, or as the held-out example nearest to
 * a point clicked on the plane of a 2-D dataset; and the list of held-out
 * examples the model gets wrong, to pick from.
 */
import { misclassified, nearestRows, traceExample, type Session } from '../../engine';
import type { Compiled } from '../../engine';
import type { TracePick } from './protocol';

/** The held-out index a pick names: a point becomes its nearest held-out example. */
export function heldOutIndex(session: Session, pick: TracePick): number {
  if ('index' in pick) return pick.index;
  const x = session.data.inputs['x'];
  if (!x || x.shape.length !== 2 || x.shape[1] !== 2) throw new Error('a point can be picked only on 2-D data');
  const pts = new Float32Array(session.testRows.length * 2);
  session.testRows.forEach((row, i) => { pts[2 * i] = x.data[2 * row]!; pts[2 * i + 1] = x.data[2 * row + 1]!; });
  return nearestRows(pick.point, pts)[0]!;
}

export async function traceHeldOut(compiled: Compiled, session: Session, pick: TracePick) {
  const index = heldOutIndex(session, pick);
  return traceExample(compiled, session.test, index, 'position' in pick ? pick.position : undefined);
}

export function listMisclassified(compiled: Compiled, session: Session) {
  return misclassified(compiled, session.test);
}
