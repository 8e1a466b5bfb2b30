/**
 * Trace one example: a held-out example (or one token of it) followed through
 * the trained graph, node by node: each gate's values for it, the experts its
 * router sent it to and with what weights, the blocks it skipped and where it
 * left, then its prediction against the label. Picked from the misclassified
 * list, by its index (and a token), or by a click on the Router map's planes.
 * The worker runs the model on that one example (engine traceExample).
 */
import { memo, useState, type MouseEvent } from 'react';
import { useRun } from '../../src/store/runStore';
import { useTelemetry } from '../../src/store/telemetryStore';
import { markTracePending, nameOf, useTrace } from '../../src/store/traceStore';
import { getBridge } from '../../src/worker/bridge';
import type { TracePick } from '../../src/worker/protocol';
import type { ExampleTrace, TracedNode, TracedStat } from '../../engine';
import { css, expertColour, viridis } from './colour';

/** Traces `pick` on the run's weights and shows the Trace tab. */
export function traceAt(pick: TracePick): void {
  markTracePending();
  getBridge().trace(pick);
  useTelemetry.getState().show('trace');
}

/** A click on a plane of the boundary grid: traces the held-out example nearest to the point clicked. */
export function traceNearest(e: MouseEvent<HTMLCanvasElement>): void {
  const g = useRun.getState().boundary;
  if (!g) return;
  const r = e.currentTarget.getBoundingClientRect();
  const [x0, x1, y0, y1] = g.extent;
  traceAt({ point: [x0 + ((e.clientX - r.left) / r.width) * (x1 - x0), y1 - ((e.clientY - r.top) / r.height) * (y1 - y0)] });
}

const f3 = (v: number) => (Number.isNaN(v) ? '–' : v.toFixed(3));
const pct = (v: number) => `${(100 * v).toFixed(0)}%`;

/** What one statistic says about the example, in a line. */
function StatLine({ nodeId, s }: { nodeId: string; s: TracedStat }) {
  const data = { 'data-testid': `trace-${nodeId}-${s.name}`, 'data-values': JSON.stringify(s.values), 'data-mean': s.mean, 'data-kind': s.kind };
  const scope = s.ofToken === false ? <span className="gl-muted" title="This figure has no token axis: it belongs to the whole example or to the node itself."> (not per token)</span> : null;
  if (s.kind === 'routing') {
    return (
      <li {...data}>
        {s.label}: {s.experts!.length === 0 ? 'no expert' : s.experts!.map((e) => (
          <span key={e.expert} className="gl-tr-expert"><i style={{ background: css(expertColour(e.expert)) }} />e{e.expert} <b>{pct(e.weight)}</b></span>
        ))}{scope}
      </li>
    );
  }
  // a figure of the whole pass (an imbalance, a purity) or a learned constant: less to read about this example
  const quiet = s.kind === 'scalar' && s.shape.length === 0;
  // a rate of one example is a decision: 1 taken (skipped, left, sent), 0 not
  const show = (v: number) => (s.kind === 'rate' && (v === 0 || v === 1) ? (v ? 'yes' : 'no') : f3(v));
  const item = s.perItem?.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  let body;
  if (item && s.values.length > 1) body = s.values.map((v, i) => <span key={i} className="gl-tr-item">{item} {i} <b>{show(v)}</b></span>);
  else if (s.kind === 'gate') body = <><b>{f3(s.mean)}</b> {s.values.length > 1 && <Cells values={s.values} shape={s.shape} />}</>;
  else body = <><b>{show(s.mean)}</b>{s.values.length > 1 && <span className="gl-muted"> ({s.values.map(show).join(', ')})</span>}</>;
  return <li {...data} className={quiet ? 'gl-muted' : undefined}>{s.label}: {body}{scope}</li>;
}

/** A gate's values as viridis cells (dark shut, yellow open), one row per head or layer when they have that axis. */
function Cells({ values, shape }: { values: number[]; shape: number[] }) {
  const rows = shape.length >= 2 && shape.reduce((a, b) => a * b, 1) === values.length && shape[0]! <= 16 ? shape[0]! : 1;
  const cols = values.length / rows;
  return (
    <span className="gl-tr-cells" style={{ gridTemplateColumns: `repeat(${cols}, 6px)` }}>
      {values.map((v, i) => <i key={i} style={{ background: css(viridis(Math.min(1, Math.max(0, v)))) }} title={`${rows > 1 ? `${Math.floor(i / cols)}, ${i % cols}` : i}: ${f3(v)}`} />)}
    </span>
  );
}

