import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { InputError } from "../../src/errors.js";
import { ContractTable, DEFAULT_CONTRACTS } from "../../src/pnl/contracts.js";
import {
  DEFAULT_FEES,
  feeSchedule,
  futuresFeePerSide,
  NO_FEES,
  spotFeeRate,
} from "../../src/pnl/fees.js";
import { formatMicros } from "../../src/pnl/money.js";
import { formatDecimal, mulR, ratio } from "../../src/pnl/ratio.js";
import { SPOT_PAIRS } from "../../src/pnl/spot.js";

/** The spec's table, transcribed independently: root, tick, tick $, $/point, months. */
const SPEC: Array<[string, string, string, string, string]> = [
  ["ES", "0.25", "12.50", "50", "HMUZ"],
  ["MES", "0.25", "1.25", "5", "HMUZ"],
  ["NQ", "0.25", "5.00", "20", "HMUZ"],
  ["MNQ", "0.25", "0.50", "2", "HMUZ"],
  ["YM", "1", "5.00", "5", "HMUZ"],
  ["MYM", "1", "0.50", "0.5", "HMUZ"],
  ["RTY", "0.1", "5.00", "50", "HMUZ"],
  ["M2K", "0.1", "0.50", "5", "HMUZ"],
  ["CL", "0.01", "10.00", "1000", "FGHJKMNQUVXZ"],
  ["MCL", "0.01", "1.00", "100", "FGHJKMNQUVXZ"],
  ["GC", "0.1", "10.00", "100", "GJMQVZ"],
  ["MGC", "0.1", "1.00", "10", "GJMQVZ"],
  ["SI", "0.005", "25.00", "5000", "HKNUZ"],
  ["ZB", "0.03125", "31.25", "1000", "HMUZ"],
  ["ZN", "0.015625", "15.625", "1000", "HMUZ"],
  ["6E", "0.00005", "6.25", "125000", "HMUZ"],
  ["BTC", "5", "25.00", "5", "FGHJKMNQUVXZ"],
  ["MBT", "5", "0.50", "0.1", "FGHJKMNQUVXZ"],
  ["ETH", "0.25", "12.50", "50", "FGHJKMNQUVXZ"],
  ["MET", "0.5", "0.05", "0.1", "FGHJKMNQUVXZ"],
];

const trim = (s: string) => s.replace(/\.?0+$/, "");

describe("the contract table", () => {
  test("holds the spec's 20 roots with their exact tick, tick value, value per point and months", () => {
    expect(DEFAULT_CONTRACTS.specs()).toHaveLength(20);
    for (const [root, tick, tickValue, vpp, months] of SPEC) {
      const spec = DEFAULT_CONTRACTS.require(root, "test");
      expect(formatDecimal(spec.grid.size), root).toBe(tick);
      expect(trim(formatMicros(spec.tickValue)), root).toBe(trim(tickValue));
      expect(formatDecimal(spec.valuePerPoint), root).toBe(vpp);
      expect(spec.months!.map((m) => "FGHJKMNQUVXZ"[m - 1]).join(""), root).toBe(months);
      expect(mulR(mulR(spec.grid.size, spec.valuePerPoint), ratio(1_000_000n))).toEqual(
        ratio(spec.tickValue),
      );
    }
  });

  test("ZN's tick is exactly 1/64 and worth 15_625_000 micro-dollars; ZN and ZB quote in 32nds", () => {
    const zn = DEFAULT_CONTRACTS.get("ZN")!;
    expect(zn.grid.size).toEqual({ num: 1n, den: 64n });
    expect(zn.tickValue).toBe(15_625_000n);
    expect(zn.grid.style).toBe("32nds");
    expect(DEFAULT_CONTRACTS.get("ZB")!.grid.style).toBe("32nds");
    expect(DEFAULT_CONTRACTS.get("ES")!.grid.style).toBe("decimal");
  });

  test("an unknown root is an InputError that names it and lists the known ones", () => {
    expect(() => DEFAULT_CONTRACTS.require("XYZ", "fill 7")).toThrow(InputError);
    expect(() => DEFAULT_CONTRACTS.require("XYZ", "fill 7")).toThrow(
      /^fill 7: unknown contract root "XYZ" \(known: .*MNQ.*\)$/,
    );
  });

  test("roots() lists longer roots first so MNQ is never read as M + NQ", () => {
    const roots = DEFAULT_CONTRACTS.roots();
    expect(roots.indexOf("MNQ")).toBeLessThan(roots.indexOf("NQ"));
  });
});

