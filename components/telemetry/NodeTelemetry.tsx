/**
 * The stats panel for the selected node: each statistic drawn by its kind,
 * titled with its glossary label (explained on hover and focus). Gates: the
 * value histogram over time (step × value) and a per-token map; routers:
 * expert load, the top-expert share with the collapse warning, and
 * token-to-expert weights; attention: the first-token share per head and the
 * maps; rates, compute, learned scalars and activation sizes over steps.
 * Re-renders when a statistics snapshot arrives (a few a second).
 */
import { memo } from 'react';
import { auxKey, headlineFigure, modelKey, scalarValue, summaryParts, type AttentionSummary, type GateSummary, type NodeSummary, type PartOf, type RoutingSummary, type StatContext, type StatPart, type StatSummary } from '../../engine';
import { useGraph } from '../../src/store/graphStore';
import { statsIdOf, useValidation } from '../../src/store/validation';
import { auxSeries, statsLog, useRun } from '../../src/store/runStore';
import { asKind, histogramOverTime, rowsOf, seriesOf } from '../../src/store/statsStore';
import { Heatmap } from './Heatmap';
import { MiniLine } from './MiniLine';
import { Bars } from './Bars';
import { StatLabel } from './StatLabel';
import { css, expertColour } from './colour';

const ORANGE = '#e8590c', BLUE = '#1d4ed8', GREEN = '#15803d';
const isVec = (v: unknown): v is number[] => Array.isArray(v) && (v.length === 0 || typeof v[0] === 'number');

/** A summary part's number over the log. */
const partOf = (name: string, part: StatPart) => (s: StatSummary) => {
  const v = summaryParts(name, s).find((f) => f.part.part === part.part)?.value;
  return typeof v === 'number' ? v : undefined;
};

function GateSection({ id, name, g, ctx }: { id: string; name: string; g: GateSummary; ctx: StatContext }) {
  const { range } = g;
  const hist = histogramOverTime(statsLog, id, name);
  const gate = asKind('gate');
  const mean = seriesOf(statsLog, id, name, (s) => gate(s)?.mean);
  const near0 = seriesOf(statsLog, id, name, (s) => gate(s)?.near0);
  const near1 = seriesOf(statsLog, id, name, (s) => gate(s)?.near1);
  const label = (part: PartOf<'gate'>, prefix?: string) => <StatLabel part={{ kind: 'gate', part, name }} context={ctx} {...(prefix ? { prefix } : {})} />;
  return (
    <section className="gl-tm-section">
      <h4>{label('mean', 'Gate · ')}</h4>
      <div className="gl-tm-row">
        <Heatmap title={label('histogram')} rows={hist.rows} range={[0, Math.max(0.2, ...hist.rows.flat())]} width={200} height={100}
          xLabel={`steps ${hist.steps[0] ?? ''}–${hist.steps[hist.steps.length - 1] ?? ''} →`} yLabel={`value ${range[0]} → ${range[1]}`} testId={`tm-${id}-${name}-histogram`}
          note={`Colour: share of gate values in each of 20 bins from ${range[0]} (bottom) to ${range[1]} (top).`} />
        <MiniLine title="Mean, near 0, near 1" series={[
          { label: 'mean', ...mean, colour: ORANGE },
          { label: 'near 0', ...near0, colour: BLUE, dash: '3 2' },
          { label: 'near 1', ...near1, colour: GREEN, dash: '3 2' },
        ]} range={[Math.min(0, range[0]), Math.max(1, range[1])]} width={210} height={100} testId={`tm-${id}-${name}-mean`} />
      </div>
      <div className="gl-tm-row">
        {g.map.length > 0 && <GateMap id={id} name={name} g={g} ctx={ctx} />}
        {g.perPosition && <Bars title={label('perPosition')} values={g.perPosition} range={range} width={210} height={80} testId={`tm-${id}-${name}-position`} />}
        {g.perItem && <Bars title={label('perItem')} values={g.perItem.values} range={range} width={140} height={64} testId={`tm-${id}-${name}-per-item`} />}
      </div>
    </section>
  );
}

/**
 * One example's gates: item × position for a stack, position × unit for a
 * sequence, example × unit otherwise. A single gate per token ([T][1]) is
 * drawn as one strip along the positions, not a column of identical cells.
 */
function GateMap({ id, name, g, ctx }: { id: string; name: string; g: GateSummary; ctx: StatContext }) {
  const { map, range } = g;
  const testId = `tm-${id}-${name}-map`;
  const title = (where: string) => <StatLabel part={{ kind: 'gate', part: 'map', name }} context={ctx} prefix={`${where} · `} />;
  const item = g.perItem?.item.toLowerCase();
  const perToken = g.perPosition !== undefined;
  if (item) {
    return <Heatmap title={title(`Per ${item} and token`)} rows={map} range={range} width={200} height={Math.min(140, Math.max(40, map.length * 12))}
      xLabel="position →" yLabel={`${item} ↓`} testId={testId} />;
  }
  if (perToken && map[0]!.length === 1) {
    return <Heatmap title={title('Per token')} rows={[map.map((r) => r[0]!)]} range={range} width={200} height={24} xLabel="position →" testId={testId} />;
  }
  return <Heatmap title={title(perToken ? 'Per token' : 'Per example')} rows={map} range={range} width={200} height={Math.min(140, Math.max(40, map.length * 6))}
    xLabel="unit (head / channel) →" yLabel={perToken ? 'position ↓' : 'example ↓'} testId={testId} />;
}

