/**
 * What a synthesized tape promises, checked on the tape itself (frames parsed by the codecs),
 * on a session busier than the demo: three contracts (CL has a 0.01 tick), five strategies,
 * thirty signals a minute.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { verifyTape } from "../../src/cli/verify.js";
import { analyzeTape } from "../../src/pnl/from-tape/index.js";
import { Ledger, Reconciler } from "../../src/pnl/index.js";
import { priceToTicks } from "../../src/pnl/ticks.js";
import { isObject, parseSyncSnapshot, type Quote } from "../../src/protocols/tradovate/index.js";
import {
  type SynthOptions,
  type SynthSession,
  synthesize,
  writeSynthTape,
} from "../../src/synth/index.js";
import { type ReadSession, readSession } from "./read-session.js";

const OPTIONS: SynthOptions = {
  seed: 3,
  symbols: ["ES", "NQ", "CL"],
  durationMs: 120_000,
  strategies: 5,
  tradesPerMin: 30,
  start: "2026-11-20T14:30:00Z",
  label: "busy",
};

let session: SynthSession;
let read: ReadSession;

beforeAll(() => {
  session = synthesize(OPTIONS);
  read = readSession(session);
});

const contractIdOf = (name: string) =>
  session.instruments.find((i) => i.contractName === name)?.contractId;

describe("frames parse", () => {
  test("every Tradovate frame, message and entity is recognised", () => {
    expect(read.serverFrames.length).toBeGreaterThan(1000);
    const bad = [
      ...read.serverFrames.filter((f) => f.frame.kind === "unrecognised"),
      ...read.clientFrames.filter((f) => f.frame.kind === "unrecognised"),
      ...read.messages.filter((m) => m.message.type === "unrecognised"),
      ...read.props.filter((p) => p.entity.kind === "unrecognised" || p.entity.kind === "other"),
    ];
    expect(bad).toEqual([]);
    const kinds = new Set(read.props.map((p) => p.entityType));
    expect([...kinds].sort()).toEqual(
      [
        "cashBalance",
        "command",
        "commandReport",
        "executionReport",
        "fill",
        "fillPair",
        "order",
        "orderVersion",
        "position",
      ].sort(),
    );
  });

  test("every Trade Manager frame is recognised, every log line is a full recorder line", () => {
    const bad = [...read.tmRecv, ...read.tmSend].filter((f) => f.msg.kind === "unrecognised");
    expect(bad).toEqual([]);
    const logs = read.tmRecv.flatMap((f) =>
      f.msg.kind === "message" && f.msg.type === "LOGS" ? [f.msg] : [],
    );
    expect(logs.length).toBeGreaterThan(20);
    for (const l of logs) {
      expect(l.log.kind, l.line).toBe("logline");
      if (l.log.kind !== "logline") continue;
      expect(l.log.tag).toBe("RECORDER");
      expect(l.log.strategy).toBeDefined();
      expect(l.log.ticker).toMatch(/^(ES|NQ|CL)1!$/);
      expect(l.log.qty).toBeGreaterThan(0);
      expect(l.log.priceText).toMatch(/^\d+\.\d+$/);
    }
    // Some arrive garbled (no intact emoji), and still parse.
    expect(logs.some((l) => !l.line.includes("📊"))).toBe(true);
    expect(logs.some((l) => l.line.includes("📊"))).toBe(true);
  });
});

describe("the trading socket", () => {
  test("handshake, then the sync snapshot with the contracts REST returned, then props", () => {
    const trading = read.serverFrames.filter((f) => f.role === "trading");
    expect(trading[0]?.text).toBe("o");
    expect(trading[1]?.text).toBe('a[{"s":200,"i":0}]');
    const sync = trading[2]?.frame;
    expect(sync?.kind).toBe("messages");
    if (sync?.kind !== "messages" || sync.messages[0]?.type !== "response")
      throw new Error("no sync");
    const snap = parseSyncSnapshot(sync.messages[0].d);
    if (snap.kind === "unrecognised") throw new Error(snap.why);
    expect(snap.rejected).toEqual([]);
    expect(snap.users).toHaveLength(1);
    expect(snap.positions).toEqual([]);
    const rest = read.events.flatMap((e) =>
      e.k === "http" && e.url.includes("contract/find") ? [JSON.parse(e.res.body ?? "")] : [],
    );
    expect(snap.contracts.map((c) => [c.id, c.name])).toEqual(rest.map((c) => [c.id, c.name]));
    expect(snap.contracts.map((c) => c.name)).toEqual(["ESZ6", "NQZ6", "CLF7"]);
    const products = new Map(snap.products.map((p) => [p.id, p]));
    for (const c of snap.contracts) {
      const m = snap.contractMaturities.find((x) => x.id === c.contractMaturityId);
      expect(m).toBeDefined();
      expect(products.get(m?.productId ?? -1)?.name).toBe(c.name.replace(/[FGHJKMNQUVXZ]\d$/, ""));
    }
    // The client asked for this user's data, with the access token placeholder.
    const sends = read.clientFrames.filter((f) => f.role === "trading").map((f) => f.text);
    expect(sends[0]).toBe("authorize\n0\n\n«secret:4»");
    expect(sends[1]).toBe(`user/syncrequest\n1\n\n{"users":[${snap.users[0]?.id}]}`);
  });

  test("each market order's events come in Tradovate's order", () => {
    const byOrder = new Map<number, string[]>();
    const orderOfFill = new Map<number, number>();
    const orderOfCommand = new Map<number, number>();
    let current: number | undefined;
    for (const p of read.props) {
      const v = p.value;
      let orderId: number | undefined;
      if (p.entityType === "order") orderId = v.id as number;
      else if (p.entityType === "command") orderId = v.orderId as number;
      else if (p.entityType === "orderVersion" || p.entityType === "executionReport")
        orderId = v.orderId as number;
      else if (p.entityType === "commandReport")
        orderId = orderOfCommand.get(v.commandId as number);
      else if (p.entityType === "fill") orderId = v.orderId as number;
      else orderId = current; // position, fillPair, cashBalance belong to the order just filled
      if (p.entityType === "command") orderOfCommand.set(v.id as number, v.orderId as number);
      if (p.entityType === "fill") orderOfFill.set(v.id as number, v.orderId as number);
      if (orderId === undefined) throw new Error(`${p.entityType} before any order`);
      current = orderId;
      const name =
        p.entityType === "executionReport"
          ? `executionReport:${v.execType}`
          : p.entityType === "order"
            ? `order:${v.ordStatus}`
            : p.entityType;
      byOrder.set(orderId, [...(byOrder.get(orderId) ?? []), name]);
    }
    expect(byOrder.size).toBeGreaterThan(20);
    const shape =
      /^order:PendingNew,command,orderVersion,commandReport,executionReport:New,order:Working,executionReport:Trade,fill,position,order:Filled(,fillPair)*(,cashBalance)?$/;
    for (const [id, seq] of byOrder) {
      expect(seq.join(","), `order ${id}`).toMatch(shape);
      expect(seq.includes("fillPair"), `order ${id}`).toBe(seq.includes("cashBalance"));
    }
  });

  test("ids agree everywhere: orders, fills, fillPairs, positions, contracts", () => {
    const created = new Map<string, Set<number>>();
    const positions = new Map<number, number>(); // contractId -> position id
    const fills = new Map<number, Record<string, unknown>>();
    for (const p of read.props) {
      const v = p.value;
      if (p.eventType === "Created") {
        const ids = created.get(p.entityType) ?? new Set();
        expect(ids.has(v.id as number), `${p.entityType} ${v.id} created twice`).toBe(false);
        ids.add(v.id as number);
        created.set(p.entityType, ids);
      }
      if (p.entityType === "fill") {
        expect(created.get("order")?.has(v.orderId as number)).toBe(true);
        fills.set(v.id as number, v);
      }
      if (p.entityType === "position") {
        const known = positions.get(v.contractId as number);
        if (known !== undefined) expect(v.id).toBe(known);
        positions.set(v.contractId as number, v.id as number);
      }
      if (p.entityType === "fillPair") {
        const buy = fills.get(v.buyFillId as number);
        const sell = fills.get(v.sellFillId as number);
        expect(buy?.action).toBe("Buy");
        expect(sell?.action).toBe("Sell");
        expect(buy?.price).toBe(v.buyPrice);
        expect(sell?.price).toBe(v.sellPrice);
        expect(buy?.contractId).toBe(sell?.contractId);
        expect(v.positionId).toBe(positions.get(buy?.contractId as number));
      }
      if ("contractId" in v) {
        expect(session.instruments.map((i) => i.contractId)).toContain(v.contractId);
      }
    }
    const mdIds = new Set(
      read.messages.flatMap((m) =>
        m.message.type === "event" && m.message.e === "md"
          ? (m.message.quotes ?? []).map((q) => q.contractId)
          : [],
      ),
    );
    expect([...mdIds].sort()).toEqual(["ESZ6", "NQZ6", "CLF7"].map((n) => contractIdOf(n)).sort());
  });

  test("timestamps are ISO with ms and Z, trade dates the session's, netPrice absent exactly when flat", () => {
    const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
    for (const p of read.props) {
      if ("timestamp" in p.value) expect(p.value.timestamp).toMatch(iso);
      if ("tradeDate" in p.value)
        expect(p.value.tradeDate).toEqual({ year: 2026, month: 11, day: 20 });
      if (p.entityType === "position") {
        expect("netPrice" in p.value, JSON.stringify(p.value)).toBe(p.value.netPos !== 0);
      }
    }
  });
});

describe("money", () => {
  test("every position entity and cash balance equals the ledger fed with the tape's fills", () => {
    const ledger = new Ledger({ matching: "fifo" });
    const rec = new Reconciler(ledger);
    const names = new Map(session.instruments.map((i) => [i.contractId, i.contractName]));
    const accountOfOrder = new Map<unknown, string>();
    let positions = 0;
    let balances = 0;
    for (const p of read.props) {
      const v = p.value;
      const symbol = names.get(v.contractId as number) ?? "";
      if (p.entityType === "order") accountOfOrder.set(v.id, String(v.accountId));
      const account =
        p.entityType === "fill" ? (accountOfOrder.get(v.orderId) ?? "") : String(v.accountId);
      if (p.entityType === "fill") {
        ledger.fill({
          key: { account, symbol },
          side: v.action === "Buy" ? "BUY" : "SELL",
          qty: v.qty as number,
          price: v.price as number,
        });
      } else if (p.entityType === "position") {
        positions++;
        rec.observe({
          kind: "tradovatePosition",
          time: v.timestamp as string,
          key: { account, symbol },
          netPos: v.netPos as number,
          netPrice: v.netPrice as number | undefined,
          bought: v.bought as number,
          boughtValue: v.boughtValue as number,
          sold: v.sold as number,
          soldValue: v.soldValue as number,
        });
      } else if (p.entityType === "cashBalance") {
        balances++;
        rec.observe({
          kind: "realizedPnL",
          time: v.timestamp as string,
          account,
          realizedPnL: v.realizedPnL as number,
        });
      }
    }
    expect(positions).toBeGreaterThan(20);
    expect(balances).toBeGreaterThan(5);
    expect(rec.disagreements).toEqual([]);
  });

  test("the fillPairs add up to the realized P&L of the last cash balance, exactly", () => {
    let ticks = 0n;
    let micros = 0n;
    let lastRealized: unknown;
    const instOf = new Map(session.instruments.map((i) => [i.contractId, i]));
    const fills = new Map<number, Record<string, unknown>>();
    for (const p of read.props) {
      if (p.entityType === "fill") fills.set(p.value.id as number, p.value);
      if (p.entityType === "cashBalance") lastRealized = p.value.realizedPnL;
      if (p.entityType !== "fillPair") continue;
      const inst = instOf.get(fills.get(p.value.buyFillId as number)?.contractId as number);
      if (inst === undefined) throw new Error("fillPair of an unknown contract");
      const grid = inst.spec.grid;
      const d =
        priceToTicks(p.value.sellPrice as number, grid, "sell") -
        priceToTicks(p.value.buyPrice as number, grid, "buy");
      ticks += d * BigInt(p.value.qty as number);
      micros += d * BigInt(p.value.qty as number) * inst.spec.tickValue;
    }
    expect(ticks).not.toBe(0n);
    expect(Number(micros) / 1e6).toBe(lastRealized);
  });

  test("fills happen at the touch: buys at the offer, sells at the bid of the md quotes", () => {
    // The book of each contract after each quote, keyed by the quote's millisecond.
    const books = new Map<number, Array<{ ms: number; bid: number; ask: number }>>();
    const state = new Map<number, { bid: number; ask: number }>();
    for (const m of read.messages) {
      if (m.message.type !== "event" || m.message.e !== "md") continue;
      for (const q of m.message.quotes ?? ([] as Quote[])) {
        const s = { ...(state.get(q.contractId) ?? { bid: Number.NaN, ask: Number.NaN }) };
        if (q.entries.Bid?.price !== undefined) s.bid = q.entries.Bid.price;
        if (q.entries.Offer?.price !== undefined) s.ask = q.entries.Offer.price;
        state.set(q.contractId, s);
        books.set(q.contractId, [
          ...(books.get(q.contractId) ?? []),
          { ms: Date.parse(q.timestamp), ...s },
        ]);
      }
    }
    const fills = read.props.filter((p) => p.entityType === "fill");
    expect(fills.length).toBeGreaterThan(20);
    for (const f of fills) {
      const ms = Date.parse(f.value.timestamp as string);
      const list = books.get(f.value.contractId as number) ?? [];
      // Quotes of earlier milliseconds came before the fill; those of the same one may have.
      const before = list.filter((b) => b.ms < ms).at(-1);
      const candidates = [before, ...list.filter((b) => b.ms === ms)].filter(
        (b) => b !== undefined,
      );
      const touch = candidates.map((b) => (f.value.action === "Buy" ? b.ask : b.bid));
      expect(touch, JSON.stringify(f.value)).toContain(f.value.price);
    }
  });
});

describe("Trade Manager", () => {
  test("DATA prices walk with the md quotes of the same contract", () => {
    const pairs = new Map<string, Set<string>>();
    const state = new Map<number, { bid?: number; ask?: number }>();
    for (const m of read.messages) {
      if (m.message.type !== "event" || m.message.e !== "md") continue;
      for (const q of m.message.quotes ?? []) {
        const s = state.get(q.contractId) ?? {};
        s.bid = q.entries.Bid?.price ?? s.bid;
        s.ask = q.entries.Offer?.price ?? s.ask;
        state.set(q.contractId, s);
        const inst = session.instruments.find((i) => i.contractId === q.contractId);
        const key = inst?.ticker ?? "";
        pairs.set(key, (pairs.get(key) ?? new Set()).add(`${s.bid}/${s.ask}`));
      }
    }
    let n = 0;
    for (const f of read.tmRecv) {
      if (f.msg.kind !== "message" || f.msg.type !== "DATA") continue;
      n++;
      const inst = session.instruments.find(
        (i) => i.ticker === (f.msg as { ticker: string }).ticker,
      );
      expect(f.msg.step).toBe(inst?.tickSize);
      expect(f.msg.amnt).toBe(inst?.tickValue);
      expect(pairs.get(f.msg.ticker)?.has(`${f.msg.bid}/${f.msg.ask}`), f.text).toBe(true);
    }
    expect(n).toBeGreaterThan(100);
  });

  test("TRADES lists follow the LOGS lines, and the account ends where the records are", () => {
    const records = new Map<string, { side: string; lots: number[]; qty: number }>();
    let lastRows: Array<Record<string, unknown>> = [];
    for (const f of read.tmRecv) {
      if (f.msg.kind !== "message") continue;
      if (f.msg.type === "LOGS" && f.msg.log.kind === "logline") {
        const l = f.msg.log;
        const key = `${l.strategy}|${l.ticker}|${l.timeframe}`;
        const r = records.get(key) ?? { side: "", lots: [], qty: 0 };
        const qty = l.qty ?? 0;
        if (l.verb === "OPEN")
          Object.assign(r, { side: l.side, lots: Array(qty).fill(l.price), qty });
        if (l.verb === "ADD")
          Object.assign(r, { lots: [...r.lots, ...Array(qty).fill(l.price)], qty: r.qty + qty });
        if (l.verb === "TRIM") Object.assign(r, { lots: r.lots.slice(qty), qty: r.qty - qty });
        if (l.verb === "CLOSE") {
          expect(qty).toBe(r.qty);
          Object.assign(r, { lots: [], qty: 0 });
        }
        records.set(key, r);
      }
      if (f.msg.type === "TRADES") {
        const open = [...records].filter(([, r]) => r.qty > 0);
        expect(
          f.msg.rows.map((row) => `${row.Strat_Name}|${row.Ticker}|${row.TimeFrame}`).sort(),
        ).toEqual(open.map(([k]) => k).sort());
        for (const row of f.msg.rows) {
          const r = records.get(`${row.Strat_Name}|${row.Ticker}|${row.TimeFrame}`);
          expect(row.Running_Pos).toBe(r?.qty);
          expect(row.Direction).toBe(r?.side);
          const avg = (r?.lots ?? []).reduce((a, b) => a + b, 0) / (r?.qty ?? 1);
          expect(row.Open_Price).toBeCloseTo(avg, 9);
        }
        lastRows = f.msg.rows.map((row) => row.raw);
      }
    }
    const net = new Map<string, number>();
    for (const row of lastRows) {
      const signed = (row.Direction === "BUY" ? 1 : -1) * (row.Running_Pos as number);
      net.set(row.Ticker as string, (net.get(row.Ticker as string) ?? 0) + signed);
    }
    const lastPos = new Map<number, number>();
    for (const p of read.props)
      if (p.entityType === "position")
        lastPos.set(p.value.contractId as number, p.value.netPos as number);
    for (const inst of session.instruments) {
      expect(lastPos.get(inst.contractId) ?? 0, inst.contractName).toBe(net.get(inst.ticker) ?? 0);
    }
  });
});

describe("heartbeats and liveness", () => {
  test("Tradovate sockets: the server is never silent 2.5 s, the client beats every 2.5 s", () => {
    for (const role of ["trading", "md"]) {
      const recv = read.serverFrames.filter((f) => f.role === role).map((f) => f.t);
      for (let k = 1; k < recv.length; k++) {
        expect((recv[k] as number) - (recv[k - 1] as number)).toBeLessThanOrEqual(2_500_000);
      }
      const beats = read.clientFrames
        .filter((f) => f.role === role && f.frame.kind === "heartbeat")
        .map((f) => f.t);
      expect(beats.length).toBeGreaterThanOrEqual(Math.floor(OPTIONS.durationMs / 2500) - 2);
      for (let k = 1; k < beats.length; k++) {
        expect(
          Math.abs((beats[k] as number) - (beats[k - 1] as number) - 2_500_000),
        ).toBeLessThanOrEqual(5000);
      }
    }
    const pings = read.tmSend.filter((f) => f.msg.kind === "message" && f.msg.type === "PING");
    expect(pings.length).toBe(Math.floor((OPTIONS.durationMs - 2000) / 25_000));
  });

  test("events are in time order, one close per connection at the end", () => {
    const ts = read.events.map((e) => e.t);
    expect(ts).toEqual([...ts].sort((a, b) => a - b));
    const closes = read.events.filter((e) => e.k === "close");
    expect(closes.map((e) => (e.k === "close" ? e.c : 0))).toEqual([1, 2, 3]);
    expect(read.events.at(-1)?.k).toBe("close");
  });
});

describe("as a tape file", () => {
  test("verify finds nothing, and tapedeck's P&L reconciles with zero disagreements", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "tapedeck-synth-")), "busy.tape.jsonl");
    const summary = await writeSynthTape(path, OPTIONS);
    expect(summary.events).toBe(session.events.length);
    const verified = await verifyTape(path);
    expect(verified.findings).toEqual([]);
    expect(verified.connections).toBe(3);
    const report = await analyzeTape(path);
    expect(report.reconciliation.disagreements).toEqual([]);
    expect(report.stats.unrecognisedFrames).toEqual({ tradovate: 0, trademanager: 0 });
    const checks = report.reconciliation.checks;
    expect(checks.tradovatePositions).toBe(
      read.props.filter((p) => p.entityType === "position").length,
    );
    expect(checks.cashBalances).toBeGreaterThan(5);
    expect(checks.tradeManagerRows).toBeGreaterThan(10);
    expect(report.stats.fills.tradovate).toBe(summary.orders);
    expect(isObject(report.tape)).toBe(true);
  });
});
