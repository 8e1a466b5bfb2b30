/**
 * Share links: the whole graph, lz-string-compressed, in the URL hash
 * (`#g=...`), so opening the link needs no server. A graph too large for a
 * link gets a clear message offering a file instead.
 */
import LZString from 'lz-string';
import { graphError, isOwnDatasetName, parseGraph, type Graph, type Parsed } from '../../engine';

/** Longest link we hand out: chat apps and mail clients cut longer ones. */
export const MAX_LINK_CHARS = 8000;
const HASH_KEY = 'g=';

export type ShareResult = { ok: true; url: string } | { ok: false; reason: string; length: number };

export function encodeShare(graph: Graph, base: string): ShareResult {
  const packed = LZString.compressToEncodedURIComponent(JSON.stringify(graph));
  const url = `${base.replace(/#.*$/, '')}#${HASH_KEY}${packed}`;
  if (url.length > MAX_LINK_CHARS) {
    const what = isOwnDatasetName(graph.training.dataset.name) ? 'This graph with its data' : 'This graph';
    return { ok: false, length: url.length, reason: `${what} is too large for a link (${url.length.toLocaleString('en')} characters; links stay under ${MAX_LINK_CHARS.toLocaleString('en')}). Save it as a file and share the file instead.` };
  }
  return { ok: true, url };
}

/** The graph in a URL hash; null when the hash carries none. */
export function decodeShare(hash: string): Parsed<Graph> | null {
  const h = hash.replace(/^#/, '');
  if (!h.startsWith(HASH_KEY)) return null;
  const packed = h.slice(HASH_KEY.length);
  if (packed.length > 2_000_000) return { ok: false, errors: [graphError('TOO_LARGE', 'the link is too long to be a GateLab graph')] };
  let text: string | null = null;
  try { text = LZString.decompressFromEncodedURIComponent(packed); } catch { text = null; }
  if (!text) return { ok: false, errors: [graphError('NOT_JSON', 'the link is damaged: its graph could not be unpacked (was it cut short when copied?)')] };
  return parseGraph(text);
}
