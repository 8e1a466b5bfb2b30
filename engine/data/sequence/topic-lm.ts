/**
 * A multi-topic toy corpus for the Idea-Gated Transformer:
 * topics with their own content words, shared function words, and "bridge"
 * function words after which the text may drift into another topic.
 *
 * Token ids: 0 <pad>, 1 <bos>, then the 8 function words, then W content words
 * per topic (topic 0's first). A sequence starts with <bos> and a topic drawn
 * uniformly. After <bos> or a function word comes a content word of the current
 * topic, drawn uniformly; after a bridge word ('and', 'then') the topic first
 * switches, with probability `drift`, to one of the others. After a content word
 * comes, with probability 0.4, one of its 3 fixed successors in the same topic
 * (0.6 / 0.3 / 0.1), otherwise a function word drawn uniformly.
 * x = s[0..T), y = s[1..T], every position counts.
 *
 * marks.topic [N]: the prompt's topic (the one the sequence starts in).
 * marks.sticky [N, T]: 1 where stickiness is measured: after the prompt, the next
 * token is a content word, and the text so far is still in the prompt's topic.
 */
import { defineDataset, type MetricsInput } from '../dataset';
import { int, num } from '../../registry/params';
import { whole } from '../whole';
import { BOS, NextTokenRows, samplesParam } from './tokens';

export const FUNCTION_WORDS = ['the', 'of', 'and', 'a', 'in', 'then', 'with', 'on'] as const;
/** Function words after which the topic may drift. */
export const BRIDGE_WORDS = ['and', 'then'] as const;
export const TOPICS = [
  { name: 'chemistry', words: ['acid', 'ion', 'bond', 'salt', 'atom', 'oxide', 'ester', 'metal', 'gas', 'alkali', 'molar', 'proton'] },
  { name: 'hardware', words: ['chip', 'bus', 'cache', 'core', 'clock', 'socket', 'pin', 'board', 'fan', 'disk', 'port', 'wire'] },
  { name: 'medicine', words: ['dose', 'cell', 'vein', 'drug', 'nerve', 'pulse', 'scan', 'wound', 'fever', 'lung', 'organ', 'virus'] },
] as const;

const FIRST_FUNCTION = 2;
const FIRST_CONTENT = FIRST_FUNCTION + FUNCTION_WORDS.length;
const SUCCESSOR_PROBS = [0.6, 0.3, 0.1] as const;
const CONTINUE_CONTENT = 0.4;

/** Topic of each label (−1 for specials and function words), from the word lists. */
function topicOfLabels(labels: readonly string[]): Int32Array {
  const byWord = new Map<string, number>();
  TOPICS.forEach((t, k) => t.words.forEach((w) => byWord.set(w, k)));
  return Int32Array.from(labels, (l) => byWord.get(l) ?? -1);
}

