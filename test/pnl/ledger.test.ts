import { describe, expect, test } from "vitest";
import { InputError } from "../../src/errors.js";
import { DEFAULT_CONTRACTS } from "../../src/pnl/contracts.js";
import { feeSchedule, NO_FEES } from "../../src/pnl/fees.js";
import { describeKey, keyId, Ledger } from "../../src/pnl/ledger.js";

const acct = { account: "D1", symbol: "ESZ5" };

describe("netting", () => {
  test("a reversal closes first, then opens the rest at the fill price (long 1, SELL 3 -> short 2)", () => {
    const ledger = new Ledger({ fees: NO_FEES });
    ledger.fill({ key: acct, side: "BUY", qty: 1, price: 6700 });
    const r = ledger.fill({ key: acct, side: "SELL", qty: 3, price: 6710 });
    expect(r).toMatchObject({ positionBefore: 1n, position: -2n, closedQty: 1n, openedQty: 2n });
    expect(r.realized).toBe(500_000_000n); // 40 ticks * $12.50
    const row = ledger.row(acct)!;
    expect(row.quantity).toBe("-2");
    expect(row.avgPrice).toBe("6710.00");
    expect(row.bought).toBe(1n);
    expect(row.sold).toBe(3n);
  });

  test("positions are per (account, contract) and per Trade Manager record", () => {
    const ledger = new Ledger();
    ledger.fill({ key: { account: "A", symbol: "ESZ5" }, side: "BUY", qty: 1, price: 6700 });
    ledger.fill({ key: { account: "B", symbol: "ESZ5" }, side: "SELL", qty: 1, price: 6700 });
    ledger.fill({ key: { account: "A", symbol: "ESH6" }, side: "BUY", qty: 2, price: 6750 });
    ledger.fill({
      key: { strategy: "SNAKE", ticker: "ES1!", timeframe: "5" },
      side: "BUY",
      qty: 1,
      price: 6700,
    });
    ledger.fill({
      key: { strategy: "SNAKE", ticker: "ES1!", timeframe: "15" },
      side: "SELL",
      qty: 4,
      price: 6700,
    });
    expect(ledger.snapshot().map((r) => [describeKey(r.key), r.position])).toEqual([
      ["account A ESZ5", 1n],
      ["account B ESZ5", -1n],
      ["account A ESH6", 2n],
      ["record SNAKE ES1! 5", 1n],
      ["record SNAKE ES1! 15", -4n],
    ]);
  });

  test("one position however its symbol is spelled", () => {
    expect(keyId({ account: "1", symbol: "CME_MINI:NQ1!" })).toBe(
      keyId({ account: "1", symbol: " nq1! " }),
    );
    const ledger = new Ledger();
    const key = { strategy: "S", ticker: "CME_MINI:NQ1!", timeframe: "5" };
    ledger.fill({ key, side: "BUY", qty: 1, price: 25000 });
    ledger.fill({ key: { ...key, ticker: "NQ1!" }, side: "BUY", qty: 1, price: 25000 });
    ledger.mark({ symbol: "nq1!", bid: 25001, ask: 25001.25 });
    const rows = ledger.snapshot();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.unrealized).toBe(40_000_000n); // 2 * 4 ticks * $5
  });

  test("FIFO remembers lots; average mode keeps only the average", () => {
    const fifo = new Ledger();
    const avg = new Ledger({ matching: "average" });
    for (const l of [fifo, avg]) {
      l.fill({ key: acct, side: "BUY", qty: 2, price: 6700 });
      l.fill({ key: acct, side: "BUY", qty: 1, price: 6703 });
      l.fill({ key: acct, side: "SELL", qty: 1, price: 6710 });
    }
    expect(fifo.book(acct)!.lots()).toEqual([
      { qty: 1n, ticks: 26800n },
      { qty: 1n, ticks: 26812n },
    ]);
    expect(fifo.row(acct)!.avgPrice).toBe("6701.50");
    expect(avg.book(acct)!.lots()).toEqual([]);
    expect(avg.row(acct)!.avgPrice).toBe("6701.00");
    // FIFO closed the 6700 lot (+$500); average closed at 6701 (+$450).
    expect(fifo.row(acct)!.realized).toBe(500_000_000n);
    expect(avg.row(acct)!.realized).toBe(450_000_000n);
  });

  test("average mode with an average that is not a whole tick stays exact to the micro-dollar once flat", () => {
    const ledger = new Ledger({ matching: "average", fees: NO_FEES });
    ledger.fill({ key: acct, side: "BUY", qty: 1, price: 6700 });
    ledger.fill({ key: acct, side: "BUY", qty: 1, price: 6700 });
    ledger.fill({ key: acct, side: "BUY", qty: 1, price: 6700.25 });
    expect(ledger.row(acct)!.avgPrice).toBe("6700.08333333…");
    const a = ledger.fill({ key: acct, side: "SELL", qty: 1, price: 6701 });
    // (6701 - 6700.0833...) = 3.666... ticks * 12.5 = 45.8333... -> 45.833333 (half a micro at most)
    expect(a.realized).toBe(45_833_333n);
    ledger.fill({ key: acct, side: "SELL", qty: 2, price: 6701 });
    expect(ledger.row(acct)!.realized).toBe(137_500_000n); // (4 + 4 + 3) ticks * $12.50
  });
});

