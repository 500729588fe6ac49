/** Trade Manager traffic through the ledger: recorder lines as fills, DATA as marks, TRADES compared. */
import { describe, expect, test } from "vitest";
import { NO_FEES } from "../../../src/pnl/fees.js";
import { analyzeEvents, type PnlTapeOptions } from "../../../src/pnl/from-tape/index.js";
import { plainRows } from "../../../src/pnl/from-tape/rows.js";
import { formatLogLine, garble } from "../../../src/protocols/trademanager/index.js";
import type { LogLineFields } from "../../../src/protocols/trademanager/logline.js";
import { HEADER, TapeBuilder } from "./tape-builder.js";

const ROG = { tag: "RECORDER", strategy: "ROG-15SV", ticker: "NQ1!", timeframe: "15" } as const;

function line(f: Partial<LogLineFields> & Pick<LogLineFields, "verb">): string {
  return formatLogLine({ ...ROG, ...f });
}

function row(over: Record<string, unknown> = {}) {
  return {
    id: 1,
    Strat_Name: "ROG-15SV",
    Ticker: "NQ1!",
    StratTicker: "ROG-15SV_NQ1!",
    TimeFrame: "15",
    Direction: "BUY",
    Open_Price: 24958.5,
    Running_Pos: 1,
    Position_Size: 1,
    Open_Time: "2026-11-20 08:30:00",
    ...over,
  };
}

async function run(b: TapeBuilder, options: PnlTapeOptions = {}) {
  return analyzeEvents(HEADER, b.events, { timeline: true, ...options });
}

describe("worked example 1: OPEN 1 BUY NQ1! at 24958.5, CLOSE at 24959.0", () => {
  function tape(): TapeBuilder {
    const b = new TapeBuilder().open();
    b.data("NQ1!", 24958.25, 24958.5, 0.25, 5);
    b.log(line({ verb: "OPEN", qty: 1, side: "BUY", priceText: "24958.5" }));
    b.trades([row()]);
    b.data("NQ1!", 24959, 24959.25, 0.25, 5);
    b.log(line({ verb: "CLOSE", priceText: "24959.0" }));
    b.trades([]);
    return b;
  }

  test("$10.00 gross, $7.42 net at $1.29 a side, and Trade Manager's rows agree", async () => {
    const report = await run(tape());
    const [r] = plainRows(report);
    expect(r).toMatchObject({
      venue: "trademanager",
      owner: "ROG-15SV",
      symbol: "NQ1!",
      timeframe: "15",
    });
    expect(r).toMatchObject({ position: "0", realized: "10.00", fees: "2.58", net: "7.42" });
    expect(report.reconciliation.disagreements).toEqual([]);
    expect(report.reconciliation.checks.tradeManagerRows).toBe(1);
    // The DATA between the rows valued the open record again.
    expect(report.reconciliation.checks.tradeManagerPrices).toBe(1);
  });

  test("the same lines garbled as people receive them give the same figures", async () => {
    const b = new TapeBuilder().open();
    b.log(
      garble(
        line({ verb: "OPEN", qty: 1, side: "BUY", priceText: "24958.5" }),
        "macroman-stripped",
      ),
    );
    b.log(garble(line({ verb: "CLOSE", priceText: "24959.0" }), "windows-1252"));
    const [r] = plainRows(await run(b));
    expect(r).toMatchObject({ realized: "10.00", net: "7.42" });
  });

  test("a LOGS frame received twice is counted once", async () => {
    const b = new TapeBuilder().open();
    const open = line({ verb: "OPEN", qty: 1, side: "BUY", priceText: "24958.5" });
    b.log(open);
    b.log(open);
    b.trades([row()]);
    const report = await run(b);
    expect(report.stats.duplicates.trademanager).toBe(1);
    expect(plainRows(report)[0]?.position).toBe("+1");
    expect(report.reconciliation.disagreements).toEqual([]);
  });

  test("the same ADD twice with a TRADES frame between is two fills", async () => {
    const b = new TapeBuilder().open();
    const add = line({ verb: "ADD", qty: 1, side: "BUY", priceText: "24958.5" });
    b.log(add);
    b.trades([row()]);
    b.log(add);
    b.trades([row({ Running_Pos: 2, Position_Size: 2 })]);
    const report = await run(b);
    expect(plainRows(report)[0]?.position).toBe("+2");
    expect(report.reconciliation.disagreements).toEqual([]);
  });
});

