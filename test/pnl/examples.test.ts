/** The six worked examples of the P&L spec, exactly: to the cent, and to the micro where given. */

import { describe, expect, test } from "vitest";
import { DEFAULT_CONTRACTS } from "../../src/pnl/contracts.js";
import { Ledger } from "../../src/pnl/ledger.js";
import { formatMicros, formatMoney, formatUsd } from "../../src/pnl/money.js";
import { Reconciler } from "../../src/pnl/reconcile.js";
import { formatPrice, priceToTicks } from "../../src/pnl/ticks.js";

describe("worked example 1: Trade Manager NQ round trip", () => {
  test("2 ticks * $5 = $10.00 gross, $7.42 net after $1.29 per side", () => {
    const ledger = new Ledger({ matching: "average" });
    const key = { strategy: "ROG-15SV", ticker: "NQ1!", timeframe: "15" };
    const open = ledger.fill({ key, side: "BUY", qty: 1, price: 24958.5 });
    expect(open.realized).toBe(0n);
    expect(open.fee).toBe(1_290_000n);
    const close = ledger.fill({ key, side: "SELL", qty: 1, price: "24959.0" });
    expect(close.closes).toHaveLength(1);
    const piece = close.closes[0]!;
    expect(piece.exitTicks - piece.entryTicks.num).toBe(2n);
    expect(close.realized).toBe(10_000_000n);
    const row = ledger.row(key)!;
    expect(row.position).toBe(0n);
    expect(formatUsd(row.realized)).toBe("$10.00");
    expect(row.fees).toBe(2_580_000n);
    expect(row.net).toBe(7_420_000n);
    expect(formatUsd(row.net!)).toBe("$7.42");
  });
});

describe("worked example 2: ES marks from a DATA frame (bid 6723.00, ask 6723.25)", () => {
  const bidAsk = { symbol: "ES1!", bid: 6723.0, ask: 6723.25 };

  test("long 2 @ 6720.00: bid mark $300.00, mid mark $312.50", () => {
    const ledger = new Ledger();
    const key = { strategy: "S", ticker: "ES1!", timeframe: "5" };
    ledger.fill({ key, side: "BUY", qty: 2, price: 6720.0 });
    ledger.mark(bidAsk);
    const bid = ledger.row(key, { mark: "bidask" })!;
    expect(bid.unrealized).toBe(300_000_000n);
    expect(bid.markUsed).toBe("bidask");
    expect(bid.markTicks).toEqual({ num: 26892n, den: 1n });
    const mid = ledger.row(key, { mark: "mid" })!;
    expect(mid.unrealized).toBe(312_500_000n);
    expect(formatUsd(mid.unrealized!)).toBe("$312.50");
    expect(mid.markTicks).toEqual({ num: 53785n, den: 2n });
  });

  test("short 2 @ 6725.00 marked at the ask: 7 ticks * 12.50 * 2 = $175.00", () => {
    const ledger = new Ledger();
    const key = { account: "D1", symbol: "ES1!" };
    ledger.fill({ key, side: "SELL", qty: 2, price: 6725 });
    ledger.mark(bidAsk);
    const row = ledger.row(key)!;
    expect(row.position).toBe(-2n);
    expect(row.unrealized).toBe(175_000_000n);
    expect(formatUsd(row.unrealized!)).toBe("$175.00");
  });

  test("Trade Manager's own formula gives the same $300.00 and agrees with the ledger", () => {
    const ledger = new Ledger({ matching: "average" });
    const key = { strategy: "S", ticker: "ES1!", timeframe: "5" };
    ledger.fill({ key, side: "BUY", qty: 2, price: 6720 });
    const rec = new Reconciler(ledger);
    const found = rec.observe({
      kind: "tradeManagerRecord",
      time: "2025-10-01T14:00:00Z",
      key,
      direction: "BUY",
      openPrice: 6720,
      runningPos: 2,
      bid: 6723.0,
      ask: 6723.25,
      step: 0.25,
      amnt: 12.5,
    });
    expect(found).toEqual([]);
  });
});

