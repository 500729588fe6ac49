/** Tradovate traffic through the ledger: the spec's worked examples as props/md frames. */
import { describe, expect, test } from "vitest";
import { NO_FEES } from "../../../src/pnl/fees.js";
import { analyzeEvents, type PnlTapeOptions } from "../../../src/pnl/from-tape/index.js";
import { plainRows } from "../../../src/pnl/from-tape/rows.js";
import { formatUsd } from "../../../src/pnl/money.js";
import {
  ACCOUNT,
  cashBalance,
  contractSet,
  fill,
  HEADER,
  order,
  position,
  TapeBuilder,
} from "./tape-builder.js";

const MNQ = 4001;

/** Worked example 3 as Tradovate sends it: order, fill, position (and fillPair + cash on closes). */
function mnqTape(opts: { wrongNetPrice?: boolean; duplicateFills?: boolean } = {}): TapeBuilder {
  const b = new TapeBuilder().open();
  b.snapshot({
    accounts: [ACCOUNT],
    ...contractSet(MNQ, "MNQZ6", "MNQ", 0.25, 2),
    cashBalances: [cashBalance(0)],
  });
  const steps: Array<{
    action: "Buy" | "Sell";
    qty: number;
    price: number;
    pos: Parameters<typeof position>[2];
    pairs?: Array<[number, number, number, number, number]>;
    realized?: number;
  }> = [
    {
      action: "Buy",
      qty: 1,
      price: 21000,
      pos: { netPos: 1, netPrice: 21000, bought: 1, boughtValue: 21000, sold: 0, soldValue: 0 },
    },
    {
      action: "Buy",
      qty: 1,
      price: 21010,
      pos: { netPos: 2, netPrice: 21005, bought: 2, boughtValue: 42010, sold: 0, soldValue: 0 },
    },
    {
      action: "Sell",
      qty: 1,
      price: 21020,
      pos: {
        netPos: 1,
        netPrice: opts.wrongNetPrice ? 21005 : 21010,
        bought: 2,
        boughtValue: 42010,
        sold: 1,
        soldValue: 21020,
      },
      pairs: [[1, 1, 3, 21000, 21020]],
      realized: 40,
    },
    {
      action: "Sell",
      qty: 2,
      price: 21020,
      pos: {
        netPos: -1,
        netPrice: 21020,
        bought: 2,
        boughtValue: 42010,
        sold: 3,
        soldValue: 63060,
      },
      pairs: [[2, 2, 4, 21010, 21020]],
      realized: 60,
    },
    {
      action: "Buy",
      qty: 1,
      price: 21015,
      pos: { netPos: 0, bought: 3, boughtValue: 63025, sold: 3, soldValue: 63060 },
      pairs: [[3, 5, 4, 21015, 21020]],
      realized: 70,
    },
  ];
  steps.forEach((s, k) => {
    const id = k + 1;
    b.props("order", "Created", order(100 + id, MNQ, s.action));
    b.props("fill", "Created", fill(id, 100 + id, MNQ, s.action, s.qty, s.price));
    if (opts.duplicateFills)
      b.props("fill", "Created", fill(id, 100 + id, MNQ, s.action, s.qty, s.price));
    b.props("position", "Updated", position(901, MNQ, s.pos));
    for (const [pid, buy, sell, bp, sp] of s.pairs ?? []) {
      b.props("fillPair", "Created", {
        id: pid,
        positionId: 901,
        buyFillId: buy,
        sellFillId: sell,
        qty: 1,
        buyPrice: bp,
        sellPrice: sp,
        active: true,
      });
    }
    if (s.realized !== undefined) b.props("cashBalance", "Updated", cashBalance(s.realized));
  });
  return b;
}

async function run(b: TapeBuilder, options: PnlTapeOptions = {}) {
  return analyzeEvents(HEADER, b.events, { timeline: true, ...options });
}

