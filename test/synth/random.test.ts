/** The seeded random source: reproducible, in range, and streams that do not disturb each other. */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { Rng } from "../../src/synth/random.js";

const draw = (r: Rng, n: number) => Array.from({ length: n }, () => r.float());

describe("Rng", () => {
  test("the same seed and stream give the same numbers; another seed or stream others", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER - 1 }),
        fc.string(),
        (seed, stream) => {
          expect(draw(new Rng(seed, stream), 8)).toEqual(draw(new Rng(seed, stream), 8));
          expect(draw(new Rng(seed, stream), 8)).not.toEqual(draw(new Rng(seed + 1, stream), 8));
          expect(draw(new Rng(seed, stream), 8)).not.toEqual(draw(new Rng(seed, `${stream}x`), 8));
        },
      ),
    );
  });

  test("a fork's numbers do not depend on how much the parent drew", () => {
    const a = new Rng(42);
    const b = new Rng(42);
    draw(b, 100);
    expect(draw(a.fork("market"), 5)).toEqual(draw(b.fork("market"), 5));
    expect(draw(a.fork("market"), 5)).not.toEqual(draw(a.fork("signals"), 5));
  });

  test("draws stay in range", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 40 }),
        fc.integer({ min: -1000, max: 1000 }),
        fc.nat(1000),
        (seed, lo, span) => {
          const r = new Rng(seed);
          for (let k = 0; k < 50; k++) {
            const f = r.float();
            expect(f).toBeGreaterThanOrEqual(0);
            expect(f).toBeLessThan(1);
            const n = r.int(lo, lo + span);
            expect(Number.isInteger(n) && n >= lo && n <= lo + span).toBe(true);
            expect(r.expMicros(1000)).toBeGreaterThanOrEqual(1);
            const g = r.geometric(0.3, 20);
            expect(g >= 1 && g <= 20).toBe(true);
          }
        },
      ),
    );
  });

  test("is roughly uniform (a broken generator fails this, a fair one cannot at this size)", () => {
    const r = new Rng(1);
    const buckets = new Array(10).fill(0);
    for (let k = 0; k < 100_000; k++) buckets[Math.floor(r.float() * 10)]++;
    for (const b of buckets) expect(Math.abs(b - 10_000)).toBeLessThan(600);
  });

  test("refuses a seed that is not a safe integer", () => {
    expect(() => new Rng(1.5)).toThrow(RangeError);
  });
});
