/**
 * The stats panel for the selected node: whatever it reports, drawn the way
 * that teaches best. Gates: the value histogram over time (step × value) and
 * a per-token map; routers: expert load, tokens dropped over capacity, the
 * top-expert share with the collapse warning, and token-to-expert weights; rates and learned scalars
 * over steps. Re-renders when a statistics snapshot arrives (a few a second).
 */
import { memo } from 'react';
import { registry, type NodeStats } from '../../engine';
import { useGraph } from '../../src/store/graphStore';
import { auxSeries, statsLog, useRun } from '../../src/store/runStore';
import { histogramOverTime, rowsOf, seriesOf } from '../../src/store/statsStore';
import { Heatmap } from './Heatmap';
import { MiniLine } from './MiniLine';
import { Bars } from './Bars';
import { css, expertColour } from './colour';

const ORANGE = '#e8590c', BLUE = '#1d4ed8', GREEN = '#15803d', RED = '#d62828';
const isNum = (v: unknown): v is number => typeof v === 'number';
const isVec = (v: unknown): v is number[] => Array.isArray(v) && (v.length === 0 || typeof v[0] === 'number');
const isMat = (v: unknown): v is number[][] => Array.isArray(v) && Array.isArray(v[0]) && typeof (v[0] as unknown[])[0] === 'number';

/** Keys drawn in a dedicated section; everything else numeric is a "scalar over steps". */
function gateNames(s: NodeStats): string[] {
  return Object.keys(s).filter((k) => k.endsWith('Histogram')).map((k) => k.slice(0, -'Histogram'.length));
}

/** The value range a node type declares for a gate statistic (tanh gates reach −1, expanded ones beyond 1); [0, 1] otherwise. */
function gateRange(type: string | undefined, name: string): [number, number] {
  return (type ? registry.get(type)?.stats?.[name]?.range : undefined) ?? [0, 1];
}

function GateSection({ id, name, s, range }: { id: string; name: string; s: NodeStats; range: [number, number] }) {
  const hist = histogramOverTime(statsLog, id, `${name}Histogram`);
  const mean = seriesOf(statsLog, id, `${name}Mean`);
  const near0 = seriesOf(statsLog, id, `${name}Near0`);
  const near1 = seriesOf(statsLog, id, `${name}Near1`);
  const map = s[`${name}Map`];
  const per = s[`${name}PerPosition`];
  // A gate recorded per item (a layer of a stack) has `${name}MeanPer<Item>`; its map is item × position.
  const item = Object.keys(s).find((k) => k.startsWith(`${name}MeanPer`))?.slice(`${name}MeanPer`.length);
  return (
    <section className="gl-tm-section">
      <h4>Gate <code>{name}</code></h4>
      <div className="gl-tm-row">
        <Heatmap title="Gate values over training" rows={hist.rows} range={[0, Math.max(0.2, ...hist.rows.flat())]} width={200} height={100}
          xLabel={`steps ${hist.steps[0] ?? ''}–${hist.steps[hist.steps.length - 1] ?? ''} →`} yLabel={`value ${range[0]} → ${range[1]}`} testId={`tm-${id}-${name}-histogram`}
          note={`Colour: share of gate values in each of 20 bins from ${range[0]} (bottom) to ${range[1]} (top).`} />
        <MiniLine title="Mean, near 0, near 1" series={[
          { label: 'mean', ...mean, colour: ORANGE },
          { label: 'near 0', ...near0, colour: BLUE, dash: '3 2' },
          { label: 'near 1', ...near1, colour: GREEN, dash: '3 2' },
        ]} range={[Math.min(0, range[0]), Math.max(1, range[1])]} width={210} height={100} testId={`tm-${id}-${name}-mean`} />
      </div>
      <div className="gl-tm-row">
        {isMat(map) && map.length > 0 && <GateMap id={id} name={name} map={map} item={item} perToken={isVec(per)} range={range} />}
        {isVec(per) && <Bars title="Mean per position" values={per} range={range} width={210} height={80} testId={`tm-${id}-${name}-position`} />}
      </div>
    </section>
  );
}

/**
 * One example's gates: item × position for a stack, position × unit for a
 * sequence, example × unit otherwise. A single gate per token ([T][1]) is
 * drawn as one strip along the positions, not a column of identical cells.
 */
function GateMap({ id, name, map, item, perToken, range }: { id: string; name: string; map: number[][]; item: string | undefined; perToken: boolean; range: [number, number] }) {
  const testId = `tm-${id}-${name}-map`;
  if (item) {
    return <Heatmap title={`Per ${item.toLowerCase()} and token (example 0)`} rows={map} range={range} width={200} height={Math.min(140, Math.max(40, map.length * 12))}
      xLabel="position →" yLabel={`${item.toLowerCase()} ↓`} testId={testId} />;
  }
  if (perToken && map[0]!.length === 1) {
    return <Heatmap title="Per token (example 0)" rows={[map.map((r) => r[0]!)]} range={range} width={200} height={24} xLabel="position →" testId={testId} />;
  }
  return <Heatmap title={perToken ? 'Per token (example 0)' : 'Per example'} rows={map} range={range} width={200} height={Math.min(140, Math.max(40, map.length * 6))}
    xLabel="unit (head / channel) →" yLabel={perToken ? 'position ↓' : 'example ↓'} testId={testId} />;
}

