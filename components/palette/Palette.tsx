/**
 * Every node type in the registry, grouped by category and searchable, and
 * under My blocks the graph's blocks and the personal library's. Drag an
 * item onto the canvas, or pick it (click or arrow keys) and press Enter to
 * add it at the centre of the view; on a touch screen a tap adds it. The
 * list is one Tab stop: arrow keys move inside it.
 */
import { useMemo, useRef, useState, type DragEvent, type KeyboardEvent } from 'react';
import { registry, type NodeDef } from '../../engine';
import { useShallow } from 'zustand/react/shallow';
import { useGraph } from '../../src/store/graphStore';
import { useLibrary } from '../../src/persistence/blockLibrary';
import { ImportBlocks, MyBlocks } from './MyBlocks';
import { BLOCK_KEY, addByTap, addItem, onDragStart } from './paletteItems';
import { useUi } from '../../src/store/uiStore';
import { touchScreen } from '../app/touch';
import { categoryColour } from '../canvas/roles';

const ALL = registry.list();
const CATEGORIES = registry.categories();

export function matches(def: NodeDef, q: string): boolean {
  if (!q) return true;
  const hay = `${def.type} ${def.label} ${def.category} ${def.doc}`.toLowerCase();
  return q.toLowerCase().split(/\s+/).filter(Boolean).every((w) => hay.includes(w));
}


export function Palette() {
  const [query, setQuery] = useState('');
  const [picked, setPicked] = useState<string | null>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const shown = useMemo(() => ALL.filter((d) => matches(d, query)), [query]);
  const groups = useMemo(() => CATEGORIES.map((c) => ({ c, defs: shown.filter((d) => d.category === c) })).filter((g) => g.defs.length), [shown]);
  const own = useGraph(useShallow((s) => Object.keys(s.graph.blocks ?? {})));
  const library = useLibrary(useShallow((s) => Object.keys(s.blocks)));
  const blocks = useMemo(() => [...new Set([...own, ...library])].sort().filter((b) => !query || b.toLowerCase().includes(query.toLowerCase())), [own, library, query]);
  const order = [...blocks.map((b) => BLOCK_KEY + b), ...groups.flatMap((g) => g.defs.map((d) => d.type))];

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
      const key = picked && order.includes(picked) ? picked : order[0];
      if (key) { e.preventDefault(); addItem(key); }
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
        <MyBlocks names={blocks} own={own} picked={picked} active={active} setPicked={setPicked} />
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
                onDoubleClick={() => addItem(d.type)}
              >
                <span className="name">{d.label}</span>
              </div>
            ))}
          </section>
        ))}
        {groups.length === 0 && blocks.length === 0 && <p className="gl-muted">No node type matches “{query}”.</p>}
      </div>
      <ImportBlocks />
      <p className="gl-palette-tip">Drag onto the canvas, or pick and press <kbd>Enter</kbd>; on a touch screen, tap.</p>
    </aside>
  );
}