describe("worked example 3: MNQ fills from props events", () => {
  test("FIFO realized after each fill is 0, 0, $40, $60, $70 and every venue figure agrees", async () => {
    const report = await run(mnqTape(), { fees: NO_FEES });
    expect(report.timeline.map((e) => e.position)).toEqual(["1", "2", "1", "-1", "0"]);
    expect(report.timeline.map((e) => formatUsd(e.keyRealized))).toEqual([
      "$0.00",
      "$0.00",
      "$40.00",
      "$60.00",
      "$70.00",
    ]);
    expect(report.reconciliation.disagreements).toEqual([]);
    expect(report.reconciliation.checks.tradovatePositions).toBe(5);
    expect(report.reconciliation.checks.cashBalances).toBe(4);
    expect(report.reconciliation.checks.fillPairSums).toBe(3);
    const [row] = plainRows(report);
    expect(row).toMatchObject({
      owner: "11",
      ownerName: "DEMO1",
      symbol: "MNQZ6",
      position: "0",
      realized: "70.00",
    });
  });

  test("--matching average shows 0, 0, $30, $60, $70 while reconciliation still uses FIFO", async () => {
    const report = await run(mnqTape(), { fees: NO_FEES, matching: "average" });
    expect(report.matching.tradovate).toBe("average");
    expect(report.timeline.map((e) => formatUsd(e.keyRealized))).toEqual([
      "$0.00",
      "$0.00",
      "$30.00",
      "$60.00",
      "$70.00",
    ]);
    expect(report.reconciliation.disagreements).toEqual([]);
  });

  test("fees: five fills of six MNQ contracts at $0.79 a side", async () => {
    const report = await run(mnqTape());
    const [row] = plainRows(report);
    expect(row?.fees).toBe("4.74");
    expect(row?.net).toBe("65.26");
  });

  test("a wrong netPrice in one position entity is reported exactly, once", async () => {
    const b = mnqTape({ wrongNetPrice: true });
    const report = await run(b);
    const bad = b.events.find(
      (e) =>
        e.k === "recv" &&
        e.text?.includes('"netPrice":21005,"bought":2,"boughtValue":42010,"sold":1'),
    );
    expect(report.reconciliation.disagreements).toEqual([
      expect.objectContaining({
        seq: bad?.seq,
        key: "account 11 MNQZ6",
        field: "netPrice",
        external: "21005",
        ledger: "21010",
      }),
    ]);
  });

  test("every fill frame sent twice changes nothing, and the repeats are counted", async () => {
    const once = await run(mnqTape());
    const twice = await run(mnqTape({ duplicateFills: true }));
    expect(plainRows(twice)).toEqual(plainRows(once));
    expect(twice.stats.duplicates.tradovate).toBe(5);
    expect(twice.stats.fills.tradovate).toBe(5);
    expect(twice.reconciliation.disagreements).toEqual([]);
  });
});