export function RoutingSection({ id, name, r, ctx }: { id: string; name: string; r: RoutingSummary; ctx: StatContext }) {
  const { load, topShare: top } = r;
  const labels = load.map((_, e) => `e${e}`);
  const colours = load.map((_, e) => css(expertColour(e)));
  const overTime = rowsOf(statsLog, id, name, (s) => asKind('routing')(s)?.load);
  const byExpert = load.map((_, e) => overTime.rows.map((row) => row[e] ?? NaN));
  const entropy = seriesOf(statsLog, id, name, (s) => asKind('routing')(s)?.entropy);
  const label = (part: PartOf<'routing'>) => <StatLabel part={{ kind: 'routing', part, name }} context={ctx} />;
  return (
    <section className="gl-tm-section">
      <h4>Routing <code>{id}</code></h4>
      {r.collapsed && (
        <div className="gl-tm-warn" data-testid={`tm-${id}-collapsed`} role="status">
          Collapse: one expert is the top choice of {Math.round(100 * Math.max(...top))}% of tokens. A balance loss (or noise) spreads the load.
        </div>
      )}
      <div className="gl-tm-row">
        <Bars title={label('load')} values={load} labels={labels} colours={colours} reference={{ value: 1 / load.length, label: 'even' }} width={210} height={80} testId={`tm-${id}-load`} />
        <Bars title={label('topShare')} values={top} labels={labels} colours={colours} warnAbove={0.8} range={[0, 1]} width={200} height={80} testId={`tm-${id}-top`} />
      </div>
      <div className="gl-tm-row">
        <Heatmap title={label('sample')} rows={r.sample} range={[0, 1]} width={120} height={120} xLabel="expert →" yLabel="token ↓" testId={`tm-${id}-tokens`} />
        <Heatmap title="Load over training" rows={byExpert} range={[0, Math.max(1e-9, ...byExpert.flat().filter(Number.isFinite))]} width={170} height={Math.max(40, load.length * 10)}
          rowLabels={labels} xLabel="step →" testId={`tm-${id}-load-time`} />
      </div>
      <MiniLine title={label('entropy')} series={[{ label: 'entropy', ...entropy, colour: ORANGE }]} reference={{ value: Math.log(load.length), label: 'uniform' }} width={210} height={70} testId={`tm-${id}-entropy`} />
    </section>
  );
}

function AttentionSection({ id, name, a, ctx }: { id: string; name: string; a: AttentionSummary; ctx: StatContext }) {
  const heads = a.firstToken;
  const byKind = a.byQueryKind;
  const label = (part: PartOf<'attention'>) => <StatLabel part={{ kind: 'attention', part, name }} context={ctx} />;
  return (
    <section className="gl-tm-section">
      <h4>Attention</h4>
      <div className="gl-tm-row">
        <Bars title={label('firstToken')} values={heads} labels={heads.map((_, h) => `h${h}`)} range={[0, 1]}
          reference={{ value: a.baseline, label: 'uniform' }} width={210} height={80} testId={`tm-${id}-sink`} />
        {byKind && byKind.length >= 2 && (
          <Bars title={label('byQueryKind')} values={byKind[0]!} compare={byKind[1]!} legend={['ordinary', 'trigger']} labels={heads.map((_, h) => `h${h}`)} range={[0, 1]} width={200} height={80} testId={`tm-${id}-sink-kind`} />
        )}
      </div>
      <div className="gl-tm-row">
        {a.map.map((m, h) => <Heatmap key={h} title={`h${h}`} rows={m} range={[0, 1]} width={88} height={88} testId={`tm-${id}-map-h${h}`} />)}
      </div>
    </section>
  );
}

/** Every other figure: numbers over steps (learned scalars, rates, compute, activation sizes), per-item and per-position vectors as bars. */
function ScalarSection({ id, stats, ctx }: { id: string; stats: [string, StatSummary][]; ctx: StatContext }) {
  const fields = stats.flatMap(([name, s]) => summaryParts(name, s).map(({ part, key, value: v }) => ({ name, part, key, v, share: headlineFigure(name, s).share })));
  if (!fields.length) return null;
  return (
    <section className="gl-tm-section">
      <h4>Over steps</h4>
      <div className="gl-tm-row wrap">
        {fields.map(({ name, part, key, v, share }) => typeof v === 'number'
          ? <MiniLine key={key} title={<StatLabel part={{ ...part, name }} context={ctx} />} series={[{ label: key, ...seriesOf(statsLog, id, name, partOf(name, part)), colour: share ? BLUE : ORANGE }]}
            {...(share ? { range: [0, 1] as [number, number] } : {})} width={140} height={64} testId={`tm-${id}-${key}`} />
          : isVec(v) ? <Bars key={key} title={<StatLabel part={{ ...part, name }} context={ctx} />} values={v} width={140} height={64} testId={`tm-${id}-${key}`} /> : null)}
      </div>
    </section>
  );
}

