/** An edge labelled with the tensor shape it carries; red when the engine finds a problem on it. */
import { memo } from 'react';
import { BaseEdge, EdgeLabelRenderer, getBezierPath, type EdgeProps } from '@xyflow/react';
import { useValidation } from '../../src/store/validation';
import type { FlowEdge } from '../../src/flow';

function ShapeEdgeView({ id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, selected }: EdgeProps<FlowEdge>) {
  const shape = useValidation((s) => s.edgeShapes.get(id));
  const error = useValidation((s) => s.byEdge.get(id)?.[0]?.message);
  const [path, x, y] = getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });
  const cls = `gl-edge${error ? ' bad' : ''}${selected ? ' selected' : ''}`;
  return (
    <>
      <BaseEdge id={id} path={path} className={cls} />
      {(shape || error) && (
        <EdgeLabelRenderer>
          <div
            className={`gl-edge-label${error ? ' bad' : ''}${selected ? ' selected' : ''}`}
            style={{ transform: `translate(-50%, -50%) translate(${x}px, ${y}px)` }}
            title={error ?? `carries ${shape}`}
            data-testid={`edge-label-${id}`}
          >
            {error ? '✕ ' : ''}{shape ?? '?'}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
}

export const ShapeEdge = memo(ShapeEdgeView);