describe("worked example 2: ES DATA bid 6723.00 ask 6723.25, long 2 @ 6720.00", () => {
  function tape(): TapeBuilder {
    const b = new TapeBuilder().open();
    b.log(
      formatLogLine({
        tag: "RECORDER",
        verb: "OPEN",
        strategy: "S",
        ticker: "ES1!",
        timeframe: "5",
        qty: 2,
        side: "BUY",
        priceText: "6720.00",
      }),
    );
    b.data("ES1!", "6723.00", "6723.25", 0.25, 12.5);
    b.trades([
      row({ Strat_Name: "S", Ticker: "ES1!", TimeFrame: "5", Open_Price: 6720, Running_Pos: 2 }),
    ]);
    return b;
  }

  test("bid/ask mark $300.00, mid $312.50; Trade Manager's formula agrees", async () => {
    const bid = await run(tape(), { fees: NO_FEES });
    expect(plainRows(bid)[0]).toMatchObject({
      unrealized: "300.00",
      markUsed: "bidask",
      markFallback: "",
    });
    expect(bid.reconciliation.disagreements).toEqual([]);
    const mid = await run(tape(), { fees: NO_FEES, mark: "mid" });
    expect(plainRows(mid)[0]).toMatchObject({ unrealized: "312.50", markUsed: "mid" });
  });

  test("--mark last has no last trade in DATA: the row says which mark stood in", async () => {
    const report = await run(tape(), { fees: NO_FEES, mark: "last" });
    expect(plainRows(report)[0]).toMatchObject({
      markUsed: "mid",
      markFallback: "no last for ES1!: used mid",
      unrealized: "312.50",
    });
  });

  test("a TRADES row with the wrong Open_Price is reported with both values", async () => {
    const b = new TapeBuilder().open();
    b.log(
      formatLogLine({
        tag: "RECORDER",
        verb: "OPEN",
        strategy: "S",
        ticker: "ES1!",
        timeframe: "5",
        qty: 2,
        side: "BUY",
        priceText: "6720.00",
      }),
    );
    b.data("ES1!", "6723.00", "6723.25", 0.25, 12.5);
    const bad = b.trades([
      row({ Strat_Name: "S", Ticker: "ES1!", TimeFrame: "5", Open_Price: 6721, Running_Pos: 2 }),
    ]);
    const report = await run(b);
    expect(report.reconciliation.disagreements).toEqual([
      expect.objectContaining({
        seq: bad.seq,
        key: "record S ES1! 5",
        field: "Open_Price",
        external: "6721",
        ledger: "6720",
      }),
      expect.objectContaining({ seq: bad.seq, field: "pnl", external: "200", ledger: "300" }),
    ]);
  });

  test("a record Trade Manager stopped listing while the ledger holds it is a disagreement", async () => {
    const b = tape();
    const empty = b.trades([]);
    const report = await run(b);
    expect(report.reconciliation.disagreements).toEqual([
      expect.objectContaining({
        seq: empty.seq,
        field: "position",
        external: "not in TRADES",
        ledger: "2",
      }),
    ]);
  });

  test("TRIM closes part, an [AUTO] Cleared line closes the rest at the bid and says so", async () => {
    const b = tape();
    b.log(
      formatLogLine({
        tag: "RECORDER",
        verb: "TRIM",
        strategy: "S",
        ticker: "ES1!",
        timeframe: "5",
        qty: 1,
        side: "SELL",
        priceText: "6724.00",
      }),
    );
    b.data("ES1!", "6722.00", "6722.25");
    b.log(
      formatLogLine({
        tag: "AUTO",
        verb: "CLEARED",
        strategy: "S",
        ticker: "ES1!",
        timeframe: "5",
        side: "BUY",
      }),
    );
    const report = await run(b, { fees: NO_FEES });
    // 16 ticks * $12.50 on the trim, 8 ticks on the rest at the bid.
    expect(plainRows(report)[0]).toMatchObject({ position: "0", realized: "300.00" });
    expect(report.timeline.at(-1)?.note).toContain("closed at the bid 6722.00");
    expect(report.notes.some((n) => n.text.includes("has no price"))).toBe(true);
  });
});
