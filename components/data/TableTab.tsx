/**
 * The table import: a CSV or TSV file read by the engine, its columns with
 * their detected types, the person's choice of target, features, task,
 * standardisation and held-out share (or a held-out file of its own, read the
 * same way and scaled by the training file's figures), what that choice gives (class balance
 * or target range, a preview of the points for two features), and every
 * problem with its row and column. Rows with problems are dropped only when
 * the person says so; until Apply the graph is untouched.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { describeColumns, guessTask, parseCsv, resolveOwnDataset, tableFromCsv, withHeldOut, type ColumnInfo, type CsvTable, type DataProblem, type TableData } from '../../engine';
import { usePendingFile, type PendingFile } from '../../src/store/dataStore';
import { useGraph } from '../../src/store/graphStore';
import { useUi } from '../../src/store/uiStore';
import { applyDataset } from '../../src/data/apply';
import { defaultChoice, previewPoints, type Choice } from '../../src/data/tableChoices';
import { openDataFile } from '../../src/persistence/dataFiles';
import { drawBoundary } from '../charts/Boundary';
import { classColour, rgb } from '../charts/frame';
import { formatFigure } from '../format';

const num = (v: number | undefined) => formatFigure(v, 1e4);
const close = () => useUi.getState().open('none');
const NO_TARGET: { ok: false; problems: DataProblem[] } = { ok: false, problems: [{ code: 'UNKNOWN_COLUMN', message: 'pick a target column: the value to predict' }] };

export function TableTab() {
  const file = usePendingFile('table');
  const held = useGraph((s) => s.graph.training.dataset);
  if (file) return <TableFile key={`${file.name}:${file.text.length}`} file={file} />;
  const own = held.name === 'table' ? resolveOwnDataset(held) : undefined;
  return (
    <div className="gl-data-tab">
      {own && 'spec' in own && <p data-testid="table-held">The graph holds your table: {own.spec.doc} A file chosen here replaces it.</p>}
      <PickFile />
    </div>
  );
}

function PickFile({ label = 'Choose a CSV or TSV file…' }: { label?: string }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <div className="gl-data-pick">
      <button onClick={() => input.current?.click()} data-testid="table-pick">{label}</button>
      <span className="gl-muted">or drop one anywhere on the page. A header row, numeric feature columns and a target column (class labels or numbers).</span>
      <input ref={input} type="file" accept=".csv,.tsv,text/csv,text/tab-separated-values" hidden data-testid="table-file" aria-label="CSV or TSV file"
        onChange={(e) => { const f = e.target.files?.[0]; e.target.value = ''; if (f) void openDataFile(f); }} />
    </div>
  );
}

export function ProblemList({ problems, testId }: { problems: readonly DataProblem[]; testId: string }) {
  return <ul className="gl-errors gl-data-problems" data-testid={testId}>{problems.map((p, i) => <li key={i}>{p.message}</li>)}</ul>;
}

function TableFile({ file }: { file: PendingFile }) {
  const csv = useMemo(() => parseCsv(file.text), [file]);
  if (!csv.ok) {
    return (
      <div className="gl-data-tab" data-testid="table-refused">
        <p className="gl-error-text" role="alert">“{file.name}” cannot be imported; your graph is unchanged. {csv.problems.length === 1 ? 'The problem:' : `${csv.problems.length} problems:`}</p>
        <ProblemList problems={csv.problems} testId="table-problems" />
        <div className="gl-dialog-actions"><PickFile label="Choose another file…" /><button onClick={close} data-testid="table-cancel">Cancel</button></div>
      </div>
    );
  }
  return <TableChooser name={file.name} csv={csv.value} />;
}

function TableChooser({ name, csv }: { name: string; csv: CsvTable }) {
  const columns = useMemo(() => describeColumns(csv), [csv]);
  const [choice, setChoice] = useState<Choice>(() => defaultChoice(columns));
  const [heldFile, setHeldFile] = useState<{ name: string; text: string } | null>(null);
  const result = useMemo(() => (choice.targets.length ? tableFromCsv(csv, choice) : NO_TARGET), [csv, choice]);
  const held = useMemo(() => (result.ok && heldFile ? readHeldOut(heldFile, result.value.dataset) : null), [result, heldFile]);
  const set = (patch: Partial<Choice>) => setChoice((c) => ({ ...c, ...patch }));
  const rowProblems = !result.ok && result.problems.some((p) => p.row !== undefined);
  const data = result.ok && (!held || held.ok) ? (held?.ok ? held.value : result.value.dataset) : null;
  const apply = () => {
    if (!data) return;
    const outputs = data.task === 'regression' ? data.targets!.length : data.classes!.length;
    applyDataset(data as unknown as Record<string, unknown>, { task: data.task!, outputs }, `Import ${name}`);
  };
  return (
    <div className="gl-data-tab" data-testid="table-import">
      <p className="gl-muted">“{name}”: {csv.rows.length.toLocaleString('en')} rows, {csv.columns.length} columns{csv.delimiter === '\t' ? ', tab-separated' : csv.delimiter === ';' ? ', semicolon-separated' : ''}{csv.decimalComma ? ', decimal commas' : ''}.</p>
      <ColumnTable columns={columns} choice={choice} set={set} scaling={data?.scaling} />
      <div className="gl-data-options">
        <fieldset className="gl-draw-row">
          <legend>Task</legend>
          {(['classification', 'regression'] as const).map((t) => (
            <label key={t}><input type="radio" name="gl-table-task" checked={choice.task === t} onChange={() => set({ task: t, targets: t === 'classification' ? choice.targets.slice(0, 1) : choice.targets })} data-testid={`table-task-${t}`} /> {t}</label>
          ))}
        </fieldset>
        <label className="gl-check"><input type="checkbox" checked={choice.standardize} onChange={(e) => set({ standardize: e.target.checked })} data-testid="table-standardize" /> Standardise the features (subtract the mean, divide by the spread; stored with the data so new rows are scaled the same way)</label>
        {!heldFile && (
          <label className="gl-draw-row">Held out for evaluation
            <input type="number" min={5} max={90} step={5} value={Math.round(choice.heldOutShare * 100)} style={{ width: 64 }}
              onChange={(e) => { const v = Number(e.target.value); if (v >= 5 && v <= 90) set({ heldOutShare: v / 100 }); }} data-testid="table-held-out" /> %
          </label>
        )}
        <HeldOutFile file={heldFile} onFile={setHeldFile} />
      </div>
      {held && !held.ok && (
        <div role="alert" data-testid="table-held-problems">
          <p className="gl-error-text">The held-out file “{heldFile!.name}” cannot be used with this table:</p>
          <ProblemList problems={held.problems} testId="table-held-problem-list" />
        </div>
      )}
      {!result.ok && (
        <div data-testid="table-choice-problems" role="alert">
          <p className="gl-error-text">{rowProblems ? 'Some rows have problems. Nothing is imported until you choose to drop them, or cancel:' : 'This choice cannot be imported yet:'}</p>
          <ProblemList problems={result.problems} testId="table-problems" />
          {rowProblems && <div className="gl-dialog-actions"><button onClick={() => set({ dropBadRows: true })} data-testid="table-drop-rows">Drop these rows and go on</button><button onClick={close} data-testid="table-cancel">Cancel</button></div>}
        </div>
      )}
      {result.ok && data && <Summary data={data} columns={columns} dropped={result.value.dropped} notes={result.value.notes} />}
      <div className="gl-dialog-actions">
        <button onClick={close}>Cancel</button>
        <button className="primary" disabled={!data} onClick={apply} data-testid="table-apply">Use this table</button>
      </div>
    </div>
  );
}

type Role = 'feature' | 'target' | 'none';

function ColumnTable({ columns, choice, set, scaling }: { columns: ColumnInfo[]; choice: Choice; set: (p: Partial<Choice>) => void; scaling: TableData['scaling'] }) {
  const { targets, features } = choice;
  const roleOf = (n: string): Role => (targets.includes(n) ? 'target' : features.includes(n) ? 'feature' : 'none');
  const setRole = (n: string, role: Role) => {
    const f = features.filter((x) => x !== n);
    let t = targets.filter((x) => x !== n);
    if (role === 'feature') f.push(n);
    const col = columns.find((c) => c.name === n);
    if (role === 'target' && col) {
      // A number column joins a regression's targets; otherwise the new target replaces the old, which goes back to the features when it holds numbers.
      const task = choice.task === 'regression' && col.kind === 'number' ? 'regression' : guessTask(col);
      if (task === 'classification' || choice.task === 'classification') {
        for (const old of t) if (columns.find((c) => c.name === old)?.kind === 'number') f.push(old);
        t = [];
      }
      t.push(n);
      set({ targets: t, features: f, task });
      return;
    }
    set({ targets: t, features: f });
  };
  return (
    <div className="gl-table-scroll">
      <table className="gl-table-columns" data-testid="table-columns">
        <thead><tr><th>column</th><th>type</th><th>use as</th><th>mean</th><th>spread</th><th>range</th></tr></thead>
        <tbody>
          {columns.map((c) => {
            const fi = features.indexOf(c.name);
            const mean = scaling && fi >= 0 ? scaling.mean[fi] : c.mean, std = scaling && fi >= 0 ? scaling.std[fi] : c.std;
            return (
              <tr key={c.name} data-testid={`table-column-${c.name}`}>
                <th scope="row">{c.name}</th>
                <td>{c.kind === 'number' ? 'numbers' : `text (${c.distinct}${c.distinct >= 1000 ? '+' : ''} values)`}{c.bad > 0 && <span className="gl-error-text"> · {c.bad} bad</span>}</td>
                <td>
                  <select value={roleOf(c.name)} onChange={(e) => setRole(c.name, e.target.value as Role)} aria-label={`Use column ${c.name} as`} data-testid={`table-role-${c.name}`}>
                    <option value="feature" disabled={c.kind !== 'number'}>feature</option>
                    <option value="target">target</option>
                    <option value="none">not used</option>
                  </select>
                </td>
                <td>{c.kind === 'number' ? num(mean) : ''}</td>
                <td>{c.kind === 'number' ? num(std) : ''}</td>
                <td>{c.kind === 'number' ? `${num(c.min)} … ${num(c.max)}` : ''}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** The held-out file read as the training file was (same columns, classes and scaling), appended after its rows. */