describe("a tape's product facts override the table", () => {
  test("valuePerPoint and tickSize replace the row; months and style are kept", () => {
    const t = DEFAULT_CONTRACTS.withProduct({ name: "ES", tickSize: 0.5, valuePerPoint: 50 });
    const es = t.get("ES")!;
    expect(es.tickValue).toBe(25_000_000n);
    expect(es.grid.size).toEqual({ num: 1n, den: 2n });
    expect(es.months).toEqual([3, 6, 9, 12]);
    expect(DEFAULT_CONTRACTS.get("ES")!.tickValue).toBe(12_500_000n); // the original is unchanged
    const zn = DEFAULT_CONTRACTS.withProduct({
      name: "ZN",
      tickSize: 0.015625,
      valuePerPoint: 1000,
    });
    expect(zn.get("ZN")!.grid.style).toBe("32nds");
  });

  test("Trade Manager's tickinfo (step, amnt) works as well: amnt is dollars per tick", () => {
    const t = DEFAULT_CONTRACTS.withProduct({ name: "NQ", tickSize: 0.25, tickValue: 5.0 });
    expect(t.get("NQ")!.valuePerPoint).toEqual({ num: 20n, den: 1n });
  });

  test("a root the table lacks is added, without months (so no front-month guess)", () => {
    const t = DEFAULT_CONTRACTS.withProduct({ name: "mym2", tickSize: "1", valuePerPoint: "0.5" });
    expect(t.get("MYM2")).toMatchObject({
      root: "MYM2",
      months: null,
      roll: null,
      tickValue: 500_000n,
    });
  });

  test("bad facts are InputErrors", () => {
    expect(() =>
      DEFAULT_CONTRACTS.withProduct({ name: "ES", tickSize: 0, valuePerPoint: 50 }),
    ).toThrow(InputError);
    expect(() =>
      DEFAULT_CONTRACTS.withProduct({ name: "ES", tickSize: "x", valuePerPoint: 50 }),
    ).toThrow(/tickSize "x"/);
    expect(() => DEFAULT_CONTRACTS.withProduct({ name: "ES", tickSize: 0.25 })).toThrow(
      /valuePerPoint or tickValue/,
    );
    expect(() =>
      DEFAULT_CONTRACTS.withProduct({ name: "ES", tickSize: 0.0000001, valuePerPoint: 1 }),
    ).toThrow(/micro-dollars/);
  });

  test("property: tickValue = tickSize * valuePerPoint exactly, whichever way the facts come", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: 1, max: 100_000 }),
        (tickUnits, places, vpp) => {
          const tick = formatDecimal(ratio(BigInt(tickUnits), 10n ** BigInt(places)));
          const a = DEFAULT_CONTRACTS.withProduct({
            name: "ES",
            tickSize: tick,
            valuePerPoint: vpp,
          }).get("ES")!;
          const value = mulR(a.grid.size, ratio(BigInt(vpp)));
          expect(ratio(a.tickValue, 1_000_000n)).toEqual(value);
          const b = new ContractTable([a]).withProduct({
            name: "ES",
            tickSize: tick,
            tickValue: formatDecimal(value),
          });
          expect(b.get("ES")!.valuePerPoint).toEqual(ratio(BigInt(vpp)));
        },
      ),
    );
  });
});

describe("fees", () => {
  test("defaults: $0.79 micro, $1.29 E-mini, $1.79 standard per contract per side; 0.1% spot", () => {
    const fee = (root: string) => futuresFeePerSide(DEFAULT_FEES, DEFAULT_CONTRACTS.get(root)!);
    expect([fee("MES"), fee("MNQ"), fee("MCL"), fee("MET")]).toEqual([
      790_000n,
      790_000n,
      790_000n,
      790_000n,
    ]);
    expect([fee("ES"), fee("NQ"), fee("YM"), fee("RTY")]).toEqual([
      1_290_000n,
      1_290_000n,
      1_290_000n,
      1_290_000n,
    ]);
    expect([fee("CL"), fee("ZN"), fee("6E"), fee("BTC")]).toEqual([
      1_790_000n,
      1_790_000n,
      1_790_000n,
      1_790_000n,
    ]);
    expect(spotFeeRate(DEFAULT_FEES, SPOT_PAIRS.get("BTCUSDT")!)).toEqual({ num: 1n, den: 1000n });
  });

  test("settings override by class, by root and by pair, exactly", () => {
    const s = feeSchedule({
      emini: "0.99",
      perRoot: { nq: 2 },
      spotRate: 0.00075,
      spotRateByPair: { btcusd: "0.004" },
    });
    expect(futuresFeePerSide(s, DEFAULT_CONTRACTS.get("ES")!)).toBe(990_000n);
    expect(futuresFeePerSide(s, DEFAULT_CONTRACTS.get("NQ")!)).toBe(2_000_000n);
    expect(futuresFeePerSide(s, DEFAULT_CONTRACTS.get("MES")!)).toBe(790_000n);
    expect(spotFeeRate(s, SPOT_PAIRS.get("ETHUSDT")!)).toEqual({ num: 3n, den: 4000n });
    expect(spotFeeRate(s, SPOT_PAIRS.get("BTCUSD")!)).toEqual({ num: 1n, den: 250n });
    expect(futuresFeePerSide(NO_FEES, DEFAULT_CONTRACTS.get("ES")!)).toBe(0n);
  });

  test("bad settings are InputErrors", () => {
    expect(() => feeSchedule({ micro: -1 })).toThrow(InputError);
    expect(() => feeSchedule({ micro: "0.0000001" })).toThrow(/not a non-negative dollar amount/);
    expect(() => feeSchedule({ spotRate: "lots" })).toThrow(/fee rate spot/);
  });
});
