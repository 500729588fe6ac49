/**
 * The worked examples of docs/replay.md ("Simulated orders"), each computed by hand there, to
 * the cent: ES is $12.50 a tick ($50 a point), the default fee $1.29 per contract per side,
 * starting cash $50,000.00.
 */
import { describe, expect, test } from "vitest";
import { formatUsd } from "../../src/pnl/money.js";
import { ACCOUNT, es, Sim, type Tick } from "./harness.js";

const S = 1_000_000;

function money(sim: Sim) {
  const m = sim.venue.money();
  return { realized: formatUsd(m.realized), fees: formatUsd(m.fees), cash: formatUsd(m.cash) };
}

const top = (t: number, bid: number, ask: number, bidSize = 10, askSize = 10): Tick => ({
  t,
  bid: es(bid),
  ask: es(ask),
  bidSize,
  askSize,
});

describe("worked examples (docs/replay.md)", () => {
  test("1. market round trip", () => {
    const sim = new Sim([top(1 * S, 6700.0, 6700.25), top(10 * S, 6702.0, 6702.25)]);
    sim.advance(2 * S);
    sim.place({ action: "Buy", orderQty: 1, orderType: "Market" });
    sim.advance(11 * S);
    sim.place({ action: "Sell", orderQty: 1, orderType: "Market" });
    sim.advance(12 * S);
    expect(sim.fills()).toEqual([
      ["Buy", 1, 6700.25],
      ["Sell", 1, 6702.0],
    ]);
    expect(money(sim)).toEqual({ realized: "$87.50", fees: "$2.58", cash: "$50084.92" });
    const cash = sim.of("cashBalance").at(-1)!;
    expect(cash).toMatchObject({ amount: 50084.92, realizedPnL: 87.5 });
  });

  const throughTape: Tick[] = [
    top(1 * S, 6700.0, 6700.25),
    { ...top(3 * S, 6699.0, 6699.25), last: es(6699.0), traded: 5 },
    { ...top(5 * S, 6698.75, 6699.0), last: es(6698.75), traded: 2 },
    top(8 * S, 6701.0, 6701.25),
  ];

  test("2a. limit, touch: fills when the market trades at its price", () => {
    const sim = new Sim(throughTape, { fillModel: "touch" });
    sim.advance(2 * S);
    sim.place({ action: "Buy", orderQty: 1, orderType: "Limit", price: 6699.0 });
    sim.advance(4 * S);
    expect(sim.fills()).toEqual([["Buy", 1, 6699.0]]);
    expect(sim.of("fill")[0]!.timestamp).toBe("2026-11-20T14:30:03.000Z");
    sim.advance(9 * S);
    sim.place({ action: "Sell", orderQty: 1, orderType: "Market" });
    sim.advance(10 * S);
    expect(money(sim)).toEqual({ realized: "$100.00", fees: "$2.58", cash: "$50097.42" });
  });

  test("2b. limit, through: waits for a trade beyond its price, fills at its own price", () => {
    const sim = new Sim(throughTape, { fillModel: "through" });
    sim.advance(2 * S);
    sim.place({ action: "Buy", orderQty: 1, orderType: "Limit", price: 6699.0 });
    sim.advance(4 * S);
    expect(sim.fills()).toEqual([]);
    sim.advance(6 * S);
    expect(sim.fills()).toEqual([["Buy", 1, 6699.0]]);
    expect(sim.of("fill")[0]!.timestamp).toBe("2026-11-20T14:30:05.000Z");
    sim.advance(9 * S);
    sim.place({ action: "Sell", orderQty: 1, orderType: "Market" });
    sim.advance(10 * S);
    expect(money(sim)).toEqual({ realized: "$100.00", fees: "$2.58", cash: "$50097.42" });
  });

  test("2c. limit, queue: the size ahead at its price trades first", () => {
    const dom = (bid: number) => ({
      bids: [{ ticks: es(bid), size: 10 }],
      offers: [{ ticks: es(bid + 0.25), size: 10 }],
    });
    const sim = new Sim(
      [
        { ...top(1 * S, 6700.0, 6700.25), dom: dom(6700.0) },
        { t: 2 * S, last: es(6700.0), traded: 6 },
        { t: 3 * S, last: es(6700.0), traded: 7 },
      ],
      { fillModel: "queue" },
    );
    sim.advance(1.5 * S);
    sim.place({ action: "Buy", orderQty: 2, orderType: "Limit", price: 6700.0 });
    sim.advance(2.5 * S);
    expect(sim.fills()).toEqual([]);
    sim.advance(4 * S);
    // 10 ahead: 6 + 4 of the next 7 trade first, the other 3 reach us (we want 2).
    expect(sim.fills()).toEqual([["Buy", 2, 6700.0]]);
  });

  test("3. stop: triggers on the last trade, then sells at the bid", () => {
    const sim = new Sim([
      top(1 * S, 6700.0, 6700.25),
      { ...top(3 * S, 6698.25, 6698.5), last: es(6698.25), traded: 1 },
      { ...top(5 * S, 6697.75, 6698.0), last: es(6698.0), traded: 3 },
    ]);
    sim.advance(2 * S);
    sim.place({ action: "Buy", orderQty: 1, orderType: "Market" });
    sim.place({ action: "Sell", orderQty: 1, orderType: "Stop", stopPrice: 6698.0 });
    sim.advance(4 * S);
    expect(sim.fills()).toEqual([["Buy", 1, 6700.25]]);
    sim.advance(6 * S);
    expect(sim.fills()).toEqual([
      ["Buy", 1, 6700.25],
      ["Sell", 1, 6697.75],
    ]);
    expect(money(sim)).toEqual({ realized: "-$125.00", fees: "$2.58", cash: "$49872.42" });
  });

  test("4. bracket (placeOSO): the target fills, the stop is cancelled", () => {
    const sim = new Sim([
      top(1 * S, 6700.0, 6700.25),
      { ...top(4 * S, 6701.75, 6702.0), last: es(6702.0), traded: 4 },
    ]);
    sim.advance(2 * S);
    const a = sim.request("order/placeOSO", {
      accountId: ACCOUNT.id,
      symbol: "ESZ6",
      action: "Buy",
      orderQty: 1,
      orderType: "Market",
      isAutomated: true,
      bracket1: { action: "Sell", orderType: "Limit", price: 6702.0 },
      bracket2: { action: "Sell", orderType: "Stop", stopPrice: 6698.0 },
    });
    const { orderId, oso1Id, oso2Id } = a.d as Record<string, number>;
    sim.advance(5 * S);
    expect(sim.fills()).toEqual([
      ["Buy", 1, 6700.25],
      ["Sell", 1, 6702.0],
    ]);
    const st = sim.statuses();
    expect([st.get(orderId!), st.get(oso1Id!), st.get(oso2Id!)]).toEqual([
      "Filled",
      "Filled",
      "Canceled",
    ]);
    expect(money(sim)).toEqual({ realized: "$87.50", fees: "$2.58", cash: "$50084.92" });
  });

  test("5. partial fill across two quotes", () => {
    const sim = new Sim([
      top(1 * S, 6700.0, 6700.25, 10, 3),
      top(3 * S, 6700.0, 6700.5, 10, 4),
      top(6 * S, 6701.0, 6701.25, 10, 10),
    ]);
    sim.advance(2 * S);
    sim.place({ action: "Buy", orderQty: 5, orderType: "Market" });
    sim.advance(4 * S);
    expect(sim.fills()).toEqual([
      ["Buy", 3, 6700.25],
      ["Buy", 2, 6700.5],
    ]);
    const pos = sim.of("position").at(-1)!;
    expect(pos).toMatchObject({ netPos: 5, netPrice: 6700.35 });
    sim.advance(7 * S);
    sim.place({ action: "Sell", orderQty: 5, orderType: "Market" });
    sim.advance(8 * S);
    expect(money(sim)).toEqual({ realized: "$162.50", fees: "$12.90", cash: "$50149.60" });
    expect(sim.of("fillPair").map((p) => [p.qty, p.buyPrice, p.sellPrice])).toEqual([
      [3, 6700.25, 6701.0],
      [2, 6700.5, 6701.0],
    ]);
  });

  test("6. reversal through zero", () => {
    const sim = new Sim([
      top(1 * S, 6700.0, 6700.25),
      top(3 * S, 6701.0, 6701.25),
      top(5 * S, 6699.25, 6699.5),
    ]);
    sim.advance(2 * S);
    sim.place({ action: "Buy", orderQty: 2, orderType: "Market" });
    sim.advance(4 * S);
    sim.place({ action: "Sell", orderQty: 3, orderType: "Market" });
    sim.advance(4.5 * S);
    expect(sim.of("position").at(-1)).toMatchObject({ netPos: -1, netPrice: 6701.0 });
    sim.advance(6 * S);
    sim.place({ action: "Buy", orderQty: 1, orderType: "Market" });
    sim.advance(7 * S);
    expect(sim.of("position").at(-1)).toMatchObject({ netPos: 0, bought: 3, sold: 3 });
    expect(money(sim)).toEqual({ realized: "$150.00", fees: "$7.74", cash: "$50142.26" });
  });

  test("7. an off-tick price is rejected and changes nothing", () => {
    const sim = new Sim([top(1 * S, 6700.0, 6700.25)]);
    sim.advance(2 * S);
    const a = sim.place({ action: "Buy", orderQty: 1, orderType: "Limit", price: 6700.1 });
    expect(a).toEqual({
      status: 200,
      d: {
        failureReason: "InvalidPrice",
        failureText: "price 6700.1 is not on the tick grid of ESZ6 (tick 0.25)",
      },
    });
    expect(sim.events).toEqual([]);
    expect(money(sim).cash).toBe("$50000.00");
  });
});
