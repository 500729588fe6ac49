/**
 * The simulated venue inside the replay engine, on a virtual clock: a client that trades in
 * reply to what it receives gets byte-identical trading frames at 1x, 10x and max, for the same
 * tape, the same client and the same seed (fast-check over generated trading clients).
 */
import { fc, test } from "@fast-check/vitest";
import { beforeAll, describe, expect } from "vitest";
import { createReplaySession } from "../../src/replay/engine.js";
import { SessionClock, type Speed } from "../../src/replay/session-clock.js";
import { simOptions } from "../../src/replay/sim-session.js";
import { loadTapeIndex, type TapeIndex } from "../../src/replay/tape-index.js";
import { VirtualTimer } from "../../src/replay/timer.js";

const DEMO = new URL("../../recordings/demo/2026-11-20T14-30-00Z_demo.tape.jsonl", import.meta.url)
  .pathname;
let index: TapeIndex;
beforeAll(async () => {
  index = await loadTapeIndex(DEMO);
});

interface Move {
  /** Reply to the n-th ESZ6 quote frame the md socket receives. */
  afterQuote: number;
  action: "Buy" | "Sell";
  orderType: "Market" | "Limit" | "Stop";
  qty: number;
  /** Ticks from the quote's last price. */
  offset: number;
}

const moveArb = fc.record({
  afterQuote: fc.integer({ min: 1, max: 300 }),
  action: fc.constantFrom("Buy" as const, "Sell" as const),
  orderType: fc.constantFrom("Market" as const, "Limit" as const, "Stop" as const),
  qty: fc.integer({ min: 1, max: 4 }),
  offset: fc.integer({ min: -8, max: 8 }),
});

/** Runs the demo tape with a client that places `moves`; returns its trading data frames. */
function play(
  speed: Speed,
  moves: readonly Move[],
  latencyMs: number,
  jitterMs: number,
  seed: number,
) {
  const timer = new VirtualTimer();
  const session = createReplaySession(index, new SessionClock(timer, speed), {
    silentTimeoutMs: 0,
    sim: simOptions({ mode: "on", latencyMs, jitterMs, seed, fillModel: "queue" }),
  });
  const trading: string[] = [];
  let quotes = 0;
  let id = 10;
  const accountId = (index.snapshot!.accounts as Array<{ id: number }>)[0]!.id;
  const t = session.connect("trading", {
    send: (f) => {
      if (typeof f === "string" && f.startsWith("a[")) trading.push(f);
    },
    close() {},
    backpressured: () => false,
  });
  const m = session.connect("md", {
    send: (f) => {
      if (typeof f !== "string" || !f.includes('"quotes"')) return;
      const q = JSON.parse(f.slice(1))[0].d.quotes[0];
      if (q.contractId !== 3748056) return;
      quotes++;
      const last = q.entries.Trade?.price ?? q.entries.Bid?.price;
      for (const mv of moves.filter((x) => x.afterQuote === quotes)) {
        const price = last + mv.offset * 0.25;
        const body: Record<string, unknown> = {
          accountId,
          symbol: "ESZ6",
          action: mv.action,
          orderQty: mv.qty,
          orderType: mv.orderType,
          isAutomated: true,
        };
        if (mv.orderType === "Limit") body.price = price;
        if (mv.orderType === "Stop") body.stopPrice = price;
        t.receive(`order/placeorder\n${++id}\n\n${JSON.stringify(body)}`, false);
      }
    },
    close() {},
    backpressured: () => false,
  });
  t.receive("authorize\n0\n\ntoken", false);
  t.receive('user/syncrequest\n1\n\n{"users":[1]}', false);
  m.receive("authorize\n0\n\ntoken", false);
  m.receive('md/subscribeQuote\n1\n\n{"symbol":"ESZ6"}', false);
  m.receive('md/subscribeQuote\n2\n\n{"symbol":"NQZ6"}', false);
  timer.runUntilIdle(2_000_000, 400_000);
  session.close();
  return trading;
}

describe("sim determinism across speeds", () => {
  test.prop(
    [
      fc.array(moveArb, { minLength: 1, maxLength: 8 }),
      fc.constantFrom(0, 50),
      fc.constantFrom(0, 20),
      fc.nat(1000),
    ],
    { numRuns: 25 },
  )("1x, 10x and max give the same trading frames", (moves, latency, jitter, seed) => {
    const max = play("max", moves, latency, jitter, seed);
    expect(max.some((f) => f.includes('"entityType":"order"'))).toBe(true);
    expect(play(1, moves, latency, jitter, seed)).toEqual(max);
    expect(play(10, moves, latency, jitter, seed)).toEqual(max);
  });
});