function readHeldOut(file: { name: string; text: string }, train: TableData): { ok: true; value: TableData } | { ok: false; problems: DataProblem[] } {
  const csv = parseCsv(file.text);
  if (!csv.ok) return csv;
  const held = tableFromCsv(csv.value, { like: train });
  return held.ok ? { ok: true, value: withHeldOut(train, held.value.dataset) } : held;
}

function HeldOutFile({ file, onFile }: { file: { name: string } | null; onFile: (f: { name: string; text: string } | null) => void }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <div className="gl-draw-row">
      {file
        ? <>Held-out file: “{file.name}” <button onClick={() => onFile(null)} data-testid="table-held-file-remove">Hold out a share instead</button></>
        : <button onClick={() => input.current?.click()} data-testid="table-held-file-pick">Or use a held-out file…</button>}
      <input ref={input} type="file" accept=".csv,.tsv,text/csv,text/tab-separated-values" hidden data-testid="table-held-file" aria-label="Held-out CSV or TSV file"
        onChange={(e) => { const f = e.target.files?.[0]; e.target.value = ''; if (f) void f.text().then((text) => onFile({ name: f.name, text })); }} />
    </div>
  );
}

function Summary({ data, columns, dropped, notes }: { data: TableData; columns: ColumnInfo[]; dropped: DataProblem[]; notes: string[] }) {
  const rows = data.rows!.length;
  const supplied = data.heldOutFrom !== undefined;
  const held = supplied ? rows - data.heldOutFrom! : Math.round(rows * (data.heldOutShare ?? 0.2));
  return (
    <div className="gl-table-summary" data-testid="table-summary">
      <div className="gl-table-facts">
        <p>{rows.toLocaleString('en')} rows: {supplied ? '' : 'about '}{(rows - held).toLocaleString('en')} to train on and {held.toLocaleString('en')} held out {supplied ? '(your held-out file: these rows alone are evaluated)' : '(drawn with the graph’s seed)'}. Features: {data.features!.join(', ')}{data.scaling ? (supplied ? ', standardised by the training file' : ', standardised') : ''}.</p>
        {data.task === 'classification' ? <ClassBalance data={data} /> : <TargetRanges data={data} columns={columns} />}
        {dropped.length > 0 && (
          <details data-testid="table-dropped" open>
            <summary>{dropped.length} row{dropped.length === 1 ? '' : 's'} dropped</summary>
            <ProblemList problems={dropped.slice(0, 20)} testId="table-dropped-list" />
          </details>
        )}
        {notes.map((n, i) => <p key={i} className="gl-muted">Note: {n}.</p>)}
      </div>
      <Preview data={data} />
    </div>
  );
}