/** The node's auxiliary losses (load balance, gate penalties) over steps, as they entered the training loss. */
function AuxSection({ id, ctx }: { id: string; ctx: StatContext }) {
  const keys = [...auxSeries.keys()].filter((k) => k.startsWith(`${id}/`));
  if (!keys.length) return null;
  return (
    <section className="gl-tm-section">
      <h4>Auxiliary losses</h4>
      <div className="gl-tm-row wrap">
        {keys.map((k) => {
          const [x, y] = auxSeries.get(k)!.view();
          return <MiniLine key={k} title={<StatLabel statKey={auxKey(k.slice(id.length + 1))} context={ctx} />} series={[{ label: k, steps: Array.from(x), values: Array.from(y), colour: GREEN }]} width={200} height={70} testId={`tm-${id}-aux-${k.slice(id.length + 1)}`} />;
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
  const value = (k: string) => scalarValue(m[k]) ?? NaN;
  const spent = seriesOf(statsLog, '@model', 'flopsPerExample');
  const dense = value('denseFlopsPerExample');
  const share = { steps: spent.steps, values: spent.values.map((v) => v / Math.max(dense, 1e-9)) };
  const now = value('flopsPerExample') / Math.max(dense, 1e-9);
  const sink = seriesOf(statsLog, '@model', 'firstTokenAttention');
  return (
    <section className="gl-tm-section" data-testid="tm-model">
      <h4>The whole model</h4>
      <p className="gl-muted">{value('params').toLocaleString()} <StatLabel statKey={modelKey('params')} /> · {Math.round(value('flopsPerExample')).toLocaleString()} of {Math.round(dense).toLocaleString()} FLOPs per example spent ({(100 * now).toFixed(0)}%)</p>
      <div className="gl-tm-row">
        <MiniLine title={<StatLabel statKey={modelKey('flopsPerExample')} prefix="Share · " />} series={[{ label: 'share', ...share, colour: BLUE }]} range={[0, 1]} width={200} height={70} testId="tm-model-compute" />
        {sink.values.length > 0 && <MiniLine title={<StatLabel statKey={modelKey('firstTokenAttention')} />} series={[{ label: 'sink', ...sink, colour: ORANGE }]} range={[0, 1]} width={200} height={70} testId="tm-model-sink" />}
      </div>
    </section>
  );
});

/** The node's summaries by kind: gates, routers and attention get their own sections, everything else is drawn over steps. */
function byKind(s: NodeSummary) {
  const entries = Object.entries(s);
  const of = <K extends StatSummary['kind']>(kind: K) => entries.flatMap(([n, v]) => (v.kind === kind ? [[n, v as Extract<StatSummary, { kind: K }>] as const] : []));
  return {
    gates: of('gate'),
    routers: of('routing'),
    attention: of('attention'),
    rest: entries.filter(([, v]) => v.kind !== 'gate' && v.kind !== 'routing' && v.kind !== 'attention'),
  };
}

export const NodeTelemetry = memo(function NodeTelemetry({ nodeId: canvasId }: { nodeId: string }) {
  useRun((r) => r.statsVersion); // redraw per snapshot
  // Inside a block, or for a block's gate, the run knows the node by its inlined id (glu1/s).
  const nodeId = useValidation(statsIdOf(canvasId));
  const s = useRun((r) => r.stats?.stats[nodeId]);
  const step = useRun((r) => r.stats?.step);
  const type = useGraph((g) => g.graph.nodes.find((n) => n.id === canvasId)?.type);
  if (!s) return <p className="gl-muted" data-testid="tm-node-empty">No statistics for <code>{nodeId}</code> yet: press Train; they arrive every few steps.</p>;
  const ctx: StatContext = type ? { nodeType: type } : {};
  const k = byKind(s);
  return (
    <div className="gl-tm-node" data-testid="tm-node" data-node={nodeId} data-step={step}>
      <div className="gl-muted">Node <code>{nodeId}</code> · step {step} · probe of the first held-out examples</div>
      {k.gates.map(([name, g]) => <GateSection key={name} id={nodeId} name={name} g={g} ctx={ctx} />)}
      {k.routers.map(([name, r]) => <RoutingSection key={name} id={nodeId} name={name} r={r} ctx={ctx} />)}
      {k.attention.map(([name, a]) => <AttentionSection key={name} id={nodeId} name={name} a={a} ctx={ctx} />)}
      <AuxSection id={nodeId} ctx={ctx} />
      <ScalarSection id={nodeId} stats={k.rest} ctx={ctx} />
    </div>
  );
});
