/**
 * The simulated Tradovate account on the spec's worked example 3 (MNQ, FIFO): the props it
 * emits carry the positions, fillPairs and realized P&L the spec gives, in Tradovate's order.
 */
import { describe, expect, test } from "vitest";
import { parseServerFrame } from "../../src/protocols/tradovate/index.js";
import { SessionTime } from "../../src/sim/session-time.js";
import { TradovateAccount } from "../../src/synth/account.js";
import { IdSequence } from "../../src/synth/ids.js";
import { sessionInstruments } from "../../src/synth/instruments.js";
import { Rng } from "../../src/synth/random.js";

const START = "2025-11-25T14:30:00Z";

function entities(frames: Array<{ text: string }>) {
  return frames.map((f) => {
    const frame = parseServerFrame(f.text);
    if (frame.kind !== "messages" || frame.messages[0]?.type !== "event") throw new Error(f.text);
    const m = frame.messages[0];
    if (m.e !== "props") throw new Error(f.text);
    return {
      type: `${m.entityType}:${m.eventType}`,
      v: m.raw.d as { entity: Record<string, unknown> },
    };
  });
}

describe("TradovateAccount", () => {
  test("worked example 3: MNQ fills give FIFO realized $40, $60, $70 and the matching fillPairs", () => {
    const rng = new Rng(1);
    const [mnq] = sessionInstruments(["MNQ"], START, rng);
    if (mnq === undefined) throw new Error("no MNQ");
    expect(mnq.contractName).toBe("MNQZ5");
    const account = new TradovateAccount(
      {
        userId: 42,
        userName: "demo",
        accountId: 7,
        accountName: "DEMO7",
        cashBalanceId: 5,
        startingCash: 50_000_000_000n,
      },
      new SessionTime(START),
      new IdSequence(rng, {}),
      rng,
    );
    const steps: Array<["Buy" | "Sell", number, number]> = [
      ["Buy", 1, 21000],
      ["Buy", 1, 21010],
      ["Sell", 1, 21020],
      ["Sell", 2, 21020],
      ["Buy", 1, 21015],
    ];
    const realized: unknown[] = [];
    const netPos: unknown[] = [];
    const pairs: Array<Record<string, unknown>> = [];
    const fillIds: number[] = [];
    let t = 1_000_000;
    for (const [action, qty, price] of steps) {
      const out = entities(account.marketOrder(t, mnq, action, qty, t + 50_000, price * 4));
      expect(out.map((e) => e.type).slice(0, 10)).toEqual([
        "order:Created",
        "command:Created",
        "orderVersion:Created",
        "commandReport:Created",
        "executionReport:Created",
        "order:Updated",
        "executionReport:Created",
        "fill:Created",
        fillIds.length === 0 ? "position:Created" : "position:Updated",
        "order:Updated",
      ]);
      const fill = out.find((e) => e.type === "fill:Created")?.v.entity;
      fillIds.push(fill?.id as number);
      expect(fill).toMatchObject({ action, qty, price, active: true, finallyPaired: 0 });
      const pos = out.find((e) => e.type.startsWith("position:"))?.v.entity;
      netPos.push(pos?.netPos);
      if (pos?.netPos === 0) expect(pos).not.toHaveProperty("netPrice");
      pairs.push(...out.filter((e) => e.type === "fillPair:Created").map((e) => e.v.entity));
      const cash = out.find((e) => e.type === "cashBalance:Updated")?.v.entity;
      if (cash !== undefined) realized.push(cash.realizedPnL);
      t += 10_000_000;
    }
    expect(netPos).toEqual([1, 2, 1, -1, 0]);
    expect(realized).toEqual([40, 60, 70]);
    const [b1, b2, s1, s2, b3] = fillIds;
    expect(pairs.map((p) => [p.buyFillId, p.sellFillId, p.qty, p.buyPrice, p.sellPrice])).toEqual([
      [b1, s1, 1, 21000, 21020],
      [b2, s2, 1, 21010, 21020],
      [b3, s2, 1, 21015, 21020],
    ]);
    // Fees: 6 contracts traded at the micro rate, $0.79 each: 50,000 + 70 - 4.74.
    const cash = account.cashBalance(t);
    expect(cash.amount).toBe(50065.26);
    expect(account.outcomes.map((o) => o.closedQty)).toEqual([0, 0, 1, 1, 1]);
  });

  test("netPrice is the FIFO average of the open lots", () => {
    const rng = new Rng(2);
    const [es] = sessionInstruments(["ES"], START, rng);
    if (es === undefined) throw new Error("no ES");
    const account = new TradovateAccount(
      {
        userId: 1,
        userName: "u",
        accountId: 2,
        accountName: "A",
        cashBalanceId: 3,
        startingCash: 0n,
      },
      new SessionTime(START),
      new IdSequence(rng, {}),
      rng,
    );
    account.marketOrder(1000, es, "Sell", 1, 2000, 26_900); // 6725.00
    account.marketOrder(3000, es, "Sell", 2, 4000, 26_891); // 6722.75
    const p = account.position(es, 5000);
    expect(p).toMatchObject({ netPos: -3, bought: 0, sold: 3, soldValue: 6725 + 2 * 6722.75 });
    expect(p.netPrice).toBeCloseTo((6725 + 2 * 6722.75) / 3, 10);
    expect(() => account.marketOrder(6000, es, "Buy", 0, 7000, 26_900)).toThrow(RangeError);
    expect(() => account.marketOrder(6000, es, "Buy", 1, 6000, 26_900)).toThrow(RangeError);
  });
});
