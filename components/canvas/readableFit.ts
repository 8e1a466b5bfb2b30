/**
 * The default view of a graph: as much as fits at a zoom where node text stays
 * readable (never under 0.9, never over 1). A graph taller than the view
 * starts at its top, where the inputs are and the reading starts, and one wider
 * than the view at its left edge, where each row starts (centred, its first
 * column was cut in half on a tablet); pan for the rest.
 */
import type { ReactFlowInstance } from '@xyflow/react';

export const READABLE_ZOOM = { min: 0.9, max: 1 };
const PAD = 0.08;

export function readableFit(flow: ReactFlowInstance, view: { width: number; height: number }, duration = 0): void {
  const nodes = flow.getNodes();
  if (!nodes.length || view.width === 0 || view.height === 0) return;
  const b = flow.getNodesBounds(nodes);
  const room = { width: view.width * (1 - 2 * PAD), height: view.height * (1 - 2 * PAD) };
  const zoom = Math.min(READABLE_ZOOM.max, Math.max(READABLE_ZOOM.min, Math.min(room.width / b.width, room.height / b.height)));
  const x = b.width * zoom <= room.width ? view.width / 2 - (b.x + b.width / 2) * zoom : view.width * PAD - b.x * zoom;
  const y = b.height * zoom <= room.height ? view.height / 2 - (b.y + b.height / 2) * zoom : view.height * PAD - b.y * zoom;
  const still = typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
  void flow.setViewport({ x, y, zoom }, { duration: still ? 0 : duration });
}
