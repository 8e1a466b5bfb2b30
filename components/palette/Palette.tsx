/**
 * Every node type in the registry, grouped by category and searchable. Drag
 * an item onto the canvas, or pick it (click or arrow keys) and press Enter
 * to add it at the centre of the view; on a touch screen a tap adds it. The
 * list is one Tab stop: arrow keys move inside it.
 */
import { useMemo, useRef, useState, type DragEvent, type KeyboardEvent } from 'react';
import { registry, type NodeDef } from '../../engine';
import { addNodeAt } from '../../src/store/actions';
import { useUi } from '../../src/store/uiStore';
import { touchScreen } from '../app/touch';
import { categoryColour } from '../canvas/roles';
import { PALETTE_MIME } from '../canvas/FlowCanvas';

const ALL = registry.list();
/** Touch screens cannot drag from a list that scrolls: a tap adds the node and shows the canvas. */
function addByTap(type: string): void {
  // On a phone the canvas is hidden behind the palette: show it first, so the node lands in its view.
  useUi.getState().showPanel('canvas');
  requestAnimationFrame(() => addNodeAt(type));
}
const CATEGORIES = registry.categories();

export function matches(def: NodeDef, q: string): boolean {
  if (!q) return true;
  const hay = `${def.type} ${def.label} ${def.category} ${def.doc}`.toLowerCase();
  return q.toLowerCase().split(/\s+/).filter(Boolean).every((w) => hay.includes(w));
}

const onDragStart = (e: DragEvent, type: string) => {
  e.dataTransfer.setData(PALETTE_MIME, type);
  e.dataTransfer.setData('text/plain', type);
  e.dataTransfer.effectAllowed = 'copy';
};

export function Palette() {
  const [query, setQuery] = useState('');
  const [picked, setPicked] = useState<string | null>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const shown = useMemo(() => ALL.filter((d) => matches(d, query)), [query]);
  const groups = useMemo(() => CATEGORIES.map((c) => ({ c, defs: shown.filter((d) => d.category === c) })).filter((g) => g.defs.length), [shown]);
  const order = groups.flatMap((g) => g.defs.map((d) => d.type));

  // The one item the Tab key reaches: the picked one, else the first.
  const active = picked && order.includes(picked) ? picked : order[0];

  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const i = picked ? order.indexOf(picked) : -1;
      const next = order[Math.max(0, Math.min(order.length - 1, i + (e.key === 'ArrowDown' ? 1 : -1)))];
      if (!next) return;
      setPicked(next);
      const item = listRef.current?.querySelector<HTMLElement>(`[data-type="${next}"]`);
      // From the search box the focus stays there (typing goes on); inside the list it follows.
      if (e.target instanceof HTMLElement && e.target.getAttribute('role') === 'option') item?.focus();
      else item?.scrollIntoView({ block: 'nearest' });
    } else if (e.key === 'Enter') {
      const type = picked && order.includes(picked) ? picked : order[0];
      if (type) { e.preventDefault(); addNodeAt(type); }
    } else if (e.key === 'Escape' && query) {
      setQuery('');
    }
  };

  return (
    <aside className="gl-palette" aria-label="Node palette" onKeyDown={onKey}>
      <h2>Nodes</h2>
      <input
        className="gl-search"
        type="search"
        placeholder={`Search ${ALL.length} node types…`}
        value={query}
        onChange={(e) => { setQuery(e.target.value); setPicked(null); }}
        data-testid="palette-search"
        aria-label="Search node types"
      />
      <div className="gl-palette-list" ref={listRef} role="listbox" aria-label="Node types">
        {groups.map(({ c, defs }) => (
          <section key={c} role="group" aria-label={c.split('/').join(' › ')}>
            <h3 aria-hidden="true"><i className="gl-swatch" style={{ background: categoryColour(c) }} />{c.split('/').join(' › ')}</h3>
            {defs.map((d) => (
              <div
                key={d.type}
                role="option"
                aria-selected={picked === d.type}
                tabIndex={d.type === active ? 0 : -1}
                draggable
                className={`gl-palette-item${picked === d.type ? ' picked' : ''}`}
                style={{ borderLeftColor: categoryColour(d.category) }}
                data-testid={`palette-${d.type}`}
                data-type={d.type}
                title={`${d.type}: ${d.doc}`}
                onDragStart={(e) => onDragStart(e, d.type)}
                onClick={() => { setPicked(d.type); if (touchScreen()) addByTap(d.type); }}
                onFocus={() => setPicked(d.type)}
                onDoubleClick={() => addNodeAt(d.type)}
              >
                <span className="name">{d.label}</span>
              </div>
            ))}
          </section>
        ))}
        {groups.length === 0 && <p className="gl-muted">No node type matches “{query}”.</p>}
      </div>
      <p className="gl-palette-tip">Drag onto the canvas, or pick and press <kbd>Enter</kbd>; on a touch screen, tap.</p>
    </aside>
  );
}
