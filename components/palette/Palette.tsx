/**
 * Every node type in the registry, grouped by category and searchable. Drag
 * an item onto the canvas, or pick it (click or arrow keys) and press Enter
 * to add it at the centre of the view.
 */
import { useMemo, useRef, useState, type DragEvent, type KeyboardEvent } from 'react';
import { registry, type NodeDef } from '../../engine';
import { addNodeAt } from '../../src/store/actions';
import { categoryColour } from '../canvas/roles';
import { PALETTE_MIME } from '../canvas/FlowCanvas';

const ALL = registry.list();
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

  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const i = picked ? order.indexOf(picked) : -1;
      const next = order[Math.max(0, Math.min(order.length - 1, i + (e.key === 'ArrowDown' ? 1 : -1)))];
      if (next) { setPicked(next); listRef.current?.querySelector(`[data-type="${next}"]`)?.scrollIntoView({ block: 'nearest' }); }
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
          <section key={c}>
            <h3 style={{ color: categoryColour(c) }}>{c.split('/').join(' › ')}</h3>
            {defs.map((d) => (
              <div
                key={d.type}
                role="option"
                aria-selected={picked === d.type}
                tabIndex={0}
                draggable
                className={`gl-palette-item${picked === d.type ? ' picked' : ''}`}
                style={{ borderLeftColor: categoryColour(d.category) }}
                data-testid={`palette-${d.type}`}
                data-type={d.type}
                title={`${d.type}: ${d.doc}`}
                onDragStart={(e) => onDragStart(e, d.type)}
                onClick={() => setPicked(d.type)}
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
      <p className="gl-palette-tip">Drag onto the canvas, or pick and press <kbd>Enter</kbd>.</p>
    </aside>
  );
}
