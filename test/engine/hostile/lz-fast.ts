/**
 * lz-string's compressToEncodedURIComponent with a trie in place of its
 * string-keyed dictionary: the same output, in linear time, so a test can
 * pack a 50 MB text into a short link (lz-string itself needs minutes).
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-$';

export function compressToURIFast(text: string): string {
  const out: string[] = [];
  let val = 0, pos = 0;
  const bits = (value: number, n: number) => {
    for (let i = 0; i < n; i++) {
      val = (val << 1) | (value & 1);
      value >>= 1;
      if (pos === 5) { out.push(ALPHABET[val]!); val = 0; pos = 0; } else pos++;
    }
  };
  // trie: code of the phrase w -> (next char -> code of w + c); single chars have their own table
  const next = new Map<number, Map<string, number>>();
  const single = new Map<string, number>();
  const toCreate = new Set<number>();
  let dictSize = 3, numBits = 2, enlargeIn = 2;
  let w = -1; // code of the current phrase; -1 = empty
  let wFirst = ''; // its first char, for literals
  const grow = () => { if (--enlargeIn === 0) { enlargeIn = 2 ** numBits; numBits++; } };
  const emit = (code: number) => {
    if (toCreate.has(code)) {
      const ch = wFirst.charCodeAt(0);
      if (ch < 256) { bits(0, numBits); bits(ch, 8); } else { bits(1, numBits); bits(ch, 16); }
      grow();
      toCreate.delete(code);
    } else bits(code, numBits);
    grow();
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (!single.has(c)) { single.set(c, dictSize); toCreate.add(dictSize); dictSize++; }
    const wc = w < 0 ? single.get(c) : next.get(w)?.get(c);
    if (wc !== undefined) { if (w < 0) wFirst = c; w = wc; continue; }
    emit(w);
    let m = next.get(w);
    if (!m) next.set(w, (m = new Map()));
    m.set(c, dictSize++);
    w = single.get(c)!;
    wFirst = c;
  }
  if (w >= 0) emit(w);
  bits(2, numBits);
  for (;;) { val <<= 1; if (pos === 5) { out.push(ALPHABET[val]!); break; } pos++; }
  return out.join('');
}
