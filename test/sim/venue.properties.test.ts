/**
 * Properties of the simulated venue over generated markets and generated order sequences
 * (fast-check; a failure prints the seed and path that reproduce it).
 */
import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { parseMicros } from "../../src/pnl/money.js";
import { takeableLevels } from "../../src/sim/market.js";
import { canTransition } from "../../src/sim/order-state.js";
import { ACCOUNT, px, Sim, type Tick } from "./harness.js";

const S = 1_000_000;
const BASE = 26_800; // 6700.00

/** A market: bid walks, spread 1-2 ticks, sizes, trade prints, DOM levels now and then. */
const marketArb = fc
  .array(
    fc.record({
      gap: fc.integer({ min: 1, max: 3 * S }),
      move: fc.integer({ min: -3, max: 3 }),
      spread: fc.integer({ min: 1, max: 2 }),
      bidSize: fc.integer({ min: 1, max: 20 }),
      askSize: fc.integer({ min: 1, max: 20 }),
      traded: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 10 })),
      lastAt: fc.integer({ min: -1, max: 3 }),
      dom: fc.option(fc.array(fc.integer({ min: 1, max: 15 }), { minLength: 1, maxLength: 4 }), {
        nil: undefined,
      }),
    }),
    { minLength: 2, maxLength: 60 },
  )
  .map((steps) => {
    let t = 0;
    let bid = BASE;
    return steps.map((s): Tick => {
      t += s.gap;
      bid += s.move;
      const ask = bid + s.spread;
      const last = Math.min(ask, Math.max(bid, bid + s.lastAt));
      const tick: Tick = {
        t,
        bid,
        ask,
        bidSize: s.bidSize,
        askSize: s.askSize,
        last,
        traded: s.traded,
      };
      if (s.dom) {
        tick.dom = {
          bids: s.dom.map((size, k) => ({ ticks: bid - k, size: k === 0 ? s.bidSize : size })),
          offers: s.dom.map((size, k) => ({ ticks: ask + k, size: k === 0 ? s.askSize : size })),
        };
      }
      return tick;
    });
  });

/** One client command at a time offset into the market. */
const commandArb = fc.oneof(
  fc.record({
    kind: fc.constant("place" as const),
    at: fc.integer({ min: 0, max: 60 * S }),
    action: fc.constantFrom("Buy", "Sell"),
    orderType: fc.constantFrom("Market", "Limit", "Stop", "StopLimit"),
    qty: fc.integer({ min: 1, max: 30 }),
    offset: fc.integer({ min: -6, max: 6 }),
    stopOffset: fc.integer({ min: -6, max: 6 }),
    tif: fc.constantFrom("Day", "GTC", "IOC", "FOK"),
  }),
  fc.record({
    kind: fc.constantFrom("cancel" as const, "modify" as const),
    at: fc.integer({ min: 0, max: 60 * S }),
    pick: fc.nat(),
    offset: fc.integer({ min: -4, max: 4 }),
    qty: fc.integer({ min: 1, max: 30 }),
  }),
);

const scriptArb = fc.record({
  market: marketArb,
  commands: fc.array(commandArb, { maxLength: 25 }),
  fillModel: fc.constantFrom("touch", "through", "queue") as fc.Arbitrary<
    "touch" | "through" | "queue"
  >,
  latencyUs: fc.constantFrom(0, 0, 1000, 250_000),
  jitterUs: fc.constantFrom(0, 0, 500_000),
  seed: fc.nat(),
});

type Script = typeof scriptArb extends fc.Arbitrary<infer T> ? T : never;

