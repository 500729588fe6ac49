/** Properties of the ledger that must hold for every fill sequence (fast-check). */

import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { DEFAULT_CONTRACTS } from "../../src/pnl/contracts.js";
import { NO_FEES } from "../../src/pnl/fees.js";
import { Ledger, type PositionRow } from "../../src/pnl/ledger.js";
import type { MarkKind } from "../../src/pnl/marks.js";
import type { Matching } from "../../src/pnl/position-book.js";
import { priceOf, rootArb, signOf, type TickFill, tickFillArb } from "./arbitraries.js";

const MARKS: MarkKind[] = ["bidask", "last", "mid"];

interface Quote {
  bid: number;
  ask: number;
  last: number;
}

/** A root, a fill sequence on it around 20,000 ticks, and a quote (bid <= ask) to mark with. */
const scenarioArb = fc.record({
  root: rootArb,
  fills: fc.array(tickFillArb(), { maxLength: 40 }),
  quote: fc
    .record({
      bid: fc.integer({ min: 19_500, max: 20_500 }),
      spread: fc.integer({ min: 0, max: 8 }),
      lastOffset: fc.integer({ min: -10, max: 10 }),
    })
    .map(({ bid, spread, lastOffset }) => ({ bid, ask: bid + spread, last: bid + lastOffset })),
});

function ledgerOf(
  root: string,
  fills: TickFill[],
  quote: Quote | null,
  matching: Matching = "fifo",
) {
  const ledger = new Ledger({ matching });
  const key = { account: "P", symbol: `${root}1!` };
  const results = fills.map((f) =>
    ledger.fill({ key, side: f.side, qty: f.qty, price: priceOf(root, f.ticks) }),
  );
  if (quote) {
    ledger.mark({
      symbol: key.symbol,
      bid: priceOf(root, quote.bid),
      ask: priceOf(root, quote.ask),
      last: priceOf(root, quote.last),
    });
  }
  return { ledger, key, results };
}

function rowOf(ledger: Ledger, mark: MarkKind = "bidask"): PositionRow | undefined {
  return ledger.snapshot({ mark })[0];
}

const tickValue = (root: string) => DEFAULT_CONTRACTS.get(root)!.tickValue;

