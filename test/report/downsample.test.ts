import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { downsampleIndices, pick } from "../../src/report/downsample.js";

const series = fc.array(fc.option(fc.double({ noNaN: true, min: -1e9, max: 1e9 }), { nil: null }), {
  maxLength: 3000,
});
const cap = fc.integer({ min: 0, max: 400 });

describe("downsampleIndices", () => {
  test.prop([series, cap])("keeps at most max(4, cap) ascending unique indices", (ys, max) => {
    const idx = downsampleIndices(ys.length, (i) => ys[i] ?? null, max);
    expect(idx.length).toBeLessThanOrEqual(Math.max(4, max));
    for (let i = 1; i < idx.length; i++) expect(idx[i]).toBeGreaterThan(idx[i - 1] as number);
    for (const i of idx) expect(i >= 0 && i < ys.length).toBe(true);
  });

  test.prop([series, cap])("keeps the first and last point and the extremes", (ys, max) => {
    const idx = downsampleIndices(ys.length, (i) => ys[i] ?? null, max);
    if (ys.length === 0) {
      expect(idx).toEqual([]);
      return;
    }
    expect(idx[0]).toBe(0);
    expect(idx[idx.length - 1]).toBe(ys.length - 1);
    const kept = pick(ys, idx).filter((v): v is number => v !== null);
    const all = ys.filter((v): v is number => v !== null);
    if (all.length > 0) {
      expect(Math.min(...kept)).toBe(Math.min(...all));
      expect(Math.max(...kept)).toBe(Math.max(...all));
    }
  });

  test.prop([series])("keeps everything when the series fits", (ys) => {
    const idx = downsampleIndices(ys.length, (i) => ys[i] ?? null, ys.length + 4);
    expect(idx).toEqual(ys.map((_, i) => i));
  });

  test("a million points come down to the cap", () => {
    const n = 1_000_000;
    const idx = downsampleIndices(
      n,
      (i) => Math.sin(i / 1000) * 100 + (i === 777_777 ? 1e6 : 0),
      2000,
    );
    expect(idx.length).toBeLessThanOrEqual(2000);
    expect(idx).toContain(777_777);
  });
});