/** Runs a script; returns the sim and the orders' terms as placed. */
function run(script: Script) {
  const sim = new Sim(script.market, {
    fillModel: script.fillModel,
    latencyUs: script.latencyUs,
    jitterUs: script.jitterUs,
    seed: script.seed,
  });
  const placed: Array<{
    id: number;
    action: string;
    orderType: string;
    price?: number;
    qty: number;
  }> = [];
  const ordered = [...script.commands].sort((a, b) => a.at - b.at);
  for (const c of ordered) {
    sim.advance(c.at);
    const book = sim.market.at(1, sim.now());
    const ref = book?.last ?? book?.bid ?? BASE;
    if (c.kind === "place") {
      const body: Record<string, unknown> = {
        action: c.action,
        orderQty: c.qty,
        orderType: c.orderType,
        timeInForce: c.tif,
      };
      if (c.orderType === "Limit" || c.orderType === "StopLimit") body.price = px(ref + c.offset);
      if (c.orderType === "Stop" || c.orderType === "StopLimit")
        body.stopPrice = px(ref + c.stopOffset);
      const a = sim.place(body);
      const id = (a.d as { orderId?: number }).orderId;
      if (id !== undefined) {
        placed.push({
          id,
          action: c.action,
          orderType: c.orderType,
          qty: c.qty,
          ...(body.price !== undefined ? { price: ref + c.offset } : {}),
        });
      }
    } else if (placed.length > 0) {
      const target = placed[c.pick % placed.length]!;
      if (c.kind === "cancel") sim.request("order/cancelOrder", { orderId: target.id });
      else {
        const body: Record<string, unknown> = {
          orderId: target.id,
          orderQty: c.qty,
          orderType: target.orderType,
        };
        if (target.price !== undefined) {
          body.price = px(target.price + c.offset);
        }
        if (target.orderType === "Stop" || target.orderType === "StopLimit")
          body.stopPrice = px(ref + c.offset);
        const a = sim.request("order/modifyOrder", body);
        if ((a.d as { commandId?: number }).commandId !== undefined) {
          target.qty = c.qty;
          if (target.price !== undefined) target.price += c.offset;
        }
      }
    }
  }
  sim.advance((script.market.at(-1)?.t ?? 0) + 1);
  return { sim, placed };
}

const PROPS = { numRuns: Number(process.env.SIM_RUNS ?? 150) };

