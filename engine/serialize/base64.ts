/**
 * Base64 of raw bytes, written out so the engine needs neither Node's Buffer
 * nor the DOM's btoa (which wants a binary string and is slow on big arrays).
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const LOOKUP = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) LOOKUP[ALPHABET.charCodeAt(i)] = i;

export function encodeBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  let chunk = '';
  const n = bytes.length;
  for (let i = 0; i < n; i += 3) {
    const a = bytes[i]!, b = i + 1 < n ? bytes[i + 1]! : 0, c = i + 2 < n ? bytes[i + 2]! : 0;
    const t = (a << 16) | (b << 8) | c;
    chunk += ALPHABET[t >> 18]! + ALPHABET[(t >> 12) & 63]! + (i + 1 < n ? ALPHABET[(t >> 6) & 63]! : '=') + (i + 2 < n ? ALPHABET[t & 63]! : '=');
    if (chunk.length >= 8192) { parts.push(chunk); chunk = ''; }
  }
  parts.push(chunk);
  return parts.join('');
}

/** Bytes of a base64 string, or null when it is not well-formed base64 (padding included). */
export function decodeBase64(text: string): Uint8Array | null {
  if (text.length % 4 !== 0) return null;
  let pad = 0;
  if (text.endsWith('==')) pad = 2;
  else if (text.endsWith('=')) pad = 1;
  const out = new Uint8Array((text.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    let t = 0;
    for (let j = 0; j < 4; j++) {
      const code = text.charCodeAt(i + j);
      const last = i + 4 === text.length;
      if (code === 61 && last && j >= 4 - pad) { t <<= 6; continue; } // '=' only as final padding
      const v = code < 128 ? LOOKUP[code]! : -1;
      if (v < 0) return null;
      t = (t << 6) | v;
    }
    out[o++] = t >> 16;
    if (o < out.length) out[o++] = (t >> 8) & 255;
    if (o < out.length) out[o++] = t & 255;
  }
  return out;
}
