/** The share link, or, for a graph too large for a URL, the reason and a file instead. */
import { useMemo, useState } from 'react';
import { saveFile, shareLink } from '../../src/persistence/actions';
import { Modal } from './Modal';

export function ShareDialog() {
  const r = useMemo(shareLink, []);
  const [copied, setCopied] = useState(false);
  return (
    <Modal title="Share this graph" testId="share-dialog">
      {r.ok ? (
        <>
          <p>The link carries the whole graph (compressed in the part after #): whoever opens it gets this graph, nothing is uploaded.</p>
          <input className="gl-link-input" readOnly value={r.url} data-testid="share-link" onFocus={(e) => e.target.select()} />
          <div className="gl-dialog-actions">
            <button className="primary" data-testid="share-copy" onClick={() => { void navigator.clipboard?.writeText(r.url).then(() => setCopied(true), () => setCopied(false)); }}>{copied ? 'Copied ✓' : 'Copy link'}</button>
          </div>
        </>
      ) : (
        <>
          <p className="gl-error-text" data-testid="share-too-large">{r.reason}</p>
          <div className="gl-dialog-actions"><button className="primary" onClick={saveFile}>Save as file</button></div>
        </>
      )}
    </Modal>
  );
}
