/**
 * The canvas: React Flow in controlled mode over the graph document. Node
 * and edge objects come from the flow mapper (cached per node), selection
 * and measured sizes from uiStore. Connections are checked by the engine
 * while they are dragged; drops from the palette add nodes.
 */
import { useCallback, useEffect, useMemo, useRef, type DragEvent, type KeyboardEvent, type MouseEvent as PointerClick } from 'react';
import {
  Background, BackgroundVariant, ConnectionMode, ControlButton, Controls, MiniMap, ReactFlow, SelectionMode, useNodesInitialized, useReactFlow,
  type Connection, type EdgeChange, type IsValidConnection, type NodeChange, type OnDelete,
} from '@xyflow/react';
import { BLOCK_TYPE, registry } from '../../engine';
import { useGraph } from '../../src/store/graphStore';
import { useUi } from '../../src/store/uiStore';
import { createConnectionChecker } from '../../src/store/connect';
import { afterLoad, connect, deleteItems, setViewCentre } from '../../src/store/actions';
import { PALETTE_MIME, addItem } from '../palette/paletteItems';
import { createFlowMapper, toLink, type FlowEdge, type FlowNode } from '../../src/flow';
import { GRID, type XY } from '../../src/store/graphOps';
import { GateNode, accessibleName } from './GateNode';
import { BLOCK_CATEGORY, defOf } from '../../src/store/blockNodes';
import { openBlock } from '../../src/store/blockActions';
import { useValidation } from '../../src/store/validation';
import { ShapeEdge } from './ShapeEdge';
import { CanvasOverlay } from './CanvasOverlay';
import { hooks } from '../app/runCommand';
import { categoryColour } from './roles';
import { touchScreen } from '../app/touch';
import { READABLE_ZOOM, readableFit } from './readableFit';


const nodeTypes = { gate: GateNode };
const edgeTypes = { shape: ShapeEdge };
const SNAP: [number, number] = [GRID, GRID];
const DELETE_KEYS = ['Delete', 'Backspace'];
/** On a touch screen one finger pans (two pinch-zoom); with a mouse, a drag on the pane selects a box and the middle or right button pans. */
const TOUCH = touchScreen();
/** The first fit React Flow makes, before readableFit places the graph: already at a readable zoom. */
const FIT = { padding: 0.1, minZoom: READABLE_ZOOM.min, maxZoom: READABLE_ZOOM.max };
/** A small minimap: it must not hide the nodes it maps. */
const MINIMAP = { width: 132, height: 92 };
const checker = createConnectionChecker();

/** Set once on <ReactFlow>: asks the engine, and shows its verdict while the edge is dragged. */
const isValidConnection: IsValidConnection = (c) => {
  const verdict = checker(useGraph.getState().graph, toLink(c) ?? {});
  useUi.getState().setHint(verdict.ok ? { ok: true, text: 'Fits: release to connect.' } : { ok: false, text: verdict.reason });
  return verdict.ok;
};

function onNodesChange(changes: NodeChange<FlowNode>[]): void {
  const moved = new Map<string, XY>();
  let done = false;
  const sizes = new Map<string, { width: number; height: number }>();
  let selection: Set<string> | undefined;
  for (const c of changes) {
    if (c.type === 'position' && c.position) { moved.set(c.id, c.position); if (!c.dragging) done = true; }
    else if (c.type === 'dimensions' && c.dimensions) sizes.set(c.id, c.dimensions);
    else if (c.type === 'select' && !useUi.getState().pickMany) {
      selection ??= new Set(useUi.getState().selectedNodes);
      if (c.selected) selection.add(c.id); else selection.delete(c.id);
    }
  }
  if (moved.size) useGraph.getState().move(moved, done);
  if (sizes.size) useUi.getState().setMeasured(sizes);
  if (selection) useUi.getState().select([...selection], useUi.getState().selectedEdges);
}

function onEdgesChange(changes: EdgeChange<FlowEdge>[]): void {
  let selection: Set<string> | undefined;
  for (const c of changes) {
    if (c.type === 'select') {
      selection ??= new Set(useUi.getState().selectedEdges);
      if (c.selected) selection.add(c.id); else selection.delete(c.id);
    }
  }
  if (selection) useUi.getState().select(useUi.getState().selectedNodes, [...selection]);
}

/** With "select several" on, a tap adds the node to the selection or takes it out. */
const onNodeClick = (_: PointerClick, node: FlowNode) => {
  const ui = useUi.getState();
  if (!ui.pickMany) return;
  const sel = ui.selectedNodes;
  ui.select(sel.includes(node.id) ? sel.filter((id) => id !== node.id) : [...sel, node.id]);
};
const onConnect = (c: Connection) => { const l = toLink(c); if (l) connect(l); };
const onConnectEnd = () => useUi.getState().setHint(null);
/** React Flow reports nodes and edges removed by one key press together: one undo step. */
/**
 * A right click, or a long press on a touch screen, opens the command palette with what can be done to the
 * node: to it alone, or to the selection it belongs to (Make block).
 */