describe("simulated venue properties", () => {
  test.prop([scriptArb], PROPS)(
    "a fill is never worse than its limit nor better than the market",
    (script) => {
      const { sim } = run(script);
      const versions = new Map<number, Record<string, unknown>>();
      for (const [type, , e] of sim.events) {
        if (type === "orderVersion") versions.set(e.orderId as number, e);
        if (type !== "fill") continue;
        const price = Math.round((e.price as number) * 4);
        const v = versions.get(e.orderId as number)!;
        const buy = e.action === "Buy";
        if (v.orderType === "Limit" || v.orderType === "StopLimit") {
          const limit = Math.round((v.price as number) * 4);
          expect(buy ? price <= limit : price >= limit).toBe(true);
        }
        // Never cheaper than the best seller (buy) nor dearer than the best buyer (sell) then.
        const t =
          (Date.parse(e.timestamp as string) - Date.parse("2026-11-20T14:30:00.000Z")) * 1000;
        const books = sim.market.updates
          .filter((u) => Math.floor(u.t / 1000) * 1000 === t)
          .map((u) => sim.market.book(u));
        const at = sim.market.at(1, sim.now());
        const candidates = books.length > 0 ? books : at ? [at] : [];
        const offered = candidates.some((b) => {
          const best = takeableLevels(b, e.action as "Buy" | "Sell")[0]?.ticks;
          const print = b.traded > 0 ? b.last : undefined;
          const ok = (p: number | undefined) => p !== undefined && (buy ? price >= p : price <= p);
          return ok(best) || ok(print);
        });
        // Fills at a later time than any update (latency, a modify) use the book in force then.
        const inForce = sim.market.at(1, t + 999);
        const inForceOk =
          inForce !== undefined &&
          [
            takeableLevels(inForce, e.action as "Buy" | "Sell")[0]?.ticks,
            inForce.traded > 0 ? inForce.last : undefined,
          ].some((p) => p !== undefined && (buy ? price >= p : price <= p));
        expect(offered || inForceOk).toBe(true);
      }
    },
  );

  test.prop([scriptArb], PROPS)("filled quantity never exceeds the order's quantity", (script) => {
    const { sim } = run(script);
    const qty = new Map<number, number>();
    const filled = new Map<number, number>();
    for (const [type, , e] of sim.events) {
      if (type === "orderVersion") qty.set(e.orderId as number, e.orderQty as number);
      if (type === "fill") {
        const id = e.orderId as number;
        filled.set(id, (filled.get(id) ?? 0) + (e.qty as number));
        expect(filled.get(id)!).toBeLessThanOrEqual(qty.get(id)!);
      }
    }
    for (const o of sim.venue.orders()) {
      expect(o.filledQty).toBeLessThanOrEqual(o.terms.qty);
      if (o.status === "Filled") expect(o.filledQty).toBe(o.terms.qty);
    }
  });

  test.prop([scriptArb], PROPS)("orders only make Tradovate's status transitions", (script) => {
    const { sim } = run(script);
    const last = new Map<number, string>();
    for (const [type, ev, e] of sim.events) {
      if (type !== "order") continue;
      const id = e.id as number;
      const prev = last.get(id);
      if (ev === "Created") {
        expect(prev).toBeUndefined();
        expect(["PendingNew", "Suspended"]).toContain(e.ordStatus);
      } else {
        expect(prev).toBeDefined();
        expect(canTransition(prev!, e.ordStatus as string)).toBe(true);
      }
      last.set(id, e.ordStatus as string);
    }
  });

  test.prop([scriptArb], PROPS)(
    "cash changes by realized P&L minus fees, both from the fills",
    (script) => {
      const { sim } = run(script);
      // An independent FIFO over the fill events: ES $12.50 a tick, $1.29 per contract per side.
      const lots: Array<{ qty: number; ticks: number; side: number }> = [];
      let realized = 0n;
      let contracts = 0n;
      for (const f of sim.of("fill")) {
        const side = f.action === "Buy" ? 1 : -1;
        let qty = f.qty as number;
        const ticks = Math.round((f.price as number) * 4);
        contracts += BigInt(qty);
        while (qty > 0 && lots.length > 0 && lots[0]!.side !== side) {
          const lot = lots[0]!;
          const q = Math.min(qty, lot.qty);
          realized += BigInt(q * (ticks - lot.ticks) * -side) * 12_500_000n;
          lot.qty -= q;
          qty -= q;
          if (lot.qty === 0) lots.shift();
        }
        if (qty > 0) lots.push({ qty, ticks, side });
      }
      const fees = contracts * 1_290_000n;
      const cash = sim.of("cashBalance").at(-1);
      const start = 50_000_000_000n;
      const m = sim.venue.money();
      expect(m.realized).toBe(realized);
      expect(m.fees).toBe(fees);
      expect(m.cash - start).toBe(realized - fees);
      if (cash) expect(parseMicros(cash.amount as number)).toBe(start + realized - fees);
      // The position the venue last reported is the fills' net.
      const net = sim
        .of("fill")
        .reduce((n, f) => n + (f.action === "Buy" ? 1 : -1) * (f.qty as number), 0);
      const pos = sim.of("position").at(-1);
      expect(pos?.netPos ?? 0).toBe(net);
    },
  );

  test.prop([scriptArb], { numRuns: 40 })("the same script gives the same events", (script) => {
    expect(run(script).sim.events).toEqual(run(script).sim.events);
  });
});