describe("worked examples 4 and 5, and marks from md quotes", () => {
  test("MCL long 3 @ 71.45, out at 71.12: -$99.00 gross, -$103.74 net; float noise in boughtValue agrees", async () => {
    const b = new TapeBuilder().open();
    b.snapshot({ accounts: [ACCOUNT], ...contractSet(5001, "MCLF7", "MCL", 0.01, 100) });
    b.props("order", "Created", order(1, 5001, "Buy"));
    b.props("fill", "Created", fill(1, 1, 5001, "Buy", 3, 71.45));
    b.props(
      "position",
      "Updated",
      position(9, 5001, {
        netPos: 3,
        netPrice: 71.45,
        bought: 3,
        boughtValue: 3 * 71.45,
        sold: 0,
        soldValue: 0,
      }),
    );
    b.props("order", "Created", order(2, 5001, "Sell"));
    b.props("fill", "Created", fill(2, 2, 5001, "Sell", 3, 71.12));
    b.props(
      "position",
      "Updated",
      position(9, 5001, {
        netPos: 0,
        bought: 3,
        boughtValue: 3 * 71.45,
        sold: 3,
        soldValue: 3 * 71.12,
      }),
    );
    b.props("cashBalance", "Updated", cashBalance(-99));
    const report = await run(b);
    expect(3 * 71.45).not.toBe(214.35); // the venue's double really is noisy
    expect(report.reconciliation.disagreements).toEqual([]);
    const [row] = plainRows(report);
    expect(row).toMatchObject({ realized: "-99.00", fees: "4.74", net: "-103.74" });
  });

  test("ZN 110-16.5 to 110-20 is $109.375 exact; the average prints in 32nds and decimal", async () => {
    const b = new TapeBuilder().open();
    b.snapshot({ accounts: [ACCOUNT], ...contractSet(6001, "ZNZ6", "ZN", 0.015625, 1000) });
    b.props("order", "Created", order(1, 6001, "Buy"));
    b.props("fill", "Created", fill(1, 1, 6001, "Buy", 1, 110.515625));
    b.quote(6001, { Bid: { price: 110.5625, size: 10 }, Offer: { price: 110.578125, size: 3 } });
    const open = await run(b, { fees: NO_FEES });
    expect(plainRows(open)[0]).toMatchObject({
      avgPrice: "110-16.5",
      avgDecimal: "110.515625",
      unrealized: "46.875",
      markUsed: "bidask",
    });
    b.props("fill", "Created", fill(2, 1, 6001, "Sell", 1, 110.625));
    const closed = await run(b, { fees: NO_FEES });
    expect(plainRows(closed)[0]).toMatchObject({ realized: "109.375", position: "0" });
    expect(formatUsd(closed.accounts[0]!.realized)).toBe("$109.38");
  });

  test("a product the table lacks comes from the snapshot; its quotes mark by contractId", async () => {
    const b = new TapeBuilder().open();
    b.snapshot({ accounts: [ACCOUNT], ...contractSet(7001, "HEZ6", "HE", 0.025, 400) });
    b.props("order", "Created", order(1, 7001, "Sell"));
    b.props("fill", "Created", fill(1, 1, 7001, "Sell", 2, 80.5));
    b.quote(7001, {
      Bid: { price: 80.4, size: 1 },
      Offer: { price: 80.425, size: 1 },
      Trade: { price: 80.45 },
    });
    const ask = await run(b, { fees: NO_FEES });
    // short 2 from 80.5, ask 80.425: 3 ticks * $10 * 2
    expect(plainRows(ask)[0]).toMatchObject({ unrealized: "60.00", markUsed: "bidask" });
    const last = await run(b, { fees: NO_FEES, mark: "last" });
    expect(plainRows(last)[0]).toMatchObject({ unrealized: "40.00", markUsed: "last" });
  });

  test("a position carried in (prevPos at prevPrice) seeds the ledger without fees or counters", async () => {
    const b = new TapeBuilder().open();
    b.snapshot({
      accounts: [ACCOUNT],
      ...contractSet(MNQ, "MNQZ6", "MNQ", 0.25, 2),
      positions: [
        position(901, MNQ, {
          netPos: 2,
          netPrice: 21000,
          bought: 0,
          boughtValue: 0,
          sold: 0,
          soldValue: 0,
          prevPos: 2,
          prevPrice: 21000,
        }),
      ],
      cashBalances: [cashBalance(0)],
    });
    b.props("order", "Created", order(1, MNQ, "Sell"));
    b.props("fill", "Created", fill(1, 1, MNQ, "Sell", 1, 21012.5));
    b.props(
      "position",
      "Updated",
      position(901, MNQ, {
        netPos: 1,
        netPrice: 21000,
        bought: 0,
        boughtValue: 0,
        sold: 1,
        soldValue: 21012.5,
        prevPos: 2,
        prevPrice: 21000,
      }),
    );
    b.props("cashBalance", "Updated", cashBalance(25));
    const report = await run(b);
    expect(report.reconciliation.disagreements).toEqual([]);
    expect(plainRows(report)[0]).toMatchObject({ position: "+1", realized: "25.00", fees: "0.79" });
    expect(report.timeline[0]?.note).toContain("carried in");
  });

  test("fillPairs that do not add up to the ledger's realized P&L are reported at the cashBalance", async () => {
    const b = mnqTape();
    const cash = b.events.findLast((e) => e.k === "recv" && e.text?.includes("cashBalance"));
    // Replace the last fillPair's sell price: 21020 -> 21025 (one pair, 5 points * $2 = $10 more).
    const pair = b.events.findLast((e) => e.k === "recv" && e.text?.includes('"fillPair"'));
    if (pair?.k !== "recv" || pair.text === undefined) throw new Error("no fillPair frame");
    Object.assign(pair, { text: pair.text.replace('"sellPrice":21020', '"sellPrice":21025') });
    const report = await run(b);
    expect(report.reconciliation.disagreements).toEqual([
      expect.objectContaining({
        seq: cash?.seq,
        field: "fillPairs realized",
        external: "80.00",
        ledger: "70.00",
      }),
    ]);
  });
});

