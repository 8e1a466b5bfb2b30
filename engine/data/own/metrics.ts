/** Held-out figures for regression, reported in place of accuracy: R² and mean absolute error. */
import type { MetricDoc, MetricsInput } from '../dataset';

/** R² (1 − residual / total sum of squares, averaged over target columns) and MAE, from the test rows' predictions. */
export function regressionMetrics({ data, rows, pred }: MetricsInput): Record<string, number> {
  const k = data.target.data.length / Math.max(1, data.target.shape[0]!);
  let abs = 0, r2 = 0;
  for (let j = 0; j < k; j++) {
    let mean = 0;
    for (const r of rows) mean += data.target.data[r * k + j]! / rows.length;
    let res = 0, tot = 0;
    rows.forEach((r, i) => {
      const y = data.target.data[r * k + j]!, e = y - pred[i * k + j]!;
      res += e * e;
      tot += (y - mean) ** 2;
      abs += Math.abs(e);
    });
    r2 += (tot > 0 ? 1 - res / tot : res === 0 ? 1 : 0) / k;
  }
  return { r2, mae: abs / Math.max(1, rows.length * k) };
}

export const REGRESSION_METRIC_DOCS: Record<string, MetricDoc> = {
  r2: { label: 'Held-out R²', doc: 'How much of the spread of the held-out targets the model explains: 1 is a perfect fit, 0 is no better than always predicting their mean, below 0 is worse.' },
  mae: { label: 'Held-out mean absolute error', doc: 'How far the predictions are from the held-out targets on average, in the targets\' own units.' },
};