function ClassBalance({ data }: { data: TableData }) {
  const label = data.columns!.indexOf(data.targets![0]!);
  const counts = new Map<string, number>();
  for (const r of data.rows!) counts.set(String(r[label]), (counts.get(String(r[label])) ?? 0) + 1);
  const max = Math.max(...counts.values());
  return (
    <div data-testid="table-balance">
      <div className="gl-muted">Class balance of “{data.targets![0]}” ({data.classes!.length} classes)</div>
      {data.classes!.slice(0, 12).map((c, i) => (
        <div key={c} className="gl-balance-row">
          <span className="gl-balance-label">{c}</span>
          <span className="gl-balance-bar" style={{ width: `${(100 * (counts.get(c) ?? 0)) / max}%`, background: rgb(classColour(i)) }} />
          <span className="gl-muted">{counts.get(c) ?? 0}</span>
        </div>
      ))}
      {data.classes!.length > 12 && <div className="gl-muted">… and {data.classes!.length - 12} more classes</div>}
    </div>
  );
}

function TargetRanges({ data, columns }: { data: TableData; columns: ColumnInfo[] }) {
  return (
    <ul data-testid="table-range">
      {data.targets!.map((t) => { const c = columns.find((x) => x.name === t); return <li key={t}>Target “{t}”: from {num(c?.min)} to {num(c?.max)}, mean {num(c?.mean)}</li>; })}
    </ul>
  );
}

