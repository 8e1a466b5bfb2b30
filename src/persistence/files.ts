/**
 * Graph files (format v1): saved as readable JSON, opened through parseGraph
 * so a bad file gives located errors and leaves the open graph untouched.
 */
import { parseGraph, type Graph, type Parsed } from '../../engine';

export function serializeGraph(graph: Graph): string {
  return JSON.stringify(graph, null, 2) + '\n';
}

export function graphFileName(graph: Graph): string {
  const slug = graph.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'graph';
  return `${slug}.gatelab.json`;
}

export function openGraphText(text: string): Parsed<Graph> {
  return parseGraph(text);
}

/** Offers the graph as a download. */
export function downloadGraph(graph: Graph): void {
  const blob = new Blob([serializeGraph(graph)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = graphFileName(graph);
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Reads a file's text (size checked by parseGraph's guard afterwards). */
export function readFileText(file: File): Promise<string> {
  return file.text();
}
