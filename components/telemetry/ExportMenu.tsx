/** Four small links under a chart's caption: PNG, SVG, CSV, JSON of what it shows. */
import type { RefObject } from 'react';
import { download, fileName, svgOfImage, svgToPng, toCsv, toJson, type ChartData } from './export';

export interface ExportMenuProps {
  name: string;
  canvas?: RefObject<HTMLCanvasElement | null>;
  svg?: RefObject<SVGSVGElement | null>;
  /** The numbers, or a function giving them at click time (charts that redraw outside React). */
  data: ChartData | (() => ChartData);
}

export function ExportMenu({ name, canvas, svg, data: given }: ExportMenuProps) {
  const data = () => (typeof given === 'function' ? given() : given);
  const png = async () => {
    if (canvas?.current) canvas.current.toBlob((b) => b && download(fileName(name, 'png'), b, 'image/png'), 'image/png');
    else if (svg?.current) { const b = await svgToPng(svg.current); if (b) download(fileName(name, 'png'), b, 'image/png'); }
  };
  const svgOut = () => {
    const xmlns = 'xmlns="http://www.w3.org/2000/svg"';
    if (svg?.current) {
      const text = new XMLSerializer().serializeToString(svg.current);
      download(fileName(name, 'svg'), text.includes(xmlns) ? text : text.replace('<svg', `<svg ${xmlns}`), 'image/svg+xml');
    } else if (canvas?.current) {
      const c = canvas.current;
      download(fileName(name, 'svg'), svgOfImage(c.toDataURL('image/png'), c.width, c.height), 'image/svg+xml');
    }
  };
  return (
    <span className="gl-tm-export" data-testid={`export-${name}`}>
      <button type="button" onClick={() => void png()} title="Save the chart as PNG">PNG</button>
      <button type="button" onClick={svgOut} title="Save the chart as SVG">SVG</button>
      <button type="button" onClick={() => download(fileName(name, 'csv'), toCsv(data()), 'text/csv')} title="Save the numbers as CSV">CSV</button>
      <button type="button" onClick={() => download(fileName(name, 'json'), toJson(data()), 'application/json')} title="Save the numbers as JSON">JSON</button>
    </span>
  );
}
