/**
 * Attention statistics from probabilities A [B, H, T, S] (query i, key j):
 * the first-token mass (the attention-sink measure), split by query kind where the
 * dataset marks one, and the maps of one example for the attention-sink lab.
 */

/** First-token attention per head: mean over batch and queries i ≥ 1 of A[b, h, i, 0]; query 0 can only see itself, so it is left out. */
export function firstTokenAttention(A: ArrayLike<number>, shape: readonly number[]): number[] {
  const [B, H, T, S] = shape as [number, number, number, number];
  const out = new Array<number>(H).fill(0);
  for (let b = 0; b < B; b++) for (let h = 0; h < H; h++) for (let i = 1; i < T; i++) out[h]! += A[((b * H + h) * T + i) * S]!;
  return out.map((s) => s / (B * Math.max(T - 1, 1)));
}

/**
 * First-token attention per query kind and head, [K][H]: the same mean as
 * `firstTokenAttention`, but over the queries i ≥ 1 whose kind (kinds[b, i],
 * an integer mark [B, T] such as the sink stream's queryKind: 0 ordinary,
 * 1 trigger) is k. K = largest kind + 1; a kind with no query gets NaN.
 */
export function firstTokenAttentionByKind(A: ArrayLike<number>, shape: readonly number[], kinds: ArrayLike<number>): number[][] {
  const [B, H, T, S] = shape as [number, number, number, number];
  let K = 0;
  for (let n = 0; n < B * T; n++) K = Math.max(K, kinds[n]! + 1);
  const sum = Array.from({ length: K }, () => new Array<number>(H).fill(0));
  const count = new Array<number>(K).fill(0);
  for (let b = 0; b < B; b++) {
    for (let i = 1; i < T; i++) {
      const k = kinds[b * T + i]!;
      if (k < 0) continue;
      count[k]!++;
      for (let h = 0; h < H; h++) sum[k]![h]! += A[((b * H + h) * T + i) * S]!;
    }
  }
  return sum.map((row, k) => row.map((s) => (count[k]! > 0 ? s / count[k]! : NaN)));
}

/** The attention maps of one example, [H][T][S], rounded to 4 decimals to keep messages and JSON small. */
export function attentionMap(A: ArrayLike<number>, shape: readonly number[], example = 0): number[][][] {
  const [, H, T, S] = shape as [number, number, number, number];
  const out: number[][][] = [];
  for (let h = 0; h < H; h++) {
    const rows: number[][] = [];
    for (let i = 0; i < T; i++) {
      const row = new Array<number>(S);
      const o = ((example * H + h) * T + i) * S;
      for (let j = 0; j < S; j++) row[j] = Math.round(A[o + j]! * 1e4) / 1e4;
      rows.push(row);
    }
    out.push(rows);
  }
  return out;
}