function Preview({ data }: { data: TableData }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const points = useMemo(() => previewPoints(data), [data]);
  useEffect(() => {
    if (!ref.current || !points.length) return;
    let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
    for (const [x, y] of points) { x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y); }
    const px = (x1 - x0 || 1) * 0.06, py = (y1 - y0 || 1) * 0.06;
    // A regression's points: orange above the target's median, blue below (high and low, as the fitted surface colours them).
    const median = [...points.map((p) => p[2])].sort((a, b) => a - b)[points.length >> 1]!;
    drawBoundary(ref.current, null, data.task === 'regression' ? points.map(([x, y, v]) => [x, y, v >= median ? 0 : 1] as const) : points, 3, [x0 - px, x1 + px, y0 - py, y1 + py]);
  }, [points, data.task]);
  if (!points.length) return null;
  return (
    <figure className="gl-table-preview">
      <canvas ref={ref} width={360} height={360} data-testid="table-preview" role="img" aria-label={`Preview: ${points.length} rows plotted, ${data.features![0]} across and ${data.features![1]} up, ${data.task === 'regression' ? `orange where ${data.targets![0]} is above its median, blue below` : 'coloured by class'}`} />
      <figcaption className="gl-muted">{data.features![0]} → , {data.features![1]} ↑{data.task === 'regression' ? ` · orange: ${data.targets![0]} above its median` : ''}</figcaption>
    </figure>
  );
}
