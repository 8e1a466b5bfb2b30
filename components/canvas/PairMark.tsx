/**
 * On a node card, while a paired run is on: what run B changes in this node
 * ("B: gate → none"). Subscribes with a string selector, so only the cards
 * whose mark changes re-render.
 */
import { memo } from 'react';
import { usePair, type PairState } from '../../src/store/pairStore';

export const pairMarkOf = (id: string) => (s: PairState): string =>
  s.status === 'idle' ? '' : s.changes.filter((c) => c.nodeId === id).map((c) => `${c.param} → ${String(c.b ?? 'default')}`).join(', ');

export const PairMark = memo(function PairMark({ nodeId }: { nodeId: string }) {
  const text = usePair(pairMarkOf(nodeId));
  if (!text) return null;
  return <div className="gl-pair-mark" data-testid={`pair-mark-${nodeId}`} title={`Run B differs here: ${text}`}>B: {text}</div>;
});
