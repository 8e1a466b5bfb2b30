/**
 * The attention-sink stream: a Markov chain of ordinary
 * tokens with occasional triggers that demand a look-back.
 *
 * Token ids: 0 <pad>, 1 <bos>, 2 … 2+M-1 ordinary 'w0' … (M = ordinary), then the triggers 'trig0' … .
 * x[0] = <bos>. After <bos>: a uniform ordinary token. After an ordinary token: with
 * probability triggerProb a uniform trigger, otherwise one of that token's 3 fixed
 * successors with probabilities 0.6 / 0.3 / 0.1. After a trigger: the token just
 * before the trigger, repeated.
 * Target y[t] = x[t+1]; y[T-1] = <pad> with mask 0; mask 1 everywhere else.
 * marks.queryKind [N, T]: 1 at trigger positions (predicting the next token needs
 * the token two back), 0 elsewhere.
 */
import { defineDataset } from '../dataset';
import { int, num } from '../../registry/params';
import { whole } from '../whole';
import { BOS, NextTokenRows, PAD, samplesParam } from './tokens';

const SUCCESSOR_PROBS = [0.6, 0.3, 0.1] as const;
const FIRST = 2; // id of the first ordinary token

export const SinkStream = defineDataset({
  name: 'sink-stream',
  label: 'Sink stream',
  kind: 'sequence',
  doc:
    'A stream built to make attention sinks appear. Each sequence starts with <bos>. Ordinary ' +
    'tokens (w0 … w39 by default) follow a fixed table: after each one comes one of its three usual successors, ' +
    'with probabilities 0.6, 0.3 and 0.1. With probability 0.15 a trigger token (trig0 … trig2) comes instead, and the token after a ' +
    'trigger repeats the token just before it. So most next tokens can be guessed from the current token alone ' +
    '(attention has nothing useful to do and tends to park on <bos>), while at triggers (about 13% of positions, ' +
    'marked in queryKind) the model must look back two places. The model predicts the next token at every ' +
    'position except the last. The successor table is drawn from the seed, so a seed fixes the whole language.',
  params: {
    samples: samplesParam(),
    length: int({ default: 32, min: 4, max: 256, doc: 'Tokens per sequence, <bos> included (T).' }),
    ordinary: int({ default: 40, min: 4, max: 200, doc: 'How many ordinary tokens the chain walks over.' }),
    triggers: int({ default: 3, min: 1, max: 16, doc: 'How many distinct trigger tokens there are.' }),
    triggerProb: num({ default: 0.15, min: 0, max: 0.5, step: 0.01, doc: 'Chance that a trigger comes instead of an ordinary successor.' }),
  },
  generate: ({ samples, length, ordinary, triggers, triggerProb }, rng) => {
    const n = whole(samples, 1, 20000);
    const T = whole(length, 4, 256);
    const M = whole(ordinary, 4, 200);
    const R = whole(triggers, 1, 16);
    const pTrig = Number.isFinite(triggerProb) ? Math.min(0.5, Math.max(0, triggerProb)) : 0;
    const firstTrigger = FIRST + M;

    // Fixed successor table: 3 distinct ordinary successors per ordinary token.
    const tableRng = rng.fork('table');
    const table = new Int32Array(M * 3);
    for (let w = 0; w < M; w++) {
      for (let k = 0; k < 3; k++) {
        let cand: number;
        do cand = tableRng.int(M); while (table.subarray(w * 3, w * 3 + k).includes(cand));
        table[w * 3 + k] = FIRST + cand;
      }
    }

    const rows = new NextTokenRows(n, T);
    const queryKind = new Int32Array(n * T);
    const s = new Int32Array(T + 1);
    for (let i = 0; i < n; i++) {
      s[0] = BOS;
      for (let t = 1; t < T; t++) {
        const prev = s[t - 1]!;
        if (prev === BOS) s[t] = FIRST + rng.int(M);
        else if (prev >= firstTrigger) s[t] = s[t - 2]!;
        else {
          // One uniform draw decides both: [0, pTrig) picks a trigger, the rest a successor.
          const u = rng.next();
          if (u < pTrig) s[t] = firstTrigger + Math.min(R - 1, Math.floor((u / pTrig) * R));
          else {
            const v = (u - pTrig) / (1 - pTrig);
            const k = v < SUCCESSOR_PROBS[0] ? 0 : v < SUCCESSOR_PROBS[0] + SUCCESSOR_PROBS[1] ? 1 : 2;
            s[t] = table[(prev - FIRST) * 3 + k]!;
          }
        }
      }
      s[T] = PAD;
      rows.row(i, s, 0, T - 1);
      for (let t = 0; t < T - 1; t++) if (s[t]! >= firstTrigger) queryKind[i * T + t] = 1;
    }

    const labels = ['<pad>', '<bos>'];
    for (let w = 0; w < M; w++) labels.push(`w${w}`);
    for (let r = 0; r < R; r++) labels.push(`trig${r}`);
    return rows.dataset(labels, { queryKind: { data: queryKind, shape: [n, T], dtype: 'int32' } });
  },
});