describe("venue answers", () => {
  const market: Tick[] = [{ t: 1, bid: BASE, ask: BASE + 1, bidSize: 5, askSize: 5 }];
  test("bad and absurd input gets Tradovate-shaped answers, nothing changes", () => {
    const sim = new Sim(market);
    sim.advance(10);
    const cases: Array<[unknown, number, unknown]> = [
      [null, 400, "Invalid JSON: expected an object body"],
      [
        { symbol: "ESZ6", orderQty: 1, orderType: "Market" },
        400,
        'Invalid JSON: missing required field "action"',
      ],
      [
        { accountId: 99, symbol: "ESZ6", action: "Buy", orderQty: 1, orderType: "Market" },
        200,
        { failureReason: "UnknownReason", failureText: "Access is denied" },
      ],
      [
        { accountId: ACCOUNT.id, symbol: "ESH9", action: "Buy", orderQty: 1, orderType: "Market" },
        200,
        { failureReason: "InvalidContract", failureText: "Unknown contract symbol ESH9" },
      ],
      [
        { accountId: ACCOUNT.id, symbol: "ESZ6", action: "Buy", orderQty: 0, orderType: "Market" },
        200,
        {
          failureReason: "UnknownReason",
          failureText: "orderQty must be a positive whole number, got 0",
        },
      ],
      [
        {
          accountId: ACCOUNT.id,
          symbol: "ESZ6",
          action: "Buy",
          orderQty: 1e9,
          orderType: "Market",
        },
        200,
        {
          failureReason: "MaxOrderQtyLimitReached",
          failureText: "orderQty 1000000000 is over the limit of 10000",
        },
      ],
      [
        {
          accountId: ACCOUNT.id,
          symbol: "ESZ6",
          action: "Buy",
          orderQty: 1,
          orderType: "Limit",
          price: -5,
        },
        200,
        { failureReason: "InvalidPrice", failureText: "price -5 is not a positive price" },
      ],
      [
        { accountId: ACCOUNT.id, symbol: "ESZ6", action: "Buy", orderQty: 1, orderType: "Limit" },
        200,
        { failureReason: "InvalidPrice", failureText: "a Limit order needs a price" },
      ],
      [
        { accountId: ACCOUNT.id, symbol: "ESZ6", action: "Buy", orderQty: 1, orderType: "Stop" },
        200,
        { failureReason: "InvalidPrice", failureText: "a Stop order needs a stopPrice" },
      ],
      [
        {
          accountId: ACCOUNT.id,
          symbol: "ESZ6",
          action: "Buy",
          orderQty: 1,
          orderType: "TrailingStop",
        },
        200,
        {
          failureReason: "Unsupported",
          failureText: "tapedeck sim: orderType TrailingStop is not simulated",
        },
      ],
    ];
    for (const [body, status, d] of cases) {
      expect(sim.request("order/placeOrder", body)).toEqual({ status, d });
    }
    expect(sim.request("order/cancelOrder", { orderId: 12345 })).toEqual({
      status: 200,
      d: { failureReason: "UnknownReason", failureText: "Order 12345 not found" },
    });
    expect(sim.request("order/modifyOrder", { orderId: "x" }).status).toBe(400);
    expect(sim.events).toEqual([]);
  });

  test("a filled order cannot be cancelled or modified", () => {
    const sim = new Sim(market);
    sim.advance(10);
    const id = (
      sim.place({ action: "Buy", orderQty: 1, orderType: "Market" }).d as { orderId: number }
    ).orderId;
    sim.advance(20);
    expect(sim.request("order/cancelOrder", { orderId: id }).d).toEqual({
      failureReason: "TooLate",
      failureText: `Order ${id} is already Filled`,
    });
    expect(
      sim.request("order/modifyOrder", { orderId: id, orderQty: 2, orderType: "Market" }).d,
    ).toEqual({
      failureReason: "TooLate",
      failureText: `Order ${id} is already Filled`,
    });
  });

  test("a flood of 10,000 orders stops at the open-order bound", () => {
    const sim = new Sim(market, { maxWorkingOrders: 50 });
    sim.advance(10);
    const answers = [];
    for (let k = 0; k < 10_000; k++) {
      answers.push(
        sim.place({ action: "Buy", orderQty: 1, orderType: "Limit", price: px(BASE - 10) }),
      );
      if (k % 100 === 0) sim.advance(10 + k);
    }
    sim.advance(20_000);
    const ok = answers.filter((a) => a.d.orderId !== undefined).length;
    expect(ok).toBe(50);
    expect(answers.at(-1)!.d.failureText).toBe("tapedeck sim: more than 50 orders working at once");
    expect(sim.venue.orders().length).toBe(50);
  });
});
