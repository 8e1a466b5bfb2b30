/**
 * Text and token sequences of your own: a pasted or loaded text for the
 * character-level language-model tasks (its vocabulary shown, with the size
 * cap), and a JSON or CSV file of input and target token sequences (its
 * vocabulary size checked). The engine checks both; problems are listed and
 * the graph changes only on Apply.
 */
import { useMemo, useRef, useState } from 'react';
import { OWN_LIMITS, sequencesDataset, textDataset, textSchema, type SequencesData, type TextData } from '../../engine';
import { usePendingFile } from '../../src/store/dataStore';
import { useGraph } from '../../src/store/graphStore';
import { refuseTooBig } from '../../src/persistence/dataFiles';
import { visibleToken } from '../../src/tokens';
import { applyDataset } from '../../src/data/apply';
import { ProblemList } from './TableTab';

/** Reads a picked file's text, refusing one over the inline cap before reading it. */
function FilePick({ label, accept, testId, onText }: { label: string; accept: string; testId: string; onText: (name: string, text: string) => void }) {
  const input = useRef<HTMLInputElement>(null);
  const pick = async (f: File) => {
    if (refuseTooBig(f)) return;
    onText(f.name, await f.text());
  };
  return (
    <>
      <button onClick={() => input.current?.click()} data-testid={`${testId}-pick`}>{label}</button>
      <input ref={input} type="file" accept={accept} hidden aria-label={label} data-testid={`${testId}-file`} onChange={(e) => { const f = e.target.files?.[0]; e.target.value = ''; if (f) void pick(f); }} />
    </>
  );
}


export function TextTab() {
  const pending = usePendingFile('text');
  // A dropped .txt first, else the text the graph already trains on.
  const [held] = useState(() => { const d = textSchema.safeParse(useGraph.getState().graph.training.dataset); return d.success ? d.data : undefined; });
  const [text, setText] = useState(() => pending?.text ?? held?.text ?? '');
  const [seqLen, setSeqLen] = useState(held?.seqLen ?? 32);
  const result = useMemo(() => (text ? textDataset(text, seqLen) : null), [text, seqLen]);
  const vocab = useMemo(() => [...new Set(text.length <= OWN_LIMITS.textChars ? text : '')].sort(), [text]);
  const apply = (d: TextData) => applyDataset(d as unknown as Record<string, unknown>, { task: 'classification', outputs: vocab.length }, `Train on your text (${d.text.length.toLocaleString('en')} characters)`);
  return (
    <div className="gl-data-tab" data-testid="text-import">
      <div className="gl-data-pick">
        <FilePick label="Load a text file…" accept=".txt,text/plain" testId="text" onText={(_n, t) => setText(t)} />
        <span className="gl-muted">or paste below. The model learns to predict each next character; at most {OWN_LIMITS.textChars.toLocaleString('en')} characters and {OWN_LIMITS.textVocab} distinct ones.</span>
      </div>
      <textarea className="gl-data-text" value={text} onChange={(e) => setText(e.target.value)} rows={7} aria-label="Your text" data-testid="text-input" placeholder="Paste a text here…" />
      <label className="gl-draw-row">Window length (characters the model sees at once)
        <input type="number" min={2} max={256} value={seqLen} style={{ width: 64 }} onChange={(e) => { const v = Math.round(Number(e.target.value)); if (v >= 2 && v <= 256) setSeqLen(v); }} data-testid="text-seq-len" />
      </label>
      {text && (
        <div>
          <div className="gl-muted">{text.length.toLocaleString('en')} characters; vocabulary of {vocab.length}:</div>
          <div className="gl-vocab" data-testid="text-vocab">{vocab.slice(0, OWN_LIMITS.textVocab).map((c) => <span key={c} className="tok">{visibleToken(c)}</span>)}</div>
        </div>
      )}
      {result && !result.ok && <ProblemList problems={result.problems} testId="text-problems" />}
      <div className="gl-dialog-actions">
        <button className="primary" disabled={!result?.ok} onClick={() => result?.ok && apply(result.value)} data-testid="text-apply">Use this text</button>
      </div>
    </div>
  );
}

export function SequencesTab() {
  // A sequences file dropped on the page or picked with Open arrives as the pending file.
  const pending = usePendingFile('sequences');
  const [file, setFile] = useState<{ name: string; text: string } | null>(pending);
  const [vocab, setVocab] = useState<number | undefined>(undefined);
  const result = useMemo(() => (file ? sequencesDataset(file.text, vocab) : null), [file, vocab]);
  const apply = (d: SequencesData) => applyDataset(d as unknown as Record<string, unknown>, { task: 'classification', outputs: d.vocab }, `Train on ${d.inputs.length} token sequences`);
  return (
    <div className="gl-data-tab" data-testid="sequences-import">
      <div className="gl-data-pick">
        <FilePick label="Load token sequences…" accept=".json,.csv,application/json,text/csv" testId="sequences" onText={(name, text) => setFile({ name, text })} />
        <span className="gl-muted">JSON <code>{'{"inputs": [[3, 1, 4], …], "targets": [[1, 4, 1], …], "vocab": 10}'}</code>, or a CSV with columns <code>input</code> and <code>target</code>, tokens separated by spaces. Targets give a token per position, or one per sequence.</span>
      </div>
      <label className="gl-draw-row">Vocabulary size
        <input type="number" min={2} max={OWN_LIMITS.vocab} value={vocab ?? ''} placeholder="from the file" style={{ width: 110 }} onChange={(e) => setVocab(e.target.value === '' ? undefined : Math.round(Number(e.target.value)))} data-testid="sequences-vocab" />
      </label>
      {file && result && !result.ok && <><p className="gl-error-text" role="alert">“{file.name}” cannot be used; your graph is unchanged:</p><ProblemList problems={result.problems} testId="sequences-problems" /></>}
      {file && result?.ok && (
        <div data-testid="sequences-summary">
          <p>“{file.name}”: {result.value.inputs.length} sequences of {result.value.inputs[0]!.length} tokens, {result.value.targets[0]!.length === 1 ? 'one target each' : 'a target per position'}, vocabulary {result.value.vocab}.</p>
          {result.value.inputs.slice(0, 2).map((s, i) => (
            <div key={i} className="gl-seq-row"><span className="gl-muted">in </span>{s.slice(0, 24).map((t, j) => <span key={j} className="tok">{t}</span>)} <span className="gl-muted">out</span>{result.value.targets[i]!.slice(0, 24).map((t, j) => <span key={j} className="tok">{t}</span>)}</div>
          ))}
        </div>
      )}
      <div className="gl-dialog-actions">
        <button className="primary" disabled={!result?.ok} onClick={() => result?.ok && apply(result.value)} data-testid="sequences-apply">Use these sequences</button>
      </div>
    </div>
  );
}
