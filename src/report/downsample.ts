/**
 * Downsampling for charts: a million quotes cannot be drawn responsively, so each of at most
 * `maxPoints / 4` index buckets keeps its first, lowest, highest and last point. Spikes survive
 * (a min/max per bucket) and the line keeps its start and end.
 */

/**
 * Indices (ascending, unique) of the points to keep from a series of `length` points whose
 * values are `value(i)` (null: no value). At most `maxPoints` indices; all of them when the
 * series is short enough. `maxPoints` below 4 is treated as 4.
 */
export function downsampleIndices(
  length: number,
  value: (i: number) => number | null,
  maxPoints: number,
): number[] {
  const cap = Math.max(4, Math.floor(maxPoints));
  if (length <= cap) return Array.from({ length }, (_, i) => i);
  const buckets = Math.floor(cap / 4);
  const out: number[] = [];
  for (let b = 0; b < buckets; b++) {
    const from = Math.floor((b * length) / buckets);
    const to = Math.floor(((b + 1) * length) / buckets);
    if (to <= from) continue;
    let lo = -1;
    let hi = -1;
    for (let i = from; i < to; i++) {
      const v = value(i);
      if (v === null || Number.isNaN(v)) continue;
      if (lo < 0 || v < (value(lo) as number)) lo = i;
      if (hi < 0 || v > (value(hi) as number)) hi = i;
    }
    const keep = [from, lo, hi, to - 1].filter((i) => i >= 0).sort((a, c) => a - c);
    for (const i of keep) if (out[out.length - 1] !== i) out.push(i);
  }
  return out;
}

/** `values` at `indices`. */
export function pick<T>(values: readonly T[], indices: readonly number[]): T[] {
  return indices.map((i) => values[i] as T);
}
