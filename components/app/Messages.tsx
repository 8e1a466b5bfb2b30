/** Messages in the corner: what opened, what failed (with located errors), what can be restored. */
import { formatError } from '../../engine';
import { useUi } from '../../src/store/uiStore';

export function Messages() {
  const messages = useUi((s) => s.messages);
  const dismiss = useUi((s) => s.dismiss);
  if (!messages.length) return null;
  return (
    <div className="gl-messages" data-testid="messages" aria-live="polite">
      {messages.map((m) => (
        <div key={m.id} className={`gl-message ${m.kind}`} data-testid="message" data-kind={m.kind} role={m.kind === 'error' ? 'alert' : 'status'}>
          <div className="gl-message-text">{m.text}</div>
          {m.errors && m.errors.length > 0 && (
            <ul className="gl-errors">{m.errors.slice(0, 12).map((e, i) => <li key={i}>{formatError(e)}</li>)}{m.errors.length > 12 && <li>… and {m.errors.length - 12} more</li>}</ul>
          )}
          <div className="gl-message-actions">
            {m.action && <button className="primary" onClick={() => { m.action!.run(); dismiss(m.id); }} data-testid="message-action">{m.action.label}</button>}
            <button onClick={() => dismiss(m.id)} data-testid="message-dismiss">Dismiss</button>
          </div>
        </div>
      ))}
    </div>
  );
}
