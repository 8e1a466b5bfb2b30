/**
 * Training curves live here, outside React and outside React Flow's node
 * data: fixed-size typed arrays that never grow. When a buffer fills, it
 * keeps every other point and from then on records every other step, so a
 * 20,000-step run still shows its whole history in a bounded array.
 */
export class SeriesBuffer {
  readonly x: Float64Array;
  readonly y: Float64Array;
  length = 0;
  /** Only every `stride`-th pushed point is kept. */
  private stride = 1;
  private seen = 0;

  constructor(readonly capacity = 2048) {
    this.x = new Float64Array(capacity);
    this.y = new Float64Array(capacity);
  }

  push(x: number, y: number): void {
    if (this.seen++ % this.stride !== 0) return;
    if (this.length === this.capacity) {
      for (let i = 0; i < this.capacity / 2; i++) { this.x[i] = this.x[2 * i]!; this.y[i] = this.y[2 * i]!; }
      this.length = this.capacity / 2;
      this.stride *= 2;
      this.seen = 1;
    }
    this.x[this.length] = x;
    this.y[this.length] = y;
    this.length++;
  }

  last(): number | undefined {
    return this.length ? this.y[this.length - 1] : undefined;
  }

  clear(): void {
    this.length = 0;
    this.stride = 1;
    this.seen = 0;
  }

  /** Views of the kept points (no copy), as uPlot takes them. */
  view(): [Float64Array, Float64Array] {
    return [this.x.subarray(0, this.length), this.y.subarray(0, this.length)];
  }
}

/** An exponential moving average for the smoothed loss line. */
export class Ema {
  private v: number | undefined;
  constructor(private readonly alpha = 0.05) {}
  next(x: number): number {
    this.v = this.v === undefined || !Number.isFinite(this.v) ? x : this.v + this.alpha * (x - this.v);
    return this.v;
  }
  reset(): void { this.v = undefined; }
}
