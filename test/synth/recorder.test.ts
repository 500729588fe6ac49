/** The Trade Manager recorder: any run of signals keeps its records, rows and deltas in step. */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { sessionInstruments } from "../../src/synth/instruments.js";
import { Rng } from "../../src/synth/random.js";
import { Recorder, sessionStrategies } from "../../src/synth/recorder.js";

describe("Recorder", () => {
  test("deltas add up to the records, rows show them, and mixed-price records are never trimmed", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 40 }),
        fc.array(fc.tuple(fc.nat(9), fc.integer({ min: -40, max: 40 })), {
          minLength: 1,
          maxLength: 120,
        }),
        (seed, signals) => {
          const rng = new Rng(seed);
          const instruments = sessionInstruments(["ES", "NQ"], "2026-11-20T14:30:00Z", rng);
          const strategies = sessionStrategies(10, instruments);
          const recorder = new Recorder(strategies, rng.fork("r"));
          const net = new Map<number, number>();
          const lots = new Map<number, number[]>();
          signals.forEach(([index, move], k) => {
            const price = (strategies[index]?.inst.startTicks ?? 0) + move;
            const s = recorder.signal(index, k * 1_000_000, price);
            expect(s.delta).not.toBe(0);
            net.set(index, (net.get(index) ?? 0) + s.delta);
            expect(recorder.position(index)).toBe(net.get(index));
            for (const step of s.steps) {
              const held = lots.get(index) ?? [];
              if (step.verb === "TRIM") {
                expect(new Set(held).size).toBe(1);
                lots.set(index, held.slice(step.qty));
              } else if (step.verb === "CLOSE") {
                expect(step.qty).toBe(held.length);
                lots.set(index, []);
              } else if (step.verb === "ADD") {
                lots.set(index, [...held, step.priceTicks]);
              } else {
                expect(held).toEqual([]);
                lots.set(index, Array(step.qty).fill(step.priceTicks));
              }
            }
            const rows = recorder.rows(() => "2026-11-20 08:30:00");
            const open = [...lots].filter(([, l]) => l.length > 0);
            expect(rows).toHaveLength(open.length);
            for (const [i, l] of open) {
              const row = rows.find((r) => r.Strat_Name === strategies[i]?.name);
              expect(row?.Running_Pos).toBe(l.length);
              expect(row?.Direction).toBe((net.get(i) ?? 0) > 0 ? "BUY" : "SELL");
              const avg = l.reduce((a, b) => a + b, 0) / l.length;
              expect(row?.Open_Price).toBeCloseTo(avg * 0.25, 9);
            }
          });
        },
      ),
      { numRuns: 50 },
    );
  });

  test("strategy names are Trade Manager's, unique, and spread over the instruments", () => {
    const rng = new Rng(1);
    const instruments = sessionInstruments(["ES", "NQ"], "2026-11-20T14:30:00Z", rng);
    const s = sessionStrategies(10, instruments);
    expect(s.slice(0, 4).map((x) => [x.name, x.timeframe, x.inst.ticker])).toEqual([
      ["ROG-15SV", "15", "ES1!"],
      ["NEURAL-MOMENTUM", "5", "NQ1!"],
      ["SNAKE", "5", "ES1!"],
      ["TREND-RIDER", "30", "NQ1!"],
    ]);
    expect(new Set(s.map((x) => x.name)).size).toBe(10);
    expect(s[8]?.name).toBe("ROG-15SV-2");
  });
});