export function RoutingSection({ id, s }: { id: string; s: NodeStats }) {
  const load = s.expertLoad as number[];
  const top = isVec(s.topExpertShare) ? s.topExpertShare : undefined;
  const labels = load.map((_, e) => `e${e}`);
  const colours = load.map((_, e) => css(expertColour(e)));
  const overTime = rowsOf(statsLog, id, 'expertLoad');
  const byExpert = load.map((_, e) => overTime.rows.map((r) => r[e] ?? NaN));
  const entropy = seriesOf(statsLog, id, 'routingEntropy');
  const dropped = isNum(s.droppedTokens) ? seriesOf(statsLog, id, 'droppedTokens') : undefined;
  return (
    <section className="gl-tm-section">
      <h4>Routing <code>{id}</code></h4>
      {s.collapsed === 1 && (
        <div className="gl-tm-warn" data-testid={`tm-${id}-collapsed`} role="status">
          Collapse: one expert is the top choice of {Math.round(100 * Math.max(...(top ?? [0])))}% of tokens. A balance loss (or noise) spreads the load.
        </div>
      )}
      <div className="gl-tm-row">
        <Bars title="Expert load (share of routed slots)" values={load} labels={labels} colours={colours} reference={{ value: 1 / load.length, label: 'even' }} width={210} height={80} testId={`tm-${id}-load`} />
        {top && <Bars title="Top choice (share of tokens)" values={top} labels={labels} colours={colours} warnAbove={0.8} range={[0, 1]} width={200} height={80} testId={`tm-${id}-top`} />}
        {dropped && <MiniLine title={`Dropped over capacity: ${(100 * Number(s.droppedTokens)).toFixed(1)}% of assignments`} series={[{ label: 'dropped', ...dropped, colour: RED }]} range={[0, 1]} width={200} height={80} testId={`tm-${id}-dropped`} />}
      </div>
      <div className="gl-tm-row">
        {isMat(s.routingSample) && <Heatmap title="Token → expert weights" rows={s.routingSample} range={[0, 1]} width={120} height={120} xLabel="expert →" yLabel="token ↓" testId={`tm-${id}-tokens`} />}
        <Heatmap title="Load over training" rows={byExpert} range={[0, Math.max(1e-9, ...byExpert.flat().filter(Number.isFinite))]} width={170} height={Math.max(40, load.length * 10)}
          rowLabels={labels} xLabel="step →" testId={`tm-${id}-load-time`} />
      </div>
      <MiniLine title="Routing entropy (nats)" series={[{ label: 'entropy', ...entropy, colour: ORANGE }]} reference={{ value: Math.log(load.length), label: 'uniform' }} width={210} height={70} testId={`tm-${id}-entropy`} />
    </section>
  );
}

function AttentionSection({ id, s }: { id: string; s: NodeStats }) {
  const heads = s.firstTokenAttention as number[];
  const base = isNum(s.firstTokenBaseline) ? s.firstTokenBaseline : undefined;
  const byKind = isMat(s.firstTokenAttentionByQueryKind) ? s.firstTokenAttentionByQueryKind : undefined;
  const maps = Array.isArray(s.attentionMap) ? (s.attentionMap as number[][][]) : [];
  return (
    <section className="gl-tm-section">
      <h4>Attention</h4>
      <div className="gl-tm-row">
        <Bars title="First-token attention per head" values={heads} labels={heads.map((_, h) => `h${h}`)} range={[0, 1]}
          {...(base !== undefined ? { reference: { value: base, label: 'uniform' } } : {})} width={210} height={80} testId={`tm-${id}-sink`} />
        {byKind && byKind.length >= 2 && (
          <Bars title="…by query kind" values={byKind[0]!} compare={byKind[1]!} legend={['ordinary', 'trigger']} labels={heads.map((_, h) => `h${h}`)} range={[0, 1]} width={200} height={80} testId={`tm-${id}-sink-kind`} />
        )}
      </div>
      <div className="gl-tm-row">
        {maps.map((m, h) => <Heatmap key={h} title={`h${h}`} rows={m} range={[0, 1]} width={88} height={88} testId={`tm-${id}-map-h${h}`} />)}
      </div>
    </section>
  );
}