describe("the contract directory outside the snapshot", () => {
  test("contract from a REST answer, product from a socket request's answer, account from its order", async () => {
    const b = new TapeBuilder().open();
    b.http("GET", "https://demo.tradovateapi.com/v1/contract/find?name=ESZ6", {
      id: 3001,
      name: "ESZ6",
      contractMaturityId: 51,
    });
    b.send(1, "product/find\n5\nname=ES\n");
    b.recv(
      1,
      `a[${JSON.stringify({ s: 200, i: 5, d: { id: 61, name: "ES", currencyId: 1, valuePerPoint: 50, tickSize: 0.25 } })}]`,
    );
    b.props("order", "Created", { ...order(1, 3001, "Buy"), accountId: 12 });
    b.props("order", "Created", { ...order(2, 3001, "Sell"), accountId: 13 });
    b.props("fill", "Created", fill(1, 1, 3001, "Buy", 1, 6720));
    b.props("fill", "Created", fill(2, 2, 3001, "Sell", 2, 6721.25));
    b.quote(3001, { Bid: { price: 6721 }, Offer: { price: 6721.25 } });
    const report = await run(b, { fees: NO_FEES });
    expect(plainRows(report).map((r) => [r.owner, r.symbol, r.position, r.unrealized])).toEqual([
      ["12", "ESZ6", "+1", "50.00"],
      ["13", "ESZ6", "-2", "0.00"],
    ]);
    expect(report.notes).toEqual([]);
  });

  test("a fill whose contract never appears is reported, not guessed", async () => {
    const b = new TapeBuilder().open();
    b.props("order", "Created", order(1, 999, "Buy"));
    const f = b.props("fill", "Created", fill(1, 1, 999, "Buy", 1, 6720));
    const report = await run(b);
    expect(report.accounts).toEqual([]);
    expect(report.notes).toEqual([
      expect.objectContaining({
        seq: f.seq,
        level: "problem",
        text: "fill 1 not counted: contract 999 never appeared in the tape",
      }),
    ]);
  });
});

describe("products learned along the way", () => {
  test("a product that changes a root already used for prices is refused and reported", async () => {
    const b = new TapeBuilder().open();
    b.snapshot({ accounts: [ACCOUNT], ...contractSet(3001, "ESZ6", "ES", 0.25, 50) });
    b.quote(3001, { Bid: { price: 6720 }, Offer: { price: 6720.25 } });
    const late = b.http("GET", "https://demo.tradovateapi.com/v1/product/find?name=ES", {
      id: 61,
      name: "ES",
      currencyId: 1,
      valuePerPoint: 25,
      tickSize: 0.25,
    });
    b.props("order", "Created", order(1, 3001, "Buy"));
    b.props("fill", "Created", fill(1, 1, 3001, "Buy", 1, 6720));
    const report = await run(b, { fees: NO_FEES });
    expect(report.notes).toEqual([
      expect.objectContaining({
        seq: late.seq,
        level: "problem",
        text: "product ES: ES tick 0.25 = 6.25 differs from the tick 0.25 = 12.50 already used for its prices; figures keep using the latter",
      }),
    ]);
    // Still $12.50 a tick: the bid 6720 is flat to the fill, the mid half a tick up.
    expect(plainRows(await run(b, { fees: NO_FEES, mark: "mid" }))[0]?.unrealized).toBe("6.25");
  });
});
