/** The market walk: on the tick grid, never crossed, mostly a one-tick spread, quiet and busy. */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { sessionInstruments } from "../../src/synth/instruments.js";
import { generateMarket, stateAt } from "../../src/synth/market.js";
import { Rng } from "../../src/synth/random.js";

const MINUTES = 10;

describe("generateMarket", () => {
  test("prices are whole ticks, the book never crosses, sizes are positive, time increases", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 40 }),
        fc.constantFrom("ES", "NQ", "CL", "ZN"),
        (seed, root) => {
          const rng = new Rng(seed);
          const [inst] = sessionInstruments([root], "2026-11-20T14:30:00Z", rng);
          if (inst === undefined) throw new Error(root);
          const m = generateMarket(inst, 60_000_000, rng.fork("m"));
          let t = 0;
          let volume = m.initial.volume;
          for (const u of m.updates) {
            expect(u.t).toBeGreaterThan(t);
            t = u.t;
            for (const x of [u.bid, u.ask, u.last, u.high, u.low])
              expect(Number.isInteger(x)).toBe(true);
            expect(u.ask - u.bid === 1 || u.ask - u.bid === 2).toBe(true);
            expect(u.bidSize).toBeGreaterThan(0);
            expect(u.askSize).toBeGreaterThan(0);
            expect(u.volume).toBeGreaterThanOrEqual(volume);
            expect(u.traded).toBe(u.volume > volume);
            expect(u.low <= u.last && u.last <= u.high).toBe(true);
            volume = u.volume;
          }
          expect(t).toBeLessThan(60_000_000);
        },
      ),
      { numRuns: 20 },
    );
  });

  test("a one-tick spread most of the time, bursts and quiet spells, and the price moves", () => {
    const rng = new Rng(11);
    const [es] = sessionInstruments(["ES"], "2026-11-20T14:30:00Z", rng);
    if (es === undefined) throw new Error("ES");
    const m = generateMarket(es, MINUTES * 60_000_000, rng.fork("m"));
    const wide = m.updates.filter((u) => u.ask - u.bid === 2).length;
    expect(wide).toBeGreaterThan(0);
    expect(wide / m.updates.length).toBeLessThan(0.2);
    // Updates per second, per second of the session.
    const perSecond = new Array(MINUTES * 60).fill(0);
    for (const u of m.updates) perSecond[Math.floor(u.t / 1e6)]++;
    expect(Math.max(...perSecond)).toBeGreaterThanOrEqual(12);
    let longestQuiet = 0;
    let run = 0;
    for (const n of perSecond) {
      run = n === 0 ? run + 1 : 0;
      longestQuiet = Math.max(longestQuiet, run);
    }
    expect(longestQuiet).toBeGreaterThanOrEqual(4);
    const mids = m.updates.map((u) => u.bid);
    expect(Math.max(...mids) - Math.min(...mids)).toBeGreaterThan(5);
  });

  test("stateAt is the last update at or before a time", () => {
    const rng = new Rng(5);
    const [nq] = sessionInstruments(["NQ"], "2026-11-20T14:30:00Z", rng);
    if (nq === undefined) throw new Error("NQ");
    const m = generateMarket(nq, 30_000_000, rng.fork("m"));
    expect(stateAt(m, 0)).toBe(m.initial);
    for (const [k, u] of m.updates.entries()) {
      expect(stateAt(m, u.t)).toBe(u);
      const next = m.updates[k + 1];
      if (next !== undefined) expect(stateAt(m, next.t - 1)).toBe(u);
    }
  });
});
