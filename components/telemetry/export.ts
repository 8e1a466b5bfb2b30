/**
 * Export of any telemetry chart (PNG, SVG) and its numbers (CSV, JSON).
 * The text forms are pure and tested; `download` is the only DOM part.
 */

/** What a chart hands the export menu: a matrix, or named columns of equal length. */
export type ChartData =
  | { rows: readonly (readonly number[])[]; range?: readonly [number, number] }
  | { columns: Readonly<Record<string, readonly number[]>> };

const cell = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '' : String(v));

/** CSV: a matrix row per line; or a header of column names and one line per index. */
export function toCsv(d: ChartData): string {
  if ('rows' in d) return d.rows.map((r) => r.map(cell).join(',')).join('\n') + '\n';
  const names = Object.keys(d.columns);
  const n = Math.max(0, ...names.map((k) => d.columns[k]!.length));
  const lines = [names.map((k) => (/[",\n]/.test(k) ? `"${k.replace(/"/g, '""')}"` : k)).join(',')];
  for (let i = 0; i < n; i++) lines.push(names.map((k) => cell(d.columns[k]![i])).join(','));
  return lines.join('\n') + '\n';
}

/** JSON with NaN and Infinity written as null. */
export function toJson(d: ChartData): string {
  return JSON.stringify(d, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 1);
}

/** An SVG document that holds a raster image (for charts drawn on a canvas). */
export function svgOfImage(dataUrl: string, w: number, h: number): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}"><image width="${w}" height="${h}" xlink:href="${dataUrl}"/></svg>`;
}

/** A file name from a chart's id: lower case, safe characters. */
export function fileName(name: string, ext: string): string {
  return `gatelab-${name.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '')}.${ext}`;
}

export function download(name: string, content: string | Blob, type: string): void {
  const blob = typeof content === 'string' ? new Blob([content], { type }) : content;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** PNG of an SVG element, drawn at 2× on a canvas. */
export async function svgToPng(svg: SVGSVGElement): Promise<Blob | null> {
  const text = new XMLSerializer().serializeToString(svg);
  const w = svg.width.baseVal.value, h = svg.height.baseVal.value;
  const img = new Image();
  img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(text)}`;
  await img.decode();
  const c = document.createElement('canvas');
  c.width = w * 2; c.height = h * 2;
  const ctx = c.getContext('2d')!;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, c.width, c.height);
  ctx.drawImage(img, 0, 0, c.width, c.height);
  return new Promise((ok) => c.toBlob(ok, 'image/png'));
}