const onNodeMenu = (e: PointerClick, node: FlowNode) => {
  e.preventDefault();
  if (!useUi.getState().selectedNodes.includes(node.id)) useUi.getState().select([node.id]);
  useUi.getState().open('commands');
};
const onDelete: OnDelete<FlowNode, FlowEdge> = ({ nodes, edges }) => deleteItems(nodes.map((n) => n.id), edges.map((e) => e.id));
/** Enter on a focused block node opens it (React Flow focuses the node's wrapper, which carries its id). */
const onKeyDown = (e: KeyboardEvent) => {
  const el = e.target;
  if (e.key !== 'Enter' || !(el instanceof HTMLElement) || !el.classList.contains('react-flow__node')) return;
  if (el.dataset.id && openBlock(el.dataset.id)) e.preventDefault();
};
/** The Controls' toggle for picking several nodes by tapping them (Make block, Repeat and Delete act on the selection). */
function PickMany() {
  const on = useUi((s) => s.pickMany);
  return (
    <ControlButton onClick={() => useUi.getState().setPickMany(!on)} aria-pressed={on} className={on ? 'gl-pick-many on' : 'gl-pick-many'}
      aria-label="Select several: each tap adds a node or takes it out" title="Select several: each tap adds a node to the selection or takes it out" data-testid="pick-many">⊕</ControlButton>
  );
}
const canvasSize = () => document.querySelector('[data-testid="canvas"]')?.getBoundingClientRect() ?? { width: 0, height: 0 };

const onDragOver = (e: DragEvent) => { if (e.dataTransfer.types.includes(PALETTE_MIME)) { e.preventDefault(); e.dataTransfer.dropEffect = 'copy'; } };
const miniColour = (n: FlowNode) => categoryColour(n.data.type === BLOCK_TYPE ? BLOCK_CATEGORY : registry.get(n.data.type)?.category ?? '');

export function FlowCanvas() {
  const graph = useGraph((s) => s.graph);
  const selNodes = useUi((s) => s.selectedNodes);
  const selEdges = useUi((s) => s.selectedEdges);
  const measured = useUi((s) => s.measured);
  const mapper = useMemo(createFlowMapper, []);
  const shapes = useValidation((s) => s.shapes);
  const nodes = useMemo(() => mapper.nodes(graph, new Set(selNodes), measured, (n) => accessibleName(n, defOf(graph, n), shapes.get(n.id))), [mapper, graph, selNodes, measured, shapes]);
  const edges = useMemo(() => mapper.edges(graph, new Set(selEdges)), [mapper, graph, selEdges]);
  const flow = useReactFlow();

  useEffect(() => {
    setViewCentre(() => {
      const el = document.querySelector('[data-testid="canvas"]')?.getBoundingClientRect();
      return el ? flow.screenToFlowPosition({ x: el.left + el.width / 2, y: el.top + el.height / 2 }) : { x: 0, y: 0 };
    });
    hooks.fitView = () => readableFit(flow, canvasSize(), 200);
    afterLoad.run = hooks.fitView;
  }, [flow]);
  // Once the first nodes are measured, place the graph as readableFit says.
  const measuredOnce = useNodesInitialized();
  const placed = useRef(false);
  useEffect(() => {
    if (!measuredOnce || placed.current) return;
    placed.current = true;
    readableFit(flow, canvasSize());
  }, [measuredOnce, flow]);

  const onDrop = useCallback((e: DragEvent) => {
    const key = e.dataTransfer.getData(PALETTE_MIME);
    if (!key) return;
    e.preventDefault();
    const p = flow.screenToFlowPosition({ x: e.clientX, y: e.clientY });
    addItem(key, { x: p.x - 80, y: p.y - 30 });
  }, [flow]);

  return (
    <div className="gl-canvas" data-testid="canvas" onDrop={onDrop} onDragOver={onDragOver} onKeyDown={onKeyDown}>
      <ReactFlow<FlowNode, FlowEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onConnectEnd={onConnectEnd}
        onDelete={onDelete}
        onNodeContextMenu={onNodeMenu}
        onNodeClick={onNodeClick}
        isValidConnection={isValidConnection}
        connectionMode={ConnectionMode.Strict}
        deleteKeyCode={DELETE_KEYS}
        snapToGrid
        snapGrid={SNAP}
        selectionOnDrag={!TOUCH}
        selectionMode={SelectionMode.Partial}
        panOnDrag={TOUCH || [1, 2]}
        panOnScroll
        zoomOnScroll={false}
        zoomOnPinch
        multiSelectionKeyCode={['Meta', 'Control', 'Shift']}
        fitView
        fitViewOptions={FIT}
        minZoom={0.1}
        maxZoom={2}
      >
        <Background variant={BackgroundVariant.Dots} gap={20} size={1.2} color="#cbd5e1" />
        <MiniMap pannable zoomable nodeColor={miniColour} nodeStrokeWidth={2} ariaLabel="Minimap" style={MINIMAP} />
        <Controls showInteractive={false}><PickMany /></Controls>
        <CanvasOverlay />
      </ReactFlow>
    </div>
  );
}