describe("ledger properties", () => {
  test("position after fills = sum of signed quantities (futures and spot, both matchings)", () => {
    fc.assert(
      fc.property(
        scenarioArb,
        fc.constantFrom<Matching>("fifo", "average"),
        ({ root, fills }, m) => {
          const { results } = ledgerOf(root, fills, null, m);
          let sum = 0n;
          fills.forEach((f, i) => {
            sum += signOf(f.side) * BigInt(f.qty);
            expect(results[i]!.position).toBe(sum);
          });
        },
      ),
    );
    const satoshis = fc.array(
      fc.record({
        side: fc.constantFrom("BUY" as const, "SELL" as const),
        sats: fc.bigInt({ min: 1n, max: 10n ** 9n }),
      }),
      { maxLength: 30 },
    );
    fc.assert(
      fc.property(satoshis, (fills) => {
        const ledger = new Ledger();
        const key = { strategy: "S", ticker: "BTCUSDT", timeframe: "1" };
        let sum = 0n;
        for (const f of fills) {
          const qty = `${f.sats / 100_000_000n}.${(f.sats % 100_000_000n).toString().padStart(8, "0")}`;
          sum += signOf(f.side) * f.sats;
          expect(ledger.fill({ key, side: f.side, qty, price: 67250.5 }).position).toBe(sum);
        }
      }),
    );
  });

  test("realized P&L changes only on closing quantity, by the sum of what was closed", () => {
    fc.assert(
      fc.property(
        scenarioArb,
        fc.constantFrom<Matching>("fifo", "average"),
        ({ root, fills }, m) => {
          const { results } = ledgerOf(root, fills, null, m);
          for (const [i, r] of results.entries()) {
            const f = fills[i]!;
            const opposite =
              r.positionBefore !== 0n && r.positionBefore > 0n !== (f.side === "BUY");
            const held = r.positionBefore < 0n ? -r.positionBefore : r.positionBefore;
            const q = BigInt(f.qty);
            expect(r.closedQty).toBe(opposite ? (q < held ? q : held) : 0n);
            expect(r.closedQty + r.openedQty).toBe(q);
            if (r.closedQty === 0n) expect(r.realized).toBe(0n);
            expect(r.closes.reduce((s, c) => s + c.qty, 0n)).toBe(r.closedQty);
            expect(r.closes.reduce((s, c) => s + c.realized, 0n)).toBe(r.realized);
          }
        },
      ),
    );
  });

  test("FIFO and average agree whenever flat; realized + unrealized agree always", () => {
    fc.assert(
      fc.property(scenarioArb, ({ root, fills, quote }) => {
        const a = new Ledger({ matching: "fifo" });
        const b = new Ledger({ matching: "average" });
        const key = { account: "P", symbol: `${root}1!` };
        const q = {
          symbol: key.symbol,
          bid: priceOf(root, quote.bid),
          ask: priceOf(root, quote.ask),
          last: priceOf(root, quote.last),
        };
        a.mark(q);
        b.mark(q);
        let cash = 0n;
        let pos = 0n;
        for (const f of fills) {
          const fill = { key, side: f.side, qty: f.qty, price: priceOf(root, f.ticks) };
          a.fill(fill);
          b.fill(fill);
          cash -= signOf(f.side) * BigInt(f.qty) * BigInt(f.ticks) * tickValue(root);
          pos += signOf(f.side) * BigInt(f.qty);
          const ra = rowOf(a, "last")!;
          const rb = rowOf(b, "last")!;
          if (ra.position === 0n) expect(rb.realized).toBe(ra.realized);
          // Matching-independent total: cash flow + position at the mark, exactly.
          const total = cash + pos * BigInt(quote.last) * tickValue(root);
          expect(ra.realized + ra.unrealized!).toBe(total);
          expect(rb.realized + rb.unrealized!).toBe(total);
          expect(ra.fees).toBe(rb.fees);
        }
      }),
    );
  });

  test("mirroring every side (and the book: bid and ask trade places) negates every P&L figure", () => {
    fc.assert(
      fc.property(
        scenarioArb,
        fc.constantFrom<Matching>("fifo", "average"),
        ({ root, fills, quote }, m) => {
          const mirrored = fills.map((f) => ({
            ...f,
            side: f.side === "BUY" ? ("SELL" as const) : ("BUY" as const),
          }));
          const a = ledgerOf(root, fills, quote, m);
          const b = ledgerOf(
            root,
            mirrored,
            { bid: quote.ask, ask: quote.bid, last: quote.last },
            m,
          );
          for (const [i, r] of a.results.entries())
            expect(b.results[i]!.realized).toBe(-r.realized);
          for (const mark of MARKS) {
            const ra = rowOf(a.ledger, mark);
            const rb = rowOf(b.ledger, mark);
            if (!ra || !rb) continue;
            expect(rb.position).toBe(-ra.position);
            expect(rb.realized).toBe(-ra.realized);
            expect(rb.unrealized).toBe(-ra.unrealized!);
            expect(rb.fees).toBe(ra.fees); // fees are costs either way
          }
        },
      ),
    );
  });

  test("negating every price (fills and quotes) negates every P&L figure", () => {
    fc.assert(
      fc.property(
        scenarioArb,
        fc.constantFrom<Matching>("fifo", "average"),
        ({ root, fills, quote }, m) => {
          const negated = fills.map((f) => ({ ...f, ticks: -f.ticks }));
          const a = ledgerOf(root, fills, quote, m);
          const b = ledgerOf(
            root,
            negated,
            { bid: -quote.bid, ask: -quote.ask, last: -quote.last },
            m,
          );
          for (const mark of MARKS) {
            const ra = rowOf(a.ledger, mark);
            const rb = rowOf(b.ledger, mark);
            if (!ra || !rb) continue;
            expect(rb.position).toBe(ra.position);
            expect(rb.realized).toBe(-ra.realized);
            expect(rb.unrealized).toBe(-ra.unrealized!);
          }
        },
      ),
    );
  });

  test("with bid <= ask: bid/ask mark <= mid mark <= last-at-the-far-side mark, long or short", () => {
    fc.assert(
      fc.property(scenarioArb, ({ root, fills, quote }) => {
        const { ledger, key } = ledgerOf(root, fills, quote);
        const row = rowOf(ledger);
        if (!row || row.position === 0n) return;
        // Last at the price a liquidation would not get: the ask for a long, the bid for a short.
        ledger.mark({
          symbol: key.symbol,
          last: priceOf(root, row.position > 0n ? quote.ask : quote.bid),
        });
        const u = (mark: MarkKind) => rowOf(ledger, mark)!.unrealized!;
        expect(u("bidask") <= u("mid")).toBe(true);
        expect(u("mid") <= u("last")).toBe(true);
        if (quote.ask > quote.bid) expect(u("bidask") < u("last")).toBe(true);
      }),
    );
  });

  test("no rounding drift after 100,000 random fills: every integer compared exactly", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("ZN", "MCL", "ES", "MET", "6E"),
        fc.array(tickFillArb(20_000, 300), { minLength: 100_000, maxLength: 100_000 }),
        fc.integer({ min: 19_700, max: 20_300 }),
        (root, fills, last) => {
          const fifo = new Ledger({ matching: "fifo", fees: NO_FEES });
          const avg = new Ledger({ matching: "average", fees: NO_FEES });
          const key = { account: "P", symbol: `${root}1!` };
          const tv = tickValue(root);
          let cash = 0n;
          let pos = 0n;
          let sumFifo = 0n;
          let sumAvg = 0n;
          for (const f of fills) {
            const fill = { key, side: f.side, qty: f.qty, price: priceOf(root, f.ticks) };
            sumFifo += fifo.fill(fill).realized;
            sumAvg += avg.fill(fill).realized;
            cash -= signOf(f.side) * BigInt(f.qty) * BigInt(f.ticks) * tv;
            pos += signOf(f.side) * BigInt(f.qty);
            if (pos === 0n) expect(fifo.book(key)!.realized).toBe(avg.book(key)!.realized);
          }
          for (const l of [fifo, avg]) l.mark({ symbol: key.symbol, last: priceOf(root, last) });
          const a = rowOf(fifo, "last")!;
          const b = rowOf(avg, "last")!;
          expect(a.realized).toBe(sumFifo);
          expect(b.realized).toBe(sumAvg);
          const total = cash + pos * BigInt(last) * tv;
          expect(a.realized + a.unrealized!).toBe(total);
          expect(b.realized + b.unrealized!).toBe(total);
          // Flatten at the mark: both matchings land exactly on the cash flow.
          if (pos !== 0n) {
            const side = pos > 0n ? ("SELL" as const) : ("BUY" as const);
            const qty = pos > 0n ? pos : -pos;
            for (const l of [fifo, avg]) l.fill({ key, side, qty, price: priceOf(root, last) });
          }
          expect(rowOf(fifo)!.realized).toBe(total);
          expect(rowOf(avg)!.realized).toBe(total);
        },
      ),
      { numRuns: 2 },
    );
  });
});
