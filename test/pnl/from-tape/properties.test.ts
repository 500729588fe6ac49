/**
 * Properties of reading a tape for P&L: it never throws on what a tape may carry; a venue that
 * books fills the way the spec says (an independent model here) reconciles with zero
 * disagreements; repeated fill frames change nothing.
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { analyzeEvents } from "../../../src/pnl/from-tape/index.js";
import { plainRows } from "../../../src/pnl/from-tape/rows.js";
import { formatLogLine } from "../../../src/protocols/trademanager/index.js";
import {
  ACCOUNT,
  cashBalance,
  contractSet,
  fill,
  HEADER,
  MD,
  order,
  position,
  TapeBuilder,
  TM,
  TRADING,
} from "./tape-builder.js";

const MNQ = 4001;
const TICK = 0.25;

/** Tradovate's bookkeeping of one contract, FIFO, in doubles like the venue. */
class VenueModel {
  lots: Array<{ qty: number; price: number }> = [];
  side = 0;
  bought = 0;
  boughtValue = 0;
  sold = 0;
  soldValue = 0;
  realized = 0;

  apply(buy: boolean, qty: number, price: number): void {
    if (buy) {
      this.bought += qty;
      this.boughtValue += qty * price;
    } else {
      this.sold += qty;
      this.soldValue += qty * price;
    }
    const dir = buy ? 1 : -1;
    let left = qty;
    while (left > 0 && this.side !== 0 && this.side !== dir) {
      const lot = this.lots[0]!;
      const take = Math.min(lot.qty, left);
      this.realized += (price - lot.price) * this.side * take * 2; // MNQ: $2 a point
      lot.qty -= take;
      left -= take;
      if (lot.qty === 0) this.lots.shift();
      if (this.lots.length === 0) this.side = 0;
    }
    if (left > 0) {
      this.lots.push({ qty: left, price });
      this.side = dir;
    }
  }

  get netPos(): number {
    return this.side * this.lots.reduce((s, l) => s + l.qty, 0);
  }

  entity() {
    const n = Math.abs(this.netPos);
    const netPrice = n === 0 ? undefined : this.lots.reduce((s, l) => s + l.qty * l.price, 0) / n;
    const p = {
      netPos: this.netPos,
      bought: this.bought,
      boughtValue: this.boughtValue,
      sold: this.sold,
      soldValue: this.soldValue,
    };
    return position(901, MNQ, netPrice === undefined ? p : { ...p, netPrice });
  }
}

const fills = fc.array(
  fc.record({
    buy: fc.boolean(),
    qty: fc.integer({ min: 1, max: 4 }),
    ticks: fc.integer({ min: 83_000, max: 85_000 }),
    repeat: fc.boolean(),
  }),
  { minLength: 1, maxLength: 25 },
);

function tradovateTape(
  steps: ReadonlyArray<{ buy: boolean; qty: number; ticks: number; repeat: boolean }>,
  repeats: boolean,
) {
  const b = new TapeBuilder().open();
  b.snapshot({
    accounts: [ACCOUNT],
    ...contractSet(MNQ, "MNQZ6", "MNQ", TICK, 2),
    cashBalances: [cashBalance(0)],
  });
  const venue = new VenueModel();
  steps.forEach((s, k) => {
    const price = s.ticks * TICK;
    const action = s.buy ? "Buy" : "Sell";
    venue.apply(s.buy, s.qty, price);
    b.props("order", "Created", order(k + 1, MNQ, action));
    b.props("fill", "Created", fill(k + 1, k + 1, MNQ, action, s.qty, price));
    if (repeats && s.repeat)
      b.props("fill", "Updated", fill(k + 1, k + 1, MNQ, action, s.qty, price));
    b.props("position", "Updated", venue.entity());
    b.props("cashBalance", "Updated", cashBalance(venue.realized));
    b.quote(MNQ, { Bid: { price: price - TICK }, Offer: { price }, Trade: { price } });
  });
  return b;
}

