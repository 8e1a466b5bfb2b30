/**
 * The attention-sink lab (Qiu et al., 2025, gated attention): how much attention each head
 * parks on the first token, per layer and head over training, against the
 * uniform share for the mask; the attention maps of one example; and one
 * click to train the same seed with the attention gate switched off (run B,
 * in a second worker), shown beside the gated run (run A).
 */
import { memo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { declaresStat, type Summaries } from '../../engine';
import { series, statsLog, useRun } from '../../src/store/runStore';
import { headsOverTime, nodesOfKind, nodesWith, ofKind, seriesOf, type LogEntry } from '../../src/store/statsStore';
import { pairLog, pairSeries, usePair } from '../../src/store/pairStore';
import { useGraph } from '../../src/store/graphStore';
import { gateOff, getPairRunner, startPair } from '../../src/worker/pair';
import type { SeriesBuffer } from '../../src/store/series';
import { Heatmap } from './Heatmap';
import { MiniLine } from './MiniLine';
import { Bars } from './Bars';
import { RUN_A_COLOUR, RUN_B_COLOUR } from './colour';
import { StatLabel } from './StatLabel';


const arrays = (b: SeriesBuffer) => { const [x, y] = b.view(); return { steps: Array.from(x), values: Array.from(y) }; };
const mean = (v: readonly number[]) => v.reduce((a, b) => a + b, 0) / Math.max(v.length, 1);

/** Each attention layer's summary in a snapshot, in the order the forward pass met them. */
const attentionOf = (latest: Summaries | undefined) => nodesOfKind(latest, 'attention').map((id) => [id, ofKind(latest![id], 'attention')![1]] as const);

function RunColumn({ which, log, latest, compact }: { which: 'A' | 'B'; log: readonly LogEntry[]; latest: Summaries | undefined; compact: boolean }) {
  const layers = attentionOf(latest);
  if (!layers.length) return <div className="gl-tm-col gl-muted">{which === 'B' ? 'Run B has no statistics yet.' : 'No attention statistics yet: press Train.'}</div>;
  const grid = headsOverTime(log, layers.map(([id]) => id));
  const base = layers[0]![1].baseline;
  const t = which.toLowerCase();
  return (
    <div className="gl-tm-col" data-testid={`sink-run-${t}`}>
      <Heatmap title={`Run ${which}: first-token attention, layer × head over training`} rows={grid.rows} range={[0, 1]} width={compact ? 140 : 200} height={Math.max(48, grid.rows.length * 12)}
        rowLabels={grid.labels} xLabel={`step ${grid.steps[0] ?? ''} → ${grid.steps[grid.steps.length - 1] ?? ''}`}
        note={`uniform share: ${base.toFixed(3)}`} testId={`sink-grid-${t}`} />
      {layers.map(([id, a]) => {
        const maps = a.map;
        return (
          <div key={id} className="gl-tm-maps">
            <div className="gl-muted">Run {which} · <code>{id}</code> · attention maps of example 0 (query ↓, key →)</div>
            <div className="gl-tm-row">{maps.map((m, h) => <Heatmap key={h} title={`h${h}`} rows={m} range={[0, 1]} width={compact ? 64 : 84} height={compact ? 64 : 84} testId={`sink-map-${t}-${id}-h${h}`} />)}</div>
          </div>
        );
      })}
    </div>
  );
}

/** The value drain (the first token's value norm against the others') over training, and the largest |activation| per layer now. */
function Drain({ pairOn, latestA, latestB }: { pairOn: boolean; latestA: Summaries | undefined; latestB: Summaries | undefined }) {
  const layers = nodesWith(latestA, 'firstTokenValueRatio');
  const acts = nodesOfKind(latestA, 'activation');
  if (!layers.length && !acts.length) return null;
  const maxOf = (s: Summaries | undefined) => acts.map((id) => ofKind(s?.[id], 'activation')?.[1].max ?? NaN);
  return (
    <div className="gl-tm-row">
      {layers.map((id) => (
        <MiniLine key={id} title={<StatLabel part={{ kind: 'scalar', part: 'value', name: 'firstTokenValueRatio' }} prefix={`${id} · `} />} series={[
          { label: 'A', ...seriesOf(statsLog, id, 'firstTokenValueRatio'), colour: RUN_A_COLOUR },
          ...(pairOn ? [{ label: 'B', ...seriesOf(pairLog, id, 'firstTokenValueRatio'), colour: RUN_B_COLOUR }] : []),
        ]} reference={{ value: 1, label: 'no drain' }} width={200} height={80} testId={`sink-drain-${id}`} />
      ))}
      {acts.length > 0 && (
        <Bars title={<StatLabel part={{ kind: 'activation', part: 'max' }} prefix="Now, per node · " />} values={maxOf(latestA)} {...(pairOn && latestB ? { compare: maxOf(latestB), legend: ['A', 'B'] as [string, string] } : {})}
          labels={acts} width={230} height={80} testId="sink-massive" />
      )}
    </div>
  );
}

/** Run B's status and step: its own subscription, so B's ticks re-render this line only. */
export function PairStatus() {
  const p = usePair(useShallow((s) => ({ status: s.status, label: s.label, step: s.step })));
  return <span className="gl-muted" data-testid="pair-status" data-status={p.status}>Run B ({p.label}): {p.status}, step {p.step}</span>;
}

export const SinkLab = memo(function SinkLab() {
  useRun((r) => r.statsVersion);
  usePair((p) => p.statsVersion);
  const latestA = useRun((r) => r.stats?.stats);
  const latestB = usePair((p) => p.stats?.stats);
  const pair = usePair(useShallow((p) => ({ status: p.status, failure: p.failure })));
  const graph = useGraph((g) => g.graph);
  const rev = useGraph((g) => g.rev);
  const off = gateOff(graph);
  const layersA = attentionOf(latestA);
  const hasAttention = layersA.length > 0 || graph.nodes.some((n) => declaresStat(n.type, 'attention'));
  const base = layersA[0]?.[1].baseline;
  const sinkA = seriesOf(statsLog, '@model', 'firstTokenAttention');
  const sinkB = seriesOf(pairLog, '@model', 'firstTokenAttention');
  const headsA = layersA.flatMap(([, a]) => a.firstToken);
  const headsB = attentionOf(latestB).flatMap(([, a]) => a.firstToken);
  const byKind = layersA.flatMap(([, a]) => (a.byQueryKind && a.byQueryKind.length >= 2 ? [a.byQueryKind] : []));
  const pairOn = pair.status !== 'idle';
  const lead = (
    <p className="gl-tm-lead">
      An ungated head with nothing useful to add parks its attention on the first token: the <b>attention sink</b>. A sigmoid gate on the head’s output lets it switch off instead.
      The charts show <StatLabel part={{ kind: 'attention', part: 'firstToken' }} /> against the <StatLabel part={{ kind: 'attention', part: 'baseline' }} /> (dashed).
    </p>
  );
  // empty charts and "press Train" would mislead on a graph that can never fill them
  if (!hasAttention) {
    return <div className="gl-tm-sink" data-testid="sink-lab">{lead}<p className="gl-tm-warn" data-testid="sink-none">This graph has no attention layer. Load the “Gated attention and the attention sink” preset.</p></div>;
  }
  return (
    <div className="gl-tm-sink" data-testid="sink-lab">
      {lead}
      <div className="gl-tm-actions">
        <button className="primary" disabled={!off} data-testid="sink-compare" onClick={() => off && startPair(graph, rev, off, 'attention gate off')}
          title={off ? 'Trains this graph (run A) and the same graph and seed with every attention gate set to none (run B), side by side' : 'Needs a Gated attention node whose gate is on'}>
          ▶ Compare: same seed, gate off
        </button>
        {(pair.status === 'running' || pair.status === 'starting') && <button onClick={() => getPairRunner().stop()} data-testid="pair-stop">Stop run B</button>}
        {pairOn && <PairStatus />}
        {pair.failure && <span className="gl-tm-warn">{pair.failure}</span>}
      </div>
      <div className="gl-tm-row">
        <MiniLine title="Sink (mean over layers and heads)" series={[
          { label: pairOn ? 'A (as built)' : 'this run', ...sinkA, colour: RUN_A_COLOUR },
          ...(pairOn ? [{ label: 'B (gate off)', ...sinkB, colour: RUN_B_COLOUR }] : []),
        ]} {...(base !== undefined ? { reference: { value: base, label: 'uniform' } } : {})} range={[0, 1]} width={230} height={110} testId="sink-line" />
        <Bars title="Per head now (all layers)" values={headsA} {...(pairOn && headsB.length === headsA.length ? { compare: headsB, legend: ['A', 'B'] as [string, string] } : {})}
          {...(base !== undefined ? { reference: { value: base, label: 'uniform' } } : {})} range={[0, 1]} width={200} height={110} testId="sink-heads" />
      </div>
      {byKind.length > 0 && (
        <Bars title="Run A by query kind: ordinary vs trigger positions (per head)" values={byKind.flatMap((k) => k[0]!)} compare={byKind.flatMap((k) => k[1]!)} legend={['ordinary', 'trigger']} range={[0, 1]} width={430} height={80} testId="sink-kinds" />
      )}
      <div className="gl-tm-row top">
        <RunColumn which="A" log={statsLog} latest={latestA} compact={pairOn} />
        {pairOn && <RunColumn which="B" log={pairLog} latest={latestB} compact />}
      </div>
      <Drain pairOn={pairOn} latestA={latestA} latestB={latestB} />
      {pairOn && (
        <MiniLine title={<StatLabel statKey="evalLoss" />} series={[{ label: 'A', ...arrays(series.evalLoss), colour: RUN_A_COLOUR }, { label: 'B', ...arrays(pairSeries.evalLoss), colour: RUN_B_COLOUR }]} width={430} height={80} testId="sink-loss" />
      )}
      {headsA.length > 0 && <p className="gl-muted">Run A mean now: {mean(headsA).toFixed(3)}{pairOn && headsB.length ? ` · run B: ${mean(headsB).toFixed(3)}` : ''}{base !== undefined ? ` · uniform: ${base.toFixed(3)}` : ''}</p>}
    </div>
  );
});
