/** The one output format every benchmark shares: `name: value unit (ratio)`. */

/** One result line; `ratio` is against the baseline measured in the same run (absent: none). */
export function report(name: string, value: number, unit: string, ratio?: string): void {
  const shown = value >= 100 ? Math.round(value).toLocaleString("en-US") : value.toFixed(2);
  process.stdout.write(`${name}: ${shown} ${unit}${ratio === undefined ? "" : ` (${ratio})`}\n`);
}

/** `x.xx of baseline` for a throughput ratio. */
export function ofBaseline(value: number, baseline: number): string {
  return `${(value / baseline).toFixed(2)}x baseline`;
}

/** The median of a list of numbers (the list is not changed). */
export function median(xs: readonly number[]): number {
  return percentile(xs, 50);
}

/** The p-th percentile (nearest rank) of a list of numbers. */
export function percentile(xs: readonly number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}
