import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { Ledger } from "../../src/pnl/ledger.js";
import { formatDecimal, mulR, ratio, toNumberR } from "../../src/pnl/ratio.js";
import {
  type Observation,
  Reconciler,
  reconcile,
  type TradovatePositionObservation,
  tradeManagerPnl,
} from "../../src/pnl/reconcile.js";
import { priceOf, tickFillArb } from "./arbitraries.js";

const T = "2025-11-25T15:30:00.000Z";
const mcl = { account: "7", symbol: "MCLF6" };

function mclLedger() {
  const ledger = new Ledger();
  ledger.fill({ key: mcl, side: "BUY", qty: 3, price: 71.45 });
  return ledger;
}

describe("Tradovate position entities", () => {
  test("agreement despite the venue's float noise (3 * 71.45 = 214.35000000000002)", () => {
    const found = reconcile(mclLedger(), {
      kind: "tradovatePosition",
      time: T,
      key: mcl,
      netPos: 3,
      netPrice: 71.45,
      bought: 3,
      boughtValue: 3 * 71.45,
      sold: 0,
      soldValue: 0,
    });
    expect(3 * 71.45).toBe(214.35000000000002);
    expect(found).toEqual([]);
  });

  test("every disagreeing field is reported with time, key, field and both values", () => {
    const found = reconcile(mclLedger(), {
      kind: "tradovatePosition",
      time: T,
      key: mcl,
      netPos: 2,
      netPrice: 71.46,
      bought: 2,
      boughtValue: 214.34,
      sold: 1,
      soldValue: 71.44,
    });
    expect(found).toEqual([
      { time: T, key: "account 7 MCLF6", field: "netPos", external: "2", ledger: "3" },
      { time: T, key: "account 7 MCLF6", field: "netPrice", external: "71.46", ledger: "71.45" },
      { time: T, key: "account 7 MCLF6", field: "bought", external: "2", ledger: "3" },
      { time: T, key: "account 7 MCLF6", field: "sold", external: "1", ledger: "0" },
      {
        time: T,
        key: "account 7 MCLF6",
        field: "boughtValue",
        external: "214.34",
        ledger: "214.35",
      },
      { time: T, key: "account 7 MCLF6", field: "soldValue", external: "71.44", ledger: "0" },
    ]);
  });

  test("a flat venue position with no netPrice agrees with a flat ledger; a missing netPrice does not", () => {
    const ledger = mclLedger();
    ledger.fill({ key: mcl, side: "SELL", qty: 3, price: 71.12 });
    expect(reconcile(ledger, { kind: "tradovatePosition", time: T, key: mcl, netPos: 0 })).toEqual(
      [],
    );
    expect(
      reconcile(mclLedger(), {
        kind: "tradovatePosition",
        time: T,
        key: mcl,
        netPos: 3,
        netPrice: null,
      }),
    ).toEqual([
      { time: T, key: "account 7 MCLF6", field: "netPrice", external: "absent", ledger: "71.45" },
    ]);
  });

  test("a position the ledger never saw is compared as flat", () => {
    const found = reconcile(new Ledger(), {
      kind: "tradovatePosition",
      time: T,
      key: { account: "9", symbol: "ESZ5" },
      netPos: -1,
      netPrice: 6700,
    });
    expect(found.map((d) => [d.field, d.external, d.ledger])).toEqual([
      ["netPos", "-1", "0"],
      ["netPrice", "6700", "flat"],
    ]);
  });

  test("unknown symbols and unreadable values are findings, never exceptions", () => {
    const bad = reconcile(new Ledger(), {
      kind: "tradovatePosition",
      time: T,
      key: { account: "1", symbol: "XYZZ5" },
      netPos: 1,
    });
    expect(bad).toMatchObject([
      { field: "symbol", note: expect.stringContaining('unknown contract root "XYZ"') },
    ]);
    const nan = reconcile(mclLedger(), {
      kind: "tradovatePosition",
      time: T,
      key: mcl,
      netPos: Number.NaN,
      netPrice: 71.45,
    });
    expect(nan).toMatchObject([
      { field: "netPos", external: "NaN", note: "unreadable: not a finite number" },
    ]);
  });
});

describe("Tradovate cashBalance.realizedPnL", () => {
  test("sums the account's positions and agrees within half a cent", () => {
    const ledger = mclLedger();
    ledger.fill({ key: mcl, side: "SELL", qty: 3, price: 71.12 });
    ledger.fill({ key: { account: "7", symbol: "ESZ5" }, side: "BUY", qty: 1, price: 6700 });
    ledger.fill({ key: { account: "7", symbol: "ESZ5" }, side: "SELL", qty: 1, price: 6700.5 });
    ledger.fill({ key: { account: "8", symbol: "ESZ5" }, side: "SELL", qty: 1, price: 6700.5 });
    const obs = (realizedPnL: number): Observation => ({
      kind: "realizedPnL",
      time: T,
      account: "7",
      realizedPnL,
    });
    expect(reconcile(ledger, obs(-74))).toEqual([]); // -99 + 25
    expect(reconcile(ledger, obs(-74.00000000000001))).toEqual([]);
    expect(reconcile(ledger, obs(-73.99))).toEqual([
      { time: T, key: "account 7", field: "realizedPnL", external: "-73.99", ledger: "-74.00" },
    ]);
    expect(reconcile(ledger, obs(-73.99), { moneyToleranceMicros: 20_000n })).toEqual([]);
  });
});