describe("worked example 3: MNQ FIFO vs average price", () => {
  const fills = [
    ["BUY", 1, 21000],
    ["BUY", 1, 21010],
    ["SELL", 1, 21020],
    ["SELL", 2, 21020],
    ["BUY", 1, 21015],
  ] as const;

  function run(matching: "fifo" | "average") {
    const ledger = new Ledger({ matching });
    const key = { account: "A", symbol: "MNQZ5" };
    return fills.map(([side, qty, price]) => {
      ledger.fill({ key, side, qty, price });
      const row = ledger.row(key)!;
      return [Number(row.position), formatUsd(row.realized)];
    });
  }

  test("net +1, +2, +1, -1, 0; FIFO realized 0, 0, $40, $60, $70", () => {
    expect(run("fifo")).toEqual([
      [1, "$0.00"],
      [2, "$0.00"],
      [1, "$40.00"],
      [-1, "$60.00"],
      [0, "$70.00"],
    ]);
  });

  test("average price realized 0, 0, $30, $60, $70", () => {
    expect(run("average")).toEqual([
      [1, "$0.00"],
      [2, "$0.00"],
      [1, "$30.00"],
      [-1, "$60.00"],
      [0, "$70.00"],
    ]);
  });

  test("FIFO closes lot by lot: 21000 then 21010; the reversal opens short 1 @ 21020", () => {
    const ledger = new Ledger();
    const key = { account: "A", symbol: "MNQZ5" };
    for (const [side, qty, price] of fills.slice(0, 3)) ledger.fill({ key, side, qty, price });
    const rev = ledger.fill({ key, side: "SELL", qty: 2, price: 21020 });
    expect(rev.closedQty).toBe(1n);
    expect(rev.openedQty).toBe(1n);
    expect(rev.closes.map((c) => [c.entryTicks.num, c.realized])).toEqual([[84040n, 20_000_000n]]);
    expect(ledger.row(key)!.avgPrice).toBe("21020.00");
  });
});

describe("worked example 4: MCL long 3 @ 71.45, exit 71.12", () => {
  test("-33 ticks * 3 * $1 = -$99.00 gross; fees $4.74; net -$103.74 (floats would say -0.3299999999999983)", () => {
    expect(71.12 - 71.45).toBe(-0.3299999999999983);
    const ledger = new Ledger();
    const key = { account: "A", symbol: "MCLF6" };
    ledger.fill({ key, side: "BUY", qty: 3, price: 71.45 });
    const exit = ledger.fill({ key, side: "SELL", qty: 3, price: 71.12 });
    expect(exit.closes[0]!.exitTicks - exit.closes[0]!.entryTicks.num).toBe(-33n);
    const row = ledger.row(key)!;
    expect(row.realized).toBe(-99_000_000n);
    expect(row.fees).toBe(4_740_000n);
    expect(row.net).toBe(-103_740_000n);
    expect([formatUsd(row.realized), formatUsd(row.fees), formatUsd(row.net!)]).toEqual([
      "-$99.00",
      "$4.74",
      "-$103.74",
    ]);
  });
});

describe("worked example 5: ZN in 32nds", () => {
  const zn = DEFAULT_CONTRACTS.get("ZN")!;

  test("110-16.5 is 110.515625 and 110-20 is 110.625, both ways", () => {
    expect(priceToTicks("110-16.5", zn.grid, "ZN")).toBe(priceToTicks(110.515625, zn.grid, "ZN"));
    expect(priceToTicks("110-20", zn.grid, "ZN")).toBe(priceToTicks(110.625, zn.grid, "ZN"));
    expect(formatPrice(priceToTicks(110.515625, zn.grid, "ZN"), zn.grid)).toBe("110-16.5");
    expect(formatPrice(priceToTicks(110.625, zn.grid, "ZN"), zn.grid)).toBe("110-20");
  });

  test("7 ticks * $15.625 = $109.375 exactly, displayed $109.38", () => {
    const ledger = new Ledger();
    const key = { account: "A", symbol: "ZNH6" };
    ledger.fill({ key, side: "BUY", qty: 1, price: "110-16.5" });
    const exit = ledger.fill({ key, side: "SELL", qty: 1, price: 110.625 });
    expect(exit.closes[0]!.exitTicks - exit.closes[0]!.entryTicks.num).toBe(7n);
    expect(exit.realized).toBe(109_375_000n);
    expect(formatMicros(exit.realized)).toBe("109.375");
    expect(formatUsd(exit.realized)).toBe("$109.38");
  });
});

describe("worked example 6: BTCUSDT spot with 0.1% of notional per side", () => {
  test("buy 0.5 @ 67250.50, sell @ 67480.25: 114.875 USDT gross, 47.509625 USDT net", () => {
    const ledger = new Ledger();
    const key = { strategy: "ROGBTC-10S", ticker: "BTCUSDT", timeframe: "10S" };
    const buy = ledger.fill({ key, side: "BUY", qty: 0.5, price: 67250.5 });
    expect(buy.position).toBe(50_000_000n); // satoshis
    expect(buy.fee).toBe(33_625_250n); // 0.001 * 33625.25
    const sell = ledger.fill({ key, side: "SELL", qty: "0.5", price: 67480.25 });
    expect(sell.fee).toBe(33_740_125n);
    const row = ledger.row(key)!;
    expect(row.currency).toBe("USDT");
    expect(row.realized).toBe(114_875_000n);
    expect(row.fees).toBe(67_365_375n);
    expect(row.net).toBe(47_509_625n);
    expect(formatMicros(row.net!)).toBe("47.509625");
    expect(formatMoney(row.net!, row.currency)).toBe("47.51 USDT");
    expect(row.exact).toBe(true);
  });
});
