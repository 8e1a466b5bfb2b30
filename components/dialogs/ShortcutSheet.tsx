/** The shortcut sheet (`?`), from the same table the key handler reads. */
import { SHORTCUTS, showKeys } from '../../src/shortcuts';
import { Modal } from './Modal';

export function ShortcutSheet() {
  return (
    <Modal title="Keyboard shortcuts" testId="shortcuts">
      <table className="gl-shortcuts">
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.id}>
              <td>{s.keys.map((k, i) => <span key={k}>{i > 0 && ' or '}{showKeys(k).split('+').map((p, j) => <kbd key={j}>{p}</kbd>)}</span>)}</td>
              <td>{s.does}</td>
            </tr>
          ))}
          <tr><td><kbd>Shift</kbd>/<kbd>Ctrl</kbd> + click</td><td>Add to the selection</td></tr>
          <tr><td>drag on empty canvas</td><td>Box-select; right or middle drag pans</td></tr>
          <tr><td>palette: <kbd>↑</kbd><kbd>↓</kbd> <kbd>Enter</kbd></td><td>Pick a node type and add it at the centre</td></tr>
        </tbody>
      </table>
    </Modal>
  );
}
