/**
 * Classroom options in force (hidden or locked parts, a palette limited to some
 * node types) as one style sheet, and the current step's highlights as outlines
 * drawn over their targets (redrawn as the layout moves).
 */
import { useEffect, useState } from 'react';
import { splitTarget, type Classroom, type UiPart } from '../../engine';

/** Where each part of the editor lives on the page. */
const PART_SELECTORS: Record<UiPart, string> = {
  palette: '.gl-palette',
  inspector: '.gl-inspector',
  dataset: '.gl-dataset',
  optimizer: '.gl-settings',
  training: '.gl-run',
  telemetry: '.gl-tm-dock',
  presets: '[data-testid="presets-open"]',
  files: '[data-testid="file-open"], [data-testid="file-save"]',
};

const typeName = /^[A-Z][A-Za-z0-9]{0,63}$/;

export function classroomCss(c: Classroom): string {
  const rules: string[] = [];
  for (const p of c.hide ?? []) rules.push(`${PART_SELECTORS[p]} { display: none !important; }`);
  for (const p of c.lock ?? []) rules.push(`${PART_SELECTORS[p]} { pointer-events: none; opacity: 0.55; }`);
  const keep = (c.palette ?? []).filter((t) => typeName.test(t));
  if (c.palette) {
    rules.push(`.gl-palette .gl-palette-item${keep.map((t) => `:not([data-type="${t}"])`).join('')} { display: none; }`);
    // a category left without items loses its heading too
    rules.push(`.gl-palette-list section${keep.length ? `:not(:has(${keep.map((t) => `[data-type="${t}"]`).join(', ')}))` : ''} { display: none; }`);
  }
  return rules.join('\n');
}

/** A CSS selector for a highlight target, or null for a kind this page has no place for. */
export function targetSelector(target: string): string | null {
  const { kind, name } = splitTarget(target);
  const esc = (s: string) => (typeof CSS !== 'undefined' && CSS.escape ? CSS.escape(s) : s.replace(/[^A-Za-z0-9_-]/g, '\\$&'));
  switch (kind) {
    case 'node': return `.react-flow__node[data-id="${esc(name)}"]`;
    case 'palette': return `[data-testid="palette-${esc(name)}"]`;
    case 'port': { const dot = name.lastIndexOf('.'); return `.react-flow__node[data-id="${esc(name.slice(0, dot))}"] .react-flow__handle[data-handleid="${esc(name.slice(dot + 1))}"]`; }
    case 'tab': return `[data-testid="telemetry-tab-${esc(name)}"]`;
    case 'panel': return name === 'training' ? '.gl-training' : name === 'inspector' ? '.gl-inspector' : name === 'palette' ? '.gl-palette' : null;
    case 'chart': return `[data-testid="${esc(name)}-chart"], [data-chart="${esc(name)}"]`;
    default: return null;
  }
}

interface Box { key: string; left: number; top: number; width: number; height: number }

export function Highlights({ targets }: { targets: readonly string[] }) {
  const [boxes, setBoxes] = useState<Box[]>([]);
  useEffect(() => {
    const measure = () => {
      const out: Box[] = [];
      for (const t of targets) {
        const sel = targetSelector(t);
        if (!sel) continue;
        document.querySelectorAll(sel).forEach((el, i) => {
          const r = el.getBoundingClientRect();
          if (r.width && r.height) out.push({ key: `${t}#${i}`, left: r.left - 3, top: r.top - 3, width: r.width + 6, height: r.height + 6 });
        });
      }
      setBoxes((prev) => (JSON.stringify(prev) === JSON.stringify(out) ? prev : out));
    };
    measure();
    const id = setInterval(measure, 400);
    return () => clearInterval(id);
  }, [targets]);
  return <>{boxes.map((b) => <div key={b.key} className="gl-lesson-highlight" style={{ left: b.left, top: b.top, width: b.width, height: b.height }} aria-hidden data-testid="lesson-highlight" />)}</>;
}