describe("marks", () => {
  const rec = { strategy: "ROG-15SV", ticker: "NQ1!", timeframe: "15" };

  test("the default mark is bid/ask liquidation value", () => {
    const ledger = new Ledger();
    ledger.fill({ key: rec, side: "BUY", qty: 1, price: 25000 });
    ledger.mark({ symbol: "NQ1!", bid: 25001, ask: 25001.5, last: 25003 });
    const row = ledger.snapshot()[0]!;
    expect(row).toMatchObject({
      markRequested: "bidask",
      markUsed: "bidask",
      unrealized: 20_000_000n,
    });
    expect(row.markFallback).toBeUndefined();
    expect(ledger.row(rec, { mark: "last" })!.unrealized).toBe(60_000_000n);
    expect(ledger.row(rec, { mark: "mid" })!.unrealized).toBe(25_000_000n);
  });

  test("Trade Manager DATA has no last: asking for last says which mark was used instead", () => {
    const ledger = new Ledger();
    ledger.fill({ key: rec, side: "BUY", qty: 1, price: 25000 });
    ledger.mark({ symbol: "NQ1!", bid: 25001, ask: 25001.5 });
    const row = ledger.row(rec, { mark: "last" })!;
    expect(row.markUsed).toBe("mid");
    expect(row.markFallback).toBe("no last for NQ1!: used mid");
    expect(row.unrealized).toBe(25_000_000n);
  });

  test("a short marked at bid/ask with only a bid known falls back to last, then says so", () => {
    const ledger = new Ledger();
    ledger.fill({ key: rec, side: "SELL", qty: 1, price: 25000 });
    ledger.mark({ symbol: "NQ1!", bid: 24999, last: 24999.5 });
    const row = ledger.row(rec)!;
    expect(row).toMatchObject({
      markUsed: "last",
      markFallback: "no ask for NQ1!: used last",
      unrealized: 10_000_000n,
    });
  });

  test("no price at all: unrealized and net are null and the row says why; flat needs no mark", () => {
    const ledger = new Ledger();
    ledger.fill({ key: rec, side: "BUY", qty: 1, price: 25000 });
    const open = ledger.row(rec)!;
    expect(open).toMatchObject({
      unrealized: null,
      net: null,
      markUsed: null,
      markFallback: "no price known for NQ1!",
    });
    ledger.fill({ key: rec, side: "SELL", qty: 1, price: 25000 });
    const flat = ledger.row(rec)!;
    expect(flat).toMatchObject({
      unrealized: 0n,
      markUsed: null,
      markTicks: null,
      net: -2_580_000n,
    });
    expect(flat.markFallback).toBeUndefined();
  });

  test("quote updates are partial: missing fields keep their value, null forgets it", () => {
    const ledger = new Ledger();
    ledger.mark({ symbol: "ESZ5", bid: 6700, ask: 6700.25, last: 6700, time: 1 });
    ledger.mark({ symbol: "ESZ5", ask: 6700.5, time: 2 });
    expect(ledger.quote("ESZ5")).toMatchObject({ bid: 26800n, ask: 26802n, last: 26800n, time: 2 });
    ledger.mark({ symbol: "ESZ5", last: null });
    expect(ledger.quote("ESZ5")!.last).toBeUndefined();
  });

  test("an off-grid quote is an InputError naming the symbol", () => {
    const ledger = new Ledger();
    expect(() => ledger.mark({ symbol: "ESZ5", bid: 6700.1 })).toThrow(
      /^ESZ5: price "6700.1" not on the tick grid/,
    );
  });
});