describe("Tradovate fills booked as the spec says reconcile", () => {
  test("zero disagreements after every fill, for any sequence", async () => {
    await fc.assert(
      fc.asyncProperty(fills, async (steps) => {
        const report = await analyzeEvents(HEADER, tradovateTape(steps, false).events);
        expect(report.reconciliation.disagreements).toEqual([]);
        expect(report.reconciliation.checks.tradovatePositions).toBe(steps.length);
      }),
      { numRuns: 60 },
    );
  });

  test("fill frames seen again change no figure", async () => {
    await fc.assert(
      fc.asyncProperty(fills, async (steps) => {
        const once = await analyzeEvents(HEADER, tradovateTape(steps, false).events);
        const again = await analyzeEvents(HEADER, tradovateTape(steps, true).events);
        expect(plainRows(again)).toEqual(plainRows(once));
        expect(again.stats.duplicates.tradovate).toBe(steps.filter((s) => s.repeat).length);
        expect(again.reconciliation.disagreements).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });
});

describe("Trade Manager records booked at one average price reconcile", () => {
  test("OPEN/ADD/TRIM/CLOSE lines with TRADES rows after each: zero disagreements", async () => {
    const ops = fc.array(
      fc.record({
        qty: fc.integer({ min: 1, max: 3 }),
        ticks: fc.integer({ min: 26_000, max: 27_000 }),
        close: fc.boolean(),
      }),
      { minLength: 1, maxLength: 20 },
    );
    await fc.assert(
      fc.asyncProperty(fc.boolean(), ops, async (long, steps) => {
        const b = new TapeBuilder().open();
        const side = long ? "BUY" : "SELL";
        let held = 0;
        let cost = 0; // in ticks, exact integers
        for (const s of steps) {
          const price = (s.ticks * 0.25).toFixed(2);
          b.data("ES1!", ((s.ticks - 1) * 0.25).toFixed(2), price, 0.25, 12.5);
          const base = { tag: "RECORDER", strategy: "P", ticker: "ES1!", timeframe: "5" } as const;
          if (held > 0 && s.close) {
            const trim = Math.min(s.qty, held);
            const verb = trim === held ? "CLOSE" : "TRIM";
            b.log(
              formatLogLine({
                ...base,
                verb,
                qty: trim,
                side: long ? "SELL" : "BUY",
                priceText: price,
              }),
            );
            cost -= (cost * trim) / held;
            held -= trim;
          } else {
            b.log(
              formatLogLine({
                ...base,
                verb: held === 0 ? "OPEN" : "ADD",
                qty: s.qty,
                side,
                priceText: price,
              }),
            );
            cost += s.ticks * s.qty;
            held += s.qty;
          }
          const rows =
            held === 0
              ? []
              : [
                  {
                    Strat_Name: "P",
                    Ticker: "ES1!",
                    TimeFrame: "5",
                    Direction: side,
                    Open_Price: (cost / held) * 0.25,
                    Running_Pos: held,
                  },
                ];
          b.trades(rows);
        }
        const report = await analyzeEvents(HEADER, b.events);
        expect(report.reconciliation.disagreements).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });
});

describe("totality", () => {
  const frame = fc.oneof(
    fc.string({ maxLength: 60 }),
    fc.constantFrom(
      "o",
      "h",
      "a[]",
      'c[1000,"x"]',
      '{"type":"DATA"}',
      '{"type":"TRADES","data":[{}]}',
    ),
    fc.json().map((j) => `a[${j}]`),
    fc
      .json()
      .map((j) => `a[{"e":"props","d":{"entityType":"fill","eventType":"Created","entity":${j}}}]`),
    fc.json().map((j) => `a[{"e":"md","d":{"quotes":[${j}]}}]`),
    fc.json().map((j) => `{"type":"DATA","data":${j}}`),
    fc
      .string({ maxLength: 80 })
      .map((s) => JSON.stringify({ type: "LOGS", data: `[RECORDER] ${s}` })),
    fc.json().map((j) => `{"type":"TRADES","data":${j}}`),
  );

  test("any frames on any connection: a report, never an exception", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({ c: fc.constantFrom(TRADING, MD, TM, 9), send: fc.boolean(), text: frame }),
          { maxLength: 30 },
        ),
        async (frames) => {
          const b = new TapeBuilder().open();
          for (const f of frames) f.send ? b.send(f.c, f.text) : b.recv(f.c, f.text);
          const report = await analyzeEvents(HEADER, b.events, { timeline: true });
          expect(report.stats.frames).toBe(frames.length);
        },
      ),
      { numRuns: 300 },
    );
  });
});
