/**
 * One node on the canvas: its type, id, key params and inferred output shape,
 * typed ports coloured by role, and a red badge with the error list when the
 * engine finds a problem. Reads the stores by node id; node.data holds only
 * the type.
 */
import { memo } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { BLOCK_TYPE, formatShape, type GraphNode, type NodeDef, type NodeShapes, type ParamValue } from '../../engine';
import { useGraph } from '../../src/store/graphStore';
import { isFed, nodeErrors, useValidation } from '../../src/store/validation';
import type { FlowNode } from '../../src/flow';
import { categoryColour, roleColour } from './roles';
import { Sparkline } from './Sparkline';
import { PairMark } from './PairMark';
import { blockNameOf, defOf } from '../../src/store/blockNodes';
import { openBlock } from '../../src/store/blockActions';

export function formatParam(v: ParamValue | undefined): string {
  if (v === undefined) return '–';
  if (typeof v === 'boolean') return v ? 'on' : 'off';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(3)));
  return v;
}

/** The card's shape line: each output's inferred shape ("?" until the node is fed), or what an Output receives. */
export function shapeText(def: NodeDef, shapes: NodeShapes | undefined): string {
  const outs = Object.keys(def.outputs);
  if (!isFed(def.inputs, shapes)) return '?';
  if (outs.length) return outs.map((p) => { const t = shapes?.outputs[p]; return `${outs.length > 1 ? `${p} ` : ''}${t ? formatShape(t.shape) : '?'}`; }).join('  ');
  return shapes?.inputs['in'] ? `← ${formatShape(shapes.inputs['in'].shape)}` : '';
}

/** What a screen reader says for a node: type, id and output shape ("Dense h1, output [B, 16]"; "Block MyGLU glu1, …, Enter opens it"). */
export function accessibleName(node: GraphNode, def: NodeDef | undefined, shapes: NodeShapes | undefined): string {
  if (!def) return `Unknown ${node.type === BLOCK_TYPE ? 'block' : 'node type'} ${blockNameOf(node) ?? node.type}, ${node.id}`;
  const shape = shapeText(def, shapes);
  const what = !shape ? '' : shape === '?' ? ', output shape unknown until its inputs are connected' : Object.keys(def.outputs).length ? `, output ${shape}` : `, receives ${shape.slice(2)}`;
  return node.type === BLOCK_TYPE ? `Block ${def.label} ${node.id}${what}, Enter opens it` : `${node.label ?? def.label} ${node.id}${what}`;
}

function Ports({ def, side, nodeId }: { def: NodeDef; side: 'in' | 'out'; nodeId: string }) {
  const ports = Object.entries(side === 'in' ? def.inputs : def.outputs);
  const labelled = ports.length > 1 || ports.some(([name]) => name !== 'in' && name !== 'out');
  return (
    <>
      {ports.map(([name, spec], i) => {
        const left = `${((i + 1) / (ports.length + 1)) * 100}%`;
        const tip = `${name}${spec.optional ? ' (optional)' : ''}: ${spec.role}, ${side === 'in' ? 'expects' : 'gives'} ${formatShape(spec.pattern)}${spec.doc ? ` — ${spec.doc}` : ''}`;
        return (
          <Handle
            key={name}
            id={name}
            type={side === 'in' ? 'target' : 'source'}
            position={side === 'in' ? Position.Top : Position.Bottom}
            className={`gl-port${spec.optional ? ' optional' : ''}`}
            style={{ left, background: roleColour(spec.role) }}
            title={tip}
            data-testid={`port-${nodeId}-${side}-${name}`}
          >
            {labelled && <span className={`gl-port-label ${side}`}>{name}</span>}
          </Handle>
        );
      })}
    </>
  );
}

function GateNodeView({ id, data, selected }: NodeProps<FlowNode>) {
  const node = useGraph((s) => s.byId.get(id));
  const def = useGraph((s) => { const n = s.byId.get(id); return n && defOf(s.graph, n); });
  const errors = useValidation(nodeErrors(id));
  const shapes = useValidation((s) => s.shapes.get(id));
  const watched = useValidation((s) => s.watched.has(id) || s.gateInside.has(id));
  if (!def || !node) {
    return <div className="gl-node unknown" data-testid={`node-${id}`}>{node && blockNameOf(node) !== undefined ? `Unknown block “${blockNameOf(node)}”` : `Unknown node type “${data.type}”`}</div>;
  }
  const keys = def.keyParams ?? [];
  const outs = Object.keys(def.outputs);
  const ins = Object.keys(def.inputs);
  const labelledIn = ins.length > 1 || ins.some((n) => n !== 'in');
  const labelledOut = outs.length > 1 || outs.some((n) => n !== 'out');
  // A node with an unconnected required input has no meaningful shape yet.
  const fed = isFed(def.inputs, shapes);
  const shapeLine = shapeText(def, shapes);
  const block = def.type === BLOCK_TYPE;
  return (
    <div
      onDoubleClick={block ? () => openBlock(id) : undefined}
      className={`gl-node${block ? ' block' : ''}${selected ? ' selected' : ''}${errors.length ? ' has-errors' : ''}${labelledIn ? ' pad-top' : ''}${labelledOut ? ' pad-bottom' : ''}`}
      style={{ borderLeftColor: categoryColour(def.category) }}
      data-testid={`node-${id}`}
      data-type={def.type}
    >
      <Ports def={def} side="in" nodeId={id} />
      <div className="gl-node-head">
        <span className="gl-node-type">{node.label ?? def.label}</span>
        <span className="gl-node-id">{id}</span>
        {watched && <span className="gl-watch-mark" title="Watched as a gate: its output gets gate statistics" data-testid={`node-watched-${id}`}>gate</span>}
        {errors.length > 0 && <span className="gl-badge" data-testid={`node-badge-${id}`} title={`${errors.length} problem${errors.length > 1 ? 's' : ''}`}>!{errors.length > 1 ? errors.length : ''}</span>}
      </div>
      {keys.length > 0 && (
        <div className="gl-node-params">
          {keys.map((k) => <span key={k}>{k} <b>{formatParam(node.params?.[k] ?? def.params[k]?.default)}</b></span>)}
        </div>
      )}
      {block && <button className="gl-block-open nodrag" onClick={() => openBlock(id)} data-testid={`block-open-${id}`} aria-label={`Open block ${def.label}`} title="Open the block to edit inside (double-click or Enter); every instance follows">Open ▸</button>}
      <div className={`gl-node-shape${fed ? '' : ' unknown'}`} data-testid={`node-shape-${id}`}>{shapeLine || '\u00a0'}</div>
      <Sparkline nodeId={id} nodeType={def.type} reserve={def.stats !== undefined || watched} />
      <PairMark nodeId={id} />
      <Ports def={def} side="out" nodeId={id} />
      {errors.length > 0 && (
        <ul className="gl-node-errors" data-testid={`node-errors-${id}`}>
          {errors.map((e, i) => <li key={i}>{e.message}</li>)}
        </ul>
      )}
    </div>
  );
}

export const GateNode = memo(GateNodeView);
