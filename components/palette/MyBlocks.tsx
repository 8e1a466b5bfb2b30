/**
 * My blocks in the palette: the graph's own blocks and those kept in the
 * personal library, placed like any node (drag, Enter, double-click, tap);
 * and the button that imports a block file.
 */
import { useRef } from 'react';
import { importBlockFile } from '../../src/store/blockActions';
import { touchScreen } from '../app/touch';
import { categoryColour } from '../canvas/roles';
import { BLOCK_CATEGORY } from '../../src/store/blockNodes';
import { BLOCK_KEY, addByTap, addItem, onDragStart } from './paletteItems';

interface Props {
  names: readonly string[];
  own: readonly string[];
  picked: string | null;
  active: string | undefined;
  setPicked(key: string): void;
}

export function MyBlocks({ names, own, picked, active, setPicked }: Props) {
  if (!names.length) return null;
  return (
    <section role="group" aria-label="My blocks" data-testid="palette-my-blocks">
      <h3 aria-hidden="true"><i className="gl-swatch" style={{ background: categoryColour(BLOCK_CATEGORY) }} />My blocks</h3>
      {names.map((name) => {
        const key = BLOCK_KEY + name;
        const where = own.includes(name) ? 'in this graph' : 'from your library';
        return (
          <div
            key={key}
            role="option"
            aria-selected={picked === key}
            tabIndex={key === active ? 0 : -1}
            draggable
            className={`gl-palette-item block${picked === key ? ' picked' : ''}`}
            style={{ borderLeftColor: categoryColour(BLOCK_CATEGORY) }}
            data-testid={`palette-block-${name}`}
            data-type={key}
            title={`Block ${name} (${where}): place an instance`}
            onDragStart={(e) => onDragStart(e, key)}
            onClick={() => { setPicked(key); if (touchScreen()) addByTap(key); }}
            onFocus={() => setPicked(key)}
            onDoubleClick={() => addItem(key)}
          >
            <span className="name">{name}</span> <span className="gl-muted">{where}</span>
          </div>
        );
      })}
    </section>
  );
}

/** Imports a block file into the graph and My blocks, placing its main block. */
export function ImportBlocks() {
  const input = useRef<HTMLInputElement>(null);
  const read = async (f: File) => { importBlockFile(await f.text(), f.name); };
  return (
    <>
      <button className="gl-palette-import" onClick={() => input.current?.click()} data-testid="blocks-import" title="Import a block file (Export block file in the inspector makes one) into this graph and My blocks">Import block file…</button>
      <input ref={input} type="file" accept=".json,application/json" hidden data-testid="blocks-file-input"
        onChange={(e) => { const f = e.target.files?.[0]; e.target.value = ''; if (f) void read(f); }} />
    </>
  );
}
