import { describe, expect, it } from 'vitest';
import { TopicLM, TOPICS, FUNCTION_WORDS, BRIDGE_WORDS, topicMetrics } from '../../../engine/data/sequence/topic-lm';
import { gen } from './helpers';

const d = gen(TopicLM, 5, { samples: 300 });
const T = d.seqLen!;
const labels = d.labels!;
const topicOf = (id: number) => TOPICS.findIndex((t) => (t.words as readonly string[]).includes(labels[id]!));
const isFunction = (id: number) => (FUNCTION_WORDS as readonly string[]).includes(labels[id]!);

describe('topic-lm', () => {
  it('has <pad>, <bos>, the function words, then 12 words per topic', () => {
    expect(labels.slice(0, 10)).toEqual(['<pad>', '<bos>', ...FUNCTION_WORDS]);
    expect(labels).toHaveLength(2 + 8 + 36);
    expect(d.classes).toBe(46);
  });

  it('keeps to one topic except right after a bridge word, where it may drift', () => {
    const x = d.inputs['x']!.data, y = d.target.data;
    let drifts = 0, bridgesBeforeContent = 0;
    for (let i = 0; i < 300; i++) {
      let topic = d.marks!['topic']!.data[i]!;
      for (let t = 0; t < T; t++) {
        const next = y[i * T + t]!;
        if (topicOf(next) < 0) { expect(isFunction(next)).toBe(true); continue; }
        if (topicOf(next) !== topic) {
          expect((BRIDGE_WORDS as readonly string[]).includes(labels[x[i * T + t]!]!)).toBe(true);
          topic = topicOf(next);
          drifts++;
        }
        if ((BRIDGE_WORDS as readonly string[]).includes(labels[x[i * T + t]!]!)) bridgesBeforeContent++;
      }
    }
    expect(drifts / bridgesBeforeContent).toBeGreaterThan(0.2); // drift = 0.3
    expect(drifts / bridgesBeforeContent).toBeLessThan(0.4);
  });

  it('marks stickiness positions only after the prompt, before any drift, where a content word comes next', () => {
    const y = d.target.data, sticky = d.marks!['sticky']!.data;
    for (let i = 0; i < 300; i++) {
      for (let t = 0; t < T; t++) {
        if (!sticky[i * T + t]) continue;
        expect(t).toBeGreaterThanOrEqual(8 - 1);
        expect(topicOf(y[i * T + t]!)).toBeGreaterThanOrEqual(0);
      }
    }
    let marked = 0;
    for (const v of sticky) marked += v;
    expect(marked).toBeGreaterThan(300);
  });

  it('metrics: a model that only names the prompt topic is fully sticky; a uniform one is not', () => {
    const n = 20, V = d.classes;
    const rows = Int32Array.from({ length: n }, (_, i) => i);
    const onTopic = new Float32Array(n * T * V), uniform = new Float32Array(n * T * V);
    for (let i = 0; i < n; i++) {
      const k = d.marks!['topic']!.data[i]!;
      for (let t = 0; t < T; t++) for (let v = 0; v < V; v++) onTopic[(i * T + t) * V + v] = topicOf(v) === k ? 5 : 0;
    }
    const a = topicMetrics({ data: d, rows, pred: onTopic, predShape: [n, T, V] });
    const b = topicMetrics({ data: d, rows, pred: uniform, predShape: [n, T, V] });
    expect(a['stickiness']).toBeGreaterThan(0.98);
    expect(a['greedyStickiness']).toBe(1);
    expect(b['stickiness']).toBeCloseTo(1 / 3, 6);
    expect(b['perplexity']).toBeCloseTo(V, 3);
  });
});
