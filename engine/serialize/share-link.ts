/**
 * Share links: the graph (not the weights) compressed into a URL fragment
 * with lz-string, `https://…/#g=<payload>`. Pure functions, so the editor's
 * button and the tests share them. The graph inside carries its own format
 * and version, so a link made by an older GateLab migrates like a file.
 *
 *   encodeShareLink(graph[, base]) → the payload (or the whole URL), or TOO_LARGE
 *   decodeShareLink(link)          → the graph, checked like a file, or located errors
 */
import LZString from 'lz-string';
import { graphError } from '../errors';
import type { Graph } from '../graph/format';
import { MAX_GRAPH_BYTES, parseGraphValue, parseJsonText, type Parsed } from '../graph/parse';

/** The fragment key: `#g=<payload>`. */
export const SHARE_KEY = 'g';
/** Longest link we make: beyond ~8 KB, chat apps, mail clients and some servers cut URLs. */
export const MAX_LINK_CHARS = 8000;
/**
 * Longest link we try to read: twice what we make. LZ output can grow with the
 * square of its input, so this bounds what a hostile link costs (~30 MB of text, well under a second).
 */
export const MAX_DECODE_CHARS = 16_000;

/** The payload for `#g=`, or with `base` the whole URL; TOO_LARGE past MAX_LINK_CHARS. */
export function encodeShareLink(graph: Graph, base?: string): Parsed<string> {
  const payload = LZString.compressToEncodedURIComponent(JSON.stringify(graph));
  const text = base === undefined ? payload : `${base.replace(/#.*$/, '')}#${SHARE_KEY}=${payload}`;
  if (text.length > MAX_LINK_CHARS) {
    return {
      ok: false,
      errors: [graphError('TOO_LARGE', `this graph needs a link of ${text.length.toLocaleString('en')} characters; links stop at ${MAX_LINK_CHARS.toLocaleString('en')}. Save it as a file and share the file instead.`)],
    };
  }
  return { ok: true, value: text };
}

/** The payload of a whole URL (`#g=…`, `?g=…`), a bare fragment (`#g=…`, `g=…`) or the payload itself. */
export function extractPayload(link: string): string {
  const s = link.trim();
  const hash = s.indexOf('#');
  const frag = hash >= 0 ? s.slice(hash + 1) : s;
  const m = /(?:^|[?&])g=([^&#]*)/.exec(frag) ?? (hash < 0 ? /[?&]g=([^&#]*)/.exec(s) : null);
  return m ? m[1]! : frag;
}

const damaged = (why: string) => graphError('BAD_LINK', `the link is damaged or incomplete (${why}): copy the whole link again, or ask for the graph as a file`);

export function decodeShareLink(link: string): Parsed<Graph> {
  if (typeof link !== 'string') return { ok: false, errors: [graphError('BAD_LINK', 'a share link is text')] };
  if (link.length > MAX_DECODE_CHARS) {
    return { ok: false, errors: [graphError('TOO_LARGE', `the link has ${link.length.toLocaleString('en')} characters; GateLab reads links up to ${MAX_DECODE_CHARS.toLocaleString('en')}. Ask for the graph as a file.`)] };
  }
  const payload = extractPayload(link);
  if (!payload) return { ok: false, errors: [graphError('BAD_LINK', 'the link holds no graph (expected …#g= followed by the graph)')] };
  if (!/^[A-Za-z0-9+\-$]*$/.test(payload)) return { ok: false, errors: [damaged('it holds characters a GateLab link never has')] };
  let text: string | null;
  try {
    text = LZString.decompressFromEncodedURIComponent(payload);
  } catch {
    text = null;
  }
  if (!text) return { ok: false, errors: [damaged('it does not decompress')] };
  const j = parseJsonText(text, MAX_GRAPH_BYTES);
  if (!j.ok) return { ok: false, errors: j.errors.map((e) => (e.code === 'NOT_JSON' ? damaged('what it holds is not a graph') : e)) };
  return parseGraphValue(j.value);
}