describe("Trade Manager records and its own P&L formula", () => {
  const key = { strategy: "ROG-15SV", ticker: "NQ1!", timeframe: "15" };
  const base = {
    kind: "tradeManagerRecord" as const,
    time: T,
    key,
    direction: "BUY" as const,
    openPrice: 24958.5,
    runningPos: 1,
    bid: 24960,
    ask: 24960.25,
    step: 0.25,
    amnt: 5,
  };

  test("the formula, exactly: ((BUY ? bid - open : open - ask) / step) * amnt * |pos|", () => {
    const r = (n: number) => ratio(BigInt(Math.round(n * 100)), 100n);
    expect(
      tradeManagerPnl({
        direction: "BUY",
        open: r(24958.5),
        bid: r(24960),
        ask: r(24960.25),
        step: r(0.25),
        amnt: r(5),
        runningPos: r(1),
      }),
    ).toEqual(ratio(30n));
    expect(
      tradeManagerPnl({
        direction: "SELL",
        open: r(6725),
        bid: r(6723),
        ask: r(6723.25),
        step: r(0.25),
        amnt: r(12.5),
        runningPos: r(-2),
      }),
    ).toEqual(ratio(175n));
  });

  test("agrees with an average-price ledger for the same record", () => {
    const ledger = new Ledger({ matching: "average" });
    ledger.fill({ key, side: "BUY", qty: 1, price: 24958.5 });
    const rec = new Reconciler(ledger);
    expect(rec.observe(base)).toEqual([]);
    ledger.fill({ key, side: "BUY", qty: 2, price: 24959.25 });
    // Trade Manager's Open_Price is the average, 24959.0, which it may print as a float.
    expect(rec.observe({ ...base, openPrice: 24959.000000000004, runningPos: 3 })).toEqual([]);
    expect(rec.disagreements).toEqual([]);
  });

  test("reports a wrong position, open price, tickinfo and the P&L they cause", () => {
    const ledger = new Ledger({ matching: "average" });
    ledger.fill({ key, side: "BUY", qty: 1, price: 24958.5 });
    const rec = new Reconciler(ledger);
    const found = rec.observe({ ...base, direction: "SELL", openPrice: 24958.75, amnt: 20 });
    expect(found.map((d) => [d.field, d.external, d.ledger])).toEqual([
      ["tickinfo.amnt", "20", "5"],
      ["position", "SELL 1", "1"],
      ["Open_Price", "24958.75", "24958.5"],
      ["pnl", "-120", "30"],
    ]);
    expect(rec.disagreements).toHaveLength(4);
  });

  test("a half-cent P&L difference is within tolerance; a cent is not", () => {
    const ledger = new Ledger({ matching: "average" });
    const btc = { strategy: "ROGBTC-10S", ticker: "BTCUSDT", timeframe: "10S" };
    ledger.fill({ key: btc, side: "BUY", qty: 0.5, price: 67250.5 });
    const obs = {
      ...base,
      key: btc,
      openPrice: 67250.5,
      runningPos: 0.5,
      bid: 67260.5,
      ask: 67260.51,
      step: 0.01,
      amnt: 0.01,
    };
    expect(reconcile(ledger, obs)).toEqual([]); // 5.00 USDT both ways
    expect(reconcile(ledger, { ...obs, openPrice: 67250.52 })).toMatchObject([
      { field: "Open_Price" },
      { field: "pnl" },
    ]);
  });
});

describe("properties", () => {
  const positionFrom = (
    ledger: Ledger,
    key: { account: string; symbol: string },
  ): TradovatePositionObservation => {
    const row = ledger.row(key)!;
    const tick = ledger.instrument(key.symbol).grid.size;
    const toNum = (ticks: bigint) => Number(formatDecimal(mulR(ratio(ticks), tick), 20));
    return {
      kind: "tradovatePosition",
      time: T,
      key,
      netPos: Number(row.position),
      netPrice: row.avgPriceTicks === null ? null : toNumberR(mulR(row.avgPriceTicks, tick)),
      bought: Number(row.bought),
      // What a venue summing doubles would send: qty * price accumulated in floats.
      boughtValue: toNum(row.boughtTicks) * (1 + Number.EPSILON),
      sold: Number(row.sold),
      soldValue: toNum(row.soldTicks),
    };
  };

  test("a venue that saw the same fills never disagrees; one tick or one contract off always does", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("ESZ5", "MCLF6", "ZNH6", "6EH6"),
        fc.array(tickFillArb(), { minLength: 1, maxLength: 30 }),
        fc.constantFrom("netPos", "boughtValue", "soldValue"),
        (symbol, fills, field) => {
          const ledger = new Ledger();
          const key = { account: "1", symbol };
          const root = symbol.slice(0, -2);
          for (const f of fills)
            ledger.fill({ key, side: f.side, qty: f.qty, price: priceOf(root, f.ticks) });
          const obs = positionFrom(ledger, key);
          expect(reconcile(ledger, obs)).toEqual([]);
          const tick = Number(formatDecimal(ledger.instrument(symbol).grid.size, 20));
          const wrong = {
            ...obs,
            [field]: (obs[field] as number) + (field === "netPos" ? 1 : tick),
          };
          const found = reconcile(ledger, wrong).map((d) => d.field);
          expect(found).toContain(field);
        },
      ),
    );
  });
});