function NodeCard({ n }: { n: TracedNode }) {
  return (
    <section className="gl-tr-node" data-testid={`trace-node-${n.nodeId}`}>
      <h4>{n.label ?? n.typeLabel} <code className="gl-muted">{n.nodeId}</code></h4>
      <ul>{n.stats.map((s) => <StatLine key={s.name} nodeId={n.nodeId} s={s} />)}</ul>
    </section>
  );
}

function Outcome({ t, labels }: { t: ExampleTrace; labels: string[] | null }) {
  const classified = t.confidence !== undefined;
  return (
    <p className="gl-tr-outcome" data-testid="trace-outcome" data-index={t.index} data-position={t.position} data-predicted={t.predicted[0]} data-label={t.label[0]} data-correct={t.correct}>
      Held-out example <b>#{t.index}</b>{t.position !== undefined && <>, token {t.position}{t.tokens && <> (<code>{nameOf(labels, t.tokens[t.position]!)}</code>)</>}</>}:{' '}
      {classified
        ? <>predicted <b>{nameOf(labels, t.predicted[0]!)}</b> ({pct(t.confidence!)}), label <b>{nameOf(labels, t.label[0]!)}</b> {t.correct ? '✓' : <span className="gl-tr-wrong">✗ wrong</span>}</>
        : <>output {t.predicted.map(f3).join(', ')}; target {t.label.map(f3).join(', ')}</>}
    </p>
  );
}

/** The example's input tokens: click one to trace that position. */
function Tokens({ t, labels }: { t: ExampleTrace; labels: string[] | null }) {
  return (
    <div className="gl-tr-tokens" data-testid="trace-tokens">
      {t.tokens!.map((id, p) => (
        <button key={p} className={p === t.position ? 'on' : ''} onClick={() => traceAt({ index: t.index, position: p })} title={`token ${p}`} data-testid={`trace-token-${p}`}>{nameOf(labels, id)}</button>
      ))}
    </div>
  );
}

export const TraceView = memo(function TraceView() {
  const status = useRun((s) => s.status);
  const { trace, step, list, heldOut, labels, error, pending } = useTrace();
  const [index, setIndex] = useState(0);
  const trained = status !== 'idle' && status !== 'starting';
  return (
    <div data-testid="trace">
      <p className="gl-tm-lead">Follow one held-out example through the trained graph: each gate’s value for it, the experts it is sent to, the blocks it skips, where it leaves, and its prediction. Pick one below, or click a point on the Router map.</p>
      <div className="gl-tm-actions">
        <button onClick={() => { markTracePending(); getBridge().misclassified(); }} disabled={!trained} data-testid="trace-list">List misclassified</button>
        <label>example # <input type="number" min={0} max={Math.max(0, heldOut - 1)} value={index} onChange={(e) => setIndex(Math.max(0, Math.floor(Number(e.target.value) || 0)))} style={{ width: 64 }} data-testid="trace-index" /></label>
        <button onClick={() => traceAt({ index })} disabled={!trained} data-testid="trace-run">Trace</button>
        {pending && <span className="gl-muted">tracing…</span>}
        {!trained && <span className="gl-muted">Train (or Step) first: tracing uses the run’s weights.</span>}
      </div>
      {error && <p className="gl-tm-warn">{error}</p>}
      {list && (
        <details open className="gl-tr-list" data-testid="trace-misclassified" data-count={list.length}>
          <summary>{list.length === 0 ? 'No held-out example is misclassified.' : `${list.length} misclassified (most confident first)`}</summary>
          <ul>
            {list.map((m, i) => (
              <li key={i}><button className="gl-link-button" onClick={() => traceAt({ index: m.index, ...(m.position !== undefined ? { position: m.position } : {}) })} data-testid={`trace-pick-${i}`}>
                #{m.index}{m.position !== undefined ? ` token ${m.position}` : ''}: {nameOf(labels, m.label)} taken for {nameOf(labels, m.predicted)} ({pct(m.confidence)})
              </button></li>
            ))}
          </ul>
        </details>
      )}
      {trace && (
        <>
          <Outcome t={trace} labels={labels} />
          {trace.tokens && <Tokens t={trace} labels={labels} />}
          <p className="gl-muted">Weights of step {step}. Nodes in the order they ran.</p>
          {trace.nodes.length === 0 && <p className="gl-muted">No node of this graph records gates, routing, skips or exits.</p>}
          {trace.nodes.map((n) => <NodeCard key={n.nodeId} n={n} />)}
        </>
      )}
    </div>
  );
});