export const TopicLM = defineDataset({
  name: 'topic-lm',
  label: 'Multi-topic corpus',
  kind: 'sequence',
  doc:
    'Short "texts" about chemistry, hardware or medicine, each with 12 content words of its own (acid, ion, bond …; ' +
    'chip, bus, cache …; dose, cell, vein …), glued together by 8 shared function words (the, of, and, a, in, then, ' +
    'with, on). Each text starts in one topic. A content word is followed by a related word of the same topic or by ' +
    'a function word; after a function word comes a content word of the current topic, except that after the ' +
    'bridge words "and" and "then" the text sometimes drifts into another topic. The model predicts the next word ' +
    'everywhere. Its held-out metrics include stickiness: at the points after the prompt where a content word comes ' +
    'next and the text is still on its first topic, the share of the model\'s predicted content-word probability that ' +
    'stays on that topic (greedyStickiness counts the top prediction instead), plus perplexity.',
  params: {
    samples: samplesParam(),
    length: int({ default: 32, min: 8, max: 128, doc: 'Tokens per sequence the model sees (T).' }),
    topics: int({ default: 3, min: 2, max: 3, doc: 'How many topics the corpus mixes.' }),
    words: int({ default: 12, min: 3, max: 12, doc: 'Content words per topic.' }),
    drift: num({ default: 0.3, min: 0, max: 1, step: 0.05, doc: 'Chance that a bridge word ("and", "then") leads into another topic.' }),
    prompt: int({ default: 8, min: 1, max: 64, doc: 'Tokens treated as the prompt: stickiness is measured after them.' }),
  },
  generate: ({ samples, length, topics, words, drift, prompt }, rng) => {
    const n = whole(samples, 1, 20000);
    const T = whole(length, 8, 128);
    const K = whole(topics, 2, 3);
    const W = whole(words, 3, 12);
    const P = whole(prompt, 1, T - 1);
    const pDrift = Number.isFinite(drift) ? Math.min(1, Math.max(0, drift)) : 0;
    const F = FUNCTION_WORDS.length;
    const bridges = new Set<number>(BRIDGE_WORDS.map((b) => FIRST_FUNCTION + FUNCTION_WORDS.indexOf(b)));
    const word = (topic: number, j: number) => FIRST_CONTENT + topic * W + j;

    // Fixed successor table: 3 distinct successors in the same topic per content word.
    const tableRng = rng.fork('table');
    const table = new Int32Array(K * W * 3);
    for (let k = 0; k < K; k++) {
      for (let j = 0; j < W; j++) {
        const o = (k * W + j) * 3;
        for (let r = 0; r < 3; r++) {
          let cand: number;
          do cand = word(k, tableRng.int(W)); while (table.subarray(o, o + r).includes(cand));
          table[o + r] = cand;
        }
      }
    }

    const rows = new NextTokenRows(n, T);
    const topicMark = new Int32Array(n);
    const sticky = new Int32Array(n * T);
    const s = new Int32Array(T + 1);
    const ctxTopic = new Int32Array(T + 1); // topic in force when s[t] was written
    for (let i = 0; i < n; i++) {
      let topic = rng.int(K);
      topicMark[i] = topic;
      s[0] = BOS;
      ctxTopic[0] = topic;
      for (let t = 1; t <= T; t++) {
        const prev = s[t - 1]!;
        // One uniform draw per token decides what comes next (split into ranges, then rescaled).
        const u = rng.next();
        if (prev < FIRST_CONTENT) {
          // after <bos> or a function word: a content word, maybe in a new topic after a bridge
          const bridge = bridges.has(prev);
          if (bridge && u < pDrift) {
            topic = (topic + 1 + rng.int(K - 1)) % K;
            s[t] = word(topic, rng.int(W));
          } else {
            const v = bridge ? (u - pDrift) / (1 - pDrift) : u;
            s[t] = word(topic, Math.min(W - 1, Math.floor(v * W)));
          }
        } else if (u < CONTINUE_CONTENT) {
          const v = u / CONTINUE_CONTENT;
          const r = v < SUCCESSOR_PROBS[0] ? 0 : v < SUCCESSOR_PROBS[0] + SUCCESSOR_PROBS[1] ? 1 : 2;
          s[t] = table[(prev - FIRST_CONTENT) * 3 + r]!;
        } else {
          s[t] = FIRST_FUNCTION + Math.min(F - 1, Math.floor(((u - CONTINUE_CONTENT) / (1 - CONTINUE_CONTENT)) * F));
        }
        ctxTopic[t] = topic;
      }
      rows.row(i, s, 0, T);
      // Position t predicts s[t+1]; it counts when past the prompt, a content word comes next,
      // and everything written so far (s[0..t]) was written in the prompt's topic.
      let onTopic = true;
      for (let t = 0; t < T; t++) {
        if (ctxTopic[t] !== topicMark[i]) onTopic = false;
        if (onTopic && t >= P - 1 && s[t + 1]! >= FIRST_CONTENT) sticky[i * T + t] = 1;
      }
    }

    const labels = ['<pad>', '<bos>', ...FUNCTION_WORDS];
    for (let k = 0; k < K; k++) labels.push(...TOPICS[k]!.words.slice(0, W));
    return rows.dataset(labels, {
      topic: { data: topicMark, shape: [n], dtype: 'int32' },
      sticky: { data: sticky, shape: [n, T], dtype: 'int32' },
    });
  },
  metrics: topicMetrics,
  metricDocs: {
    stickiness: { label: 'Stickiness', doc: 'The probability the model puts on words of the prompt’s topic where a content word comes next.', range: [0, 1] },
    greedyStickiness: { label: 'Greedy stickiness', doc: 'How often the most likely next word is of the prompt’s topic where a content word comes next.', range: [0, 1] },
    perplexity: { label: 'Perplexity', doc: 'e to the held-out cross-entropy per token: the number of equally likely words the model is choosing among.' },
  },
});

/**
 * Held-out figures from next-token logits [n, T, V]:
 * - stickiness: at the marked positions, the share of the model's probability on
 *   content words that lies on the prompt topic's words (what sampling would keep);
 * - greedyStickiness: the share of those positions whose most likely content word is on topic;
 * - perplexity: exp of the mean next-token cross-entropy over counted positions.
 */
export function topicMetrics({ data, rows, pred, predShape }: MetricsInput): Record<string, number> {
  const [n, T, V] = predShape as [number, number, number];
  const topicOf = topicOfLabels(data.labels ?? []);
  const promptTopic = data.marks?.['topic']?.data;
  const sticky = data.marks?.['sticky']?.data;
  if (!promptTopic || !sticky) return {};
  const y = data.target.data;
  const mask = data.mask;
  let massSum = 0, greedySum = 0, counted = 0, nll = 0, tokens = 0;
  const p = new Float64Array(V);
  for (let i = 0; i < n; i++) {
    const row = rows[i]!;
    const k = promptTopic[row]!;
    for (let t = 0; t < T; t++) {
      const o = (i * T + t) * V;
      let max = -Infinity;
      for (let v = 0; v < V; v++) max = Math.max(max, pred[o + v]!);
      let z = 0;
      for (let v = 0; v < V; v++) { p[v] = Math.exp(pred[o + v]! - max); z += p[v]!; }
      const m = mask ? mask[row * T + t]! : 1;
      if (m > 0) { nll -= Math.log(p[y[row * T + t]!]! / z); tokens++; }
      if (!sticky[row * T + t]) continue;
      let on = 0, content = 0, best = -1, bestP = -1;
      for (let v = 0; v < V; v++) {
        const tv = topicOf[v]!;
        if (tv < 0) continue;
        content += p[v]!;
        if (tv === k) on += p[v]!;
        if (p[v]! > bestP) { bestP = p[v]!; best = v; }
      }
      massSum += on / Math.max(content, 1e-30);
      greedySum += topicOf[best] === k ? 1 : 0;
      counted++;
    }
  }
  return {
    stickiness: massSum / Math.max(counted, 1),
    greedyStickiness: greedySum / Math.max(counted, 1),
    perplexity: Math.exp(nll / Math.max(tokens, 1)),
  };
}
