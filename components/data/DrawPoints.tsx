/**
 * A plane to draw a dataset on: click or drag places points of the chosen
 * class (or, for regression, points of a curve y(x)); the eraser removes the
 * points under the pointer. With the keyboard, the arrow keys move a cursor
 * and Enter places or erases there.
 */
import { useEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import {
  DRAG_SPACING, MAX_CLASSES, MAX_DRAWN, MIN_CLASSES, balance, eraseNear, jitter, place, withClasses, type Drawing, type Task,
} from '../../src/data/drawing';
import { classColour, rgb } from '../charts/frame';

const SIZE = 300;
type Tool = 'place' | 'erase';

function draw(canvas: HTMLCanvasElement, d: Drawing, cursor: [number, number] | null): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const W = canvas.width, H = canvas.height;
  const px = (x: number) => ((x + 1) / 2) * W, py = (y: number) => ((1 - y) / 2) * H;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, W, H);
  ctx.strokeStyle = '#e2e8f0';
  ctx.lineWidth = 1;
  for (const v of [-0.5, 0, 0.5]) {
    ctx.beginPath(); ctx.moveTo(px(v), 0); ctx.lineTo(px(v), H); ctx.moveTo(0, py(v)); ctx.lineTo(W, py(v)); ctx.stroke();
  }
  const r = W / 90;
  if (d.task === 'regression' && d.points.length > 1) {
    const sorted = [...d.points].sort((a, b) => a[0] - b[0]);
    ctx.strokeStyle = '#93c5fd';
    ctx.beginPath();
    sorted.forEach(([x, y], i) => (i ? ctx.lineTo(px(x), py(y)) : ctx.moveTo(px(x), py(y))));
    ctx.stroke();
  }
  for (const [x, y, c] of d.points) {
    ctx.beginPath();
    ctx.arc(px(x), py(y), r, 0, Math.PI * 2);
    ctx.fillStyle = d.task === 'regression' ? '#1d4ed8' : rgb(classColour(c));
    ctx.fill();
    ctx.strokeStyle = '#fff';
    ctx.stroke();
  }
  if (cursor) {
    ctx.strokeStyle = '#0f172a';
    ctx.beginPath();
    ctx.arc(px(cursor[0]), py(cursor[1]), r * 2.2, 0, Math.PI * 2);
    ctx.stroke();
  }
}

export function DrawPoints({ value, onChange }: { value: Drawing; onChange: (d: Drawing) => void }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const [tool, setTool] = useState<Tool>('place');
  const [cls, setCls] = useState(0);
  const [cursor, setCursor] = useState<[number, number] | null>(null);
  const last = useRef<[number, number] | null>(null);
  // The pointer handlers read the newest drawing, not the one of the render that bound them.
  const current = useRef(value);
  current.current = value;
  const noiseSeed = useRef(1);

  useEffect(() => { if (ref.current) draw(ref.current, value, cursor); }, [value, cursor]);

  const apply = (x: number, y: number) => {
    const d = current.current;
    const next = tool === 'erase' ? eraseNear(d, x, y) : place(d, x, y, cls);
    current.current = next;
    if (next !== d) onChange(next);
  };
  const toPlane = (e: PointerEvent<HTMLCanvasElement>): [number, number] => {
    const b = e.currentTarget.getBoundingClientRect();
    return [((e.clientX - b.left) / b.width) * 2 - 1, 1 - ((e.clientY - b.top) / b.height) * 2];
  };
  const down = (e: PointerEvent<HTMLCanvasElement>) => {
    e.currentTarget.setPointerCapture(e.pointerId);
    const p = toPlane(e);
    last.current = p;
    apply(...p);
  };
  const move = (e: PointerEvent<HTMLCanvasElement>) => {
    if (!last.current) return;
    const p = toPlane(e);
    if (tool === 'place' && Math.hypot(p[0] - last.current[0], p[1] - last.current[1]) < DRAG_SPACING) return;
    last.current = p;
    apply(...p);
  };
  const up = () => { last.current = null; };
  const key = (e: KeyboardEvent<HTMLCanvasElement>) => {
    const moves: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };
    const c = cursor ?? [0, 0];
    const m = moves[e.key];
    if (m) {
      e.preventDefault();
      setCursor([Math.max(-1, Math.min(1, c[0] + m[0] * 0.05)), Math.max(-1, Math.min(1, c[1] + m[1] * 0.05))]);
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      setCursor(c);
      apply(...c);
    }
  };

  const counts = balance(value);
  const setTask = (task: Task) => onChange({ ...value, task, points: [] });
  return (
    <div className="gl-draw" data-testid="draw-points">
      <div className="gl-draw-tools">
        <fieldset className="gl-draw-row">
          <legend>Task</legend>
          {(['classification', 'regression'] as const).map((t) => (
            <label key={t}><input type="radio" name="gl-draw-task" checked={value.task === t} onChange={() => setTask(t)} data-testid={`draw-task-${t}`} /> {t === 'classification' ? 'classes' : 'a curve y(x)'}</label>
          ))}
        </fieldset>
        {value.task === 'classification' && (
          <>
            <label className="gl-draw-row">Classes
              <select value={value.classes} onChange={(e) => { const d = withClasses(value, Number(e.target.value)); setCls((c) => Math.min(c, d.classes - 1)); onChange(d); }} data-testid="draw-classes">
                {Array.from({ length: MAX_CLASSES - MIN_CLASSES + 1 }, (_, i) => i + MIN_CLASSES).map((k) => <option key={k} value={k}>{k}</option>)}
              </select>
            </label>
            <fieldset className="gl-draw-row gl-draw-classes">
              <legend>Class to place</legend>
              {counts.map((n, c) => (
                <label key={c} className="gl-draw-class" style={{ borderColor: rgb(classColour(c)) }}>
                  <input type="radio" name="gl-draw-class" checked={cls === c && tool === 'place'} onChange={() => { setCls(c); setTool('place'); }} data-testid={`draw-class-${c}`} />
                  <span className="gl-swatch" style={{ background: rgb(classColour(c)) }} aria-hidden /> {c + 1} <span className="gl-muted">({n})</span>
                </label>
              ))}
            </fieldset>
          </>
        )}
        <div className="gl-draw-row">
          <button aria-pressed={tool === 'erase'} onClick={() => setTool(tool === 'erase' ? 'place' : 'erase')} data-testid="draw-erase">Eraser</button>
          <button onClick={() => onChange(jitter(value, 0.04, noiseSeed.current++))} disabled={!value.points.length} data-testid="draw-noise">Add noise</button>
          <button onClick={() => onChange({ ...value, points: [] })} disabled={!value.points.length} data-testid="draw-clear">Clear</button>
        </div>
      </div>
      <canvas
        ref={ref}
        width={SIZE * 2}
        height={SIZE * 2}
        className={`gl-draw-plane${tool === 'erase' ? ' erasing' : ''}`}
        tabIndex={0}
        role="img"
        aria-label={`Drawing plane, ${value.points.length} points. Click or drag to ${tool === 'erase' ? 'erase' : 'place'} points; with the keyboard, arrow keys move the cursor and Enter ${tool === 'erase' ? 'erases' : 'places a point'}.`}
        data-testid="draw-plane"
        data-count={value.points.length}
        onPointerDown={down}
        onPointerMove={move}
        onPointerUp={up}
        onPointerCancel={up}
        onKeyDown={key}
        onBlur={() => setCursor(null)}
      />
      <p className="gl-muted gl-draw-count">{value.points.length} of at most {MAX_DRAWN} points{value.task === 'regression' ? ': x is the input, y the value to predict' : ''}.</p>
    </div>
  );
}