/** Every other number over steps (learned scalars, rates, activation sizes), and per-layer vectors as bars. */
function ScalarSection({ id, s, skip }: { id: string; s: NodeStats; skip: ReadonlySet<string> }) {
  const scalars = Object.keys(s).filter((k) => isNum(s[k]) && !skip.has(k));
  const perItem = Object.keys(s).filter((k) => /Per[A-Z]/.test(k) && isVec(s[k]) && !skip.has(k));
  if (!scalars.length && !perItem.length) return null;
  return (
    <section className="gl-tm-section">
      <h4>Over steps</h4>
      <div className="gl-tm-row wrap">
        {scalars.map((k) => (
          <MiniLine key={k} title={k} series={[{ label: k, ...seriesOf(statsLog, id, k), colour: k.endsWith('Rate') ? BLUE : ORANGE }]}
            {...(k.endsWith('Rate') ? { range: [0, 1] as [number, number] } : {})} width={140} height={64} testId={`tm-${id}-${k}`} />
        ))}
        {perItem.map((k) => <Bars key={k} title={k} values={s[k] as number[]} width={140} height={64} testId={`tm-${id}-${k}`} />)}
      </div>
    </section>
  );
}

/** The node's auxiliary losses (load balance, gate penalties) over steps, as they entered the training loss. */
function AuxSection({ id }: { id: string }) {
  const keys = [...auxSeries.keys()].filter((k) => k.startsWith(`${id}/`));
  if (!keys.length) return null;
  return (
    <section className="gl-tm-section">
      <h4>Auxiliary losses</h4>
      <div className="gl-tm-row wrap">
        {keys.map((k) => {
          const [x, y] = auxSeries.get(k)!.view();
          return <MiniLine key={k} title={k.slice(id.length + 1)} series={[{ label: k, steps: Array.from(x), values: Array.from(y), colour: GREEN }]} width={200} height={70} testId={`tm-${id}-aux-${k.slice(id.length + 1)}`} />;
        })}
      </div>
    </section>
  );
}

/** The whole model: FLOPs per example actually spent (routing, skips, exits) against the dense graph, and the sink. */
export const ModelTelemetry = memo(function ModelTelemetry() {
  useRun((r) => r.statsVersion);
  const m = useRun((r) => r.stats?.stats['@model']);
  if (!m) return null;
  const spent = seriesOf(statsLog, '@model', 'flopsPerExample');
  const dense = Number(m.denseFlopsPerExample);
  const share = { steps: spent.steps, values: spent.values.map((v) => v / Math.max(dense, 1e-9)) };
  const now = Number(m.flopsPerExample) / Math.max(dense, 1e-9);
  const sink = seriesOf(statsLog, '@model', 'firstTokenAttention');
  return (
    <section className="gl-tm-section" data-testid="tm-model">
      <h4>The whole model</h4>
      <p className="gl-muted">{Number(m.params).toLocaleString()} parameters · {Math.round(Number(m.flopsPerExample)).toLocaleString()} of {Math.round(dense).toLocaleString()} FLOPs per example spent ({(100 * now).toFixed(0)}%)</p>
      <div className="gl-tm-row">
        <MiniLine title="Compute spent / dense" series={[{ label: 'share', ...share, colour: BLUE }]} range={[0, 1]} width={200} height={70} testId="tm-model-compute" />
        {sink.values.length > 0 && <MiniLine title="First-token attention (all layers)" series={[{ label: 'sink', ...sink, colour: ORANGE }]} range={[0, 1]} width={200} height={70} testId="tm-model-sink" />}
      </div>
    </section>
  );
});

export const NodeTelemetry = memo(function NodeTelemetry({ nodeId }: { nodeId: string }) {
  useRun((r) => r.statsVersion); // redraw per snapshot
  const s = useRun((r) => r.stats?.stats[nodeId]);
  const step = useRun((r) => r.stats?.step);
  const type = useGraph((g) => g.graph.nodes.find((n) => n.id === nodeId)?.type);
  if (!s) return <p className="gl-muted" data-testid="tm-node-empty">No statistics for <code>{nodeId}</code> yet: press Train; they arrive every few steps.</p>;
  const gates = gateNames(s);
  const skip = new Set<string>(['collapsed', 'routingEntropy', 'droppedTokens', 'firstTokenBaseline']);
  for (const g of gates) for (const suffix of ['Mean', 'Near0', 'Near1', 'Histogram', 'Map', 'PerPosition']) skip.add(`${g}${suffix}`);
  return (
    <div className="gl-tm-node" data-testid="tm-node" data-node={nodeId} data-step={step}>
      <div className="gl-muted">Node <code>{nodeId}</code> · step {step} · probe of the first held-out examples</div>
      {gates.map((g) => <GateSection key={g} id={nodeId} name={g} s={s} range={gateRange(type, g)} />)}
      {isVec(s.expertLoad) && <RoutingSection id={nodeId} s={s} />}
      {isVec(s.firstTokenAttention) && <AttentionSection id={nodeId} s={s} />}
      <AuxSection id={nodeId} />
      <ScalarSection id={nodeId} s={s} skip={skip} />
    </div>
  );
});