describe("input errors", () => {
  test("off-grid prices, fractional contracts, sub-satoshi coins, bad sides, unknown symbols", () => {
    const ledger = new Ledger();
    const bad = [
      () => ledger.fill({ key: acct, side: "BUY", qty: 1, price: 6700.1, id: "F9" }),
      () => ledger.fill({ key: acct, side: "BUY", qty: 1.5, price: 6700 }),
      () => ledger.fill({ key: acct, side: "BUY", qty: 0, price: 6700 }),
      () =>
        ledger.fill({
          key: { strategy: "S", ticker: "BTCUSDT", timeframe: "1" },
          side: "BUY",
          qty: 0.000000001,
          price: 1,
        }),
      () => ledger.fill({ key: acct, side: "HOLD" as "BUY", qty: 1, price: 6700 }),
      () => ledger.fill({ key: { account: "A", symbol: "XYZZ5" }, side: "BUY", qty: 1, price: 1 }),
    ];
    const messages = bad.map((f) => {
      try {
        f();
        return "no error";
      } catch (e) {
        expect(e).toBeInstanceOf(InputError);
        return (e as Error).message;
      }
    });
    expect(messages).toEqual([
      'account D1 ESZ5 fill F9: price "6700.1" not on the tick grid (tick 0.25: 26800.4 ticks)',
      "account D1 ESZ5: quantity 1.5 is not a positive number of whole contracts",
      "account D1 ESZ5: quantity 0 is not a positive number of whole contracts",
      "record S BTCUSDT 1: quantity 1e-9 is not a positive number of multiples of 0.00000001",
      'account D1 ESZ5: side must be BUY or SELL, got "HOLD"',
      expect.stringMatching(/^symbol "XYZZ5": unknown contract root "XYZ"/),
    ]);
    expect(ledger.row(acct)).toBeUndefined(); // nothing half-applied... the key exists but never traded
  });
});

describe("options", () => {
  test("a tape's product facts change the money: NQ at $20/point but a 0.5 tick", () => {
    const contracts = DEFAULT_CONTRACTS.withProduct({
      name: "NQ",
      tickSize: 0.5,
      valuePerPoint: 20,
    });
    const ledger = new Ledger({ contracts, fees: NO_FEES });
    const key = { account: "A", symbol: "NQZ5" };
    ledger.fill({ key, side: "BUY", qty: 1, price: 25000 });
    expect(() => ledger.fill({ key, side: "SELL", qty: 1, price: 25000.25 })).toThrow(/tick 0.5/);
    expect(ledger.fill({ key, side: "SELL", qty: 1, price: 25001.5 }).realized).toBe(30_000_000n);
  });

  test("a fill can carry its own fee: the venue's commission, or 0 for a carried-in position", () => {
    const ledger = new Ledger();
    expect(ledger.fill({ key: acct, side: "BUY", qty: 2, price: 6700, fee: 0 }).fee).toBe(0n);
    expect(ledger.fill({ key: acct, side: "SELL", qty: 2, price: 6701, fee: "2.34" }).fee).toBe(
      2_340_000n,
    );
    expect(ledger.row(acct)).toMatchObject({
      fees: 2_340_000n,
      realized: 100_000_000n,
      net: 97_660_000n,
    });
    expect(() => ledger.fill({ key: acct, side: "BUY", qty: 1, price: 6700, fee: -1 })).toThrow(
      /fee -1 is not a non-negative amount/,
    );
  });

  test("custom fees per root", () => {
    const ledger = new Ledger({ fees: feeSchedule({ perRoot: { ES: "2.5" } }) });
    expect(ledger.fill({ key: acct, side: "BUY", qty: 4, price: 6700 }).fee).toBe(10_000_000n);
  });

  test("spot amounts below a micro-unit are exact inside and flagged when rounded for output", () => {
    const ledger = new Ledger({ fees: NO_FEES });
    const key = { strategy: "S", ticker: "BTCUSDT", timeframe: "1" };
    ledger.fill({ key, side: "BUY", qty: "0.00000001", price: "67250.01" });
    const r = ledger.fill({ key, side: "SELL", qty: "0.00000001", price: "67250.02" });
    expect(r.realized).toBe(0n); // 1e-10 USDT
    expect(r.exact).toBe(false);
    for (let i = 0; i < 10_000; i++) {
      ledger.fill({ key, side: "BUY", qty: "0.00000001", price: "67250.01" });
      ledger.fill({ key, side: "SELL", qty: "0.00000001", price: "67250.02" });
    }
    // 10,001 round trips of 1e-10 USDT: 1.0001e-6 -> exactly 1 micro after rounding, not 0.
    expect(ledger.row(key)!.realized).toBe(1n);
  });
});
