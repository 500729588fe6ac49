/**
 * Writes small, exact tapes for scenarios and property tests: a Tradovate trading socket with a
 * sync snapshot and fills, an md socket with quotes, a Trade Manager socket with recorder log
 * lines. Every frame is what the venue would send, so the replay server serves it unchanged.
 */
import type { EventInput, Role, TapeEvent, TapeHeader } from "../../src/tape/events.js";
import { serializeEvent, serializeHeader } from "../../src/tape/line.js";

/** A contract the snapshot lists: id and Tradovate name (`ESZ6`). */
export interface ContractDef {
  id: number;
  name: string;
}

/** One fill as Tradovate's props event carries it. */
export interface FillDef {
  id: number;
  contractId: number;
  action: "Buy" | "Sell";
  qty: number;
  price: number;
}

/** One quote update: any of bid, ask, last; sizes default to 5 (bid, ask) and 1 (trade). */
export interface QuoteDef {
  contractId: number;
  bid?: number;
  ask?: number;
  last?: number;
  bidSize?: number;
  askSize?: number;
}

const ACCOUNT = { id: 852019, name: "DEMO7097031", userId: 2330615 };

/** Builds one tape, event by event, at times the caller sets. */
export class TapeBuilder {
  readonly #header: TapeHeader;
  readonly #startedMs: number;
  readonly #events: TapeEvent[] = [];
  #t = 0;
  #conn = 0;
  #order = 2484892100;
  #requestIds = new Map<number, number>();
  readonly #fills = new Map<number, Record<string, unknown>>();

  constructor(id: string, started: string, label: string) {
    this.#header = {
      tape: 1,
      id,
      started,
      tool: "tapedeck 0.1.0",
      label,
      notes: "built by test/scenario/tape-builder.ts: not a recording of a real session",
    };
    this.#startedMs = Date.parse(started);
  }

  /** Moves the clock to `ms` after the start (never backwards). */
  at(ms: number): this {
    this.#t = Math.max(this.#t, Math.round(ms * 1000));
    return this;
  }

  /** Moves the clock `ms` forward. */
  after(ms: number): this {
    this.#t += Math.round(ms * 1000);
    return this;
  }

  #push(e: EventInput): void {
    this.#t += 100; // 0.1 ms apart: order on the tape is order in time
    this.#events.push({ ...e, seq: this.#events.length + 1, t: this.#t } as TapeEvent);
  }

  /** ISO time of the current instant, as Tradovate writes timestamps. */
  iso(): string {
    return new Date(this.#startedMs + Math.floor(this.#t / 1000)).toISOString();
  }

  open(role: Role, url: string, proto: "tradovate" | "trademanager"): number {
    const c = ++this.#conn;
    this.#push({ k: "open", c, url, proto, role });
    return c;
  }

  recv(c: number, text: string): this {
    this.#push({ k: "recv", c, text });
    return this;
  }

  send(c: number, text: string): this {
    this.#push({ k: "send", c, text });
    return this;
  }

  close(c: number, by: "server" | "client", code = 1000, reason = ""): this {
    this.#push({ k: "close", c, by, code, ...(reason ? { reason } : {}) });
    return this;
  }

  #nextId(c: number): number {
    const n = this.#requestIds.get(c) ?? 1;
    this.#requestIds.set(c, n + 1);
    return n;
  }

  /** A Tradovate socket opened and authorized. */
  #tradovateSocket(role: "trading" | "md", token: string): number {
    const url =
      role === "md"
        ? "wss://md.tradovateapi.com/v1/websocket"
        : "wss://demo.tradovateapi.com/v1/websocket";
    const c = this.open(role, url, "tradovate");
    this.recv(c, "o");
    this.send(c, `authorize\n0\n\n${token}`);
    this.recv(c, 'a[{"s":200,"i":0}]');
    return c;
  }

  /**
   * The trading socket: authorize, `user/syncrequest` and its snapshot naming `contracts` and
   * listing the fills already sent (by id: a resync after a reconnect).
   */
  trading(contracts: readonly ContractDef[], fillsSoFar: readonly number[] = []): number {
    const c = this.#tradovateSocket("trading", "«secret:1»");
    const i = this.#nextId(c);
    this.send(c, `user/syncrequest\n${i}\n\n{"users":[${ACCOUNT.userId}]}`);
    const snapshot = {
      users: [{ id: ACCOUNT.userId, name: "tape_reader", status: "Active" }],
      accounts: [{ id: ACCOUNT.id, name: ACCOUNT.name, userId: ACCOUNT.userId, active: true }],
      positions: [],
      fillPairs: [],
      orders: [],
      fills: fillsSoFar.map((id) => this.#fills.get(id)),
      contracts: contracts.map((k) => ({
        id: k.id,
        name: k.name,
        contractMaturityId: k.id + 1000,
        status: "DefinitionChecked",
      })),
    };
    this.recv(c, `a[${JSON.stringify({ s: 200, i, d: snapshot })}]`);
    return c;
  }

  /** A fill as a props `Created` event on trading socket `c`. */
  fill(c: number, f: FillDef): this {
    const entity: Record<string, unknown> = {
      id: f.id,
      orderId: this.#order++,
      contractId: f.contractId,
      timestamp: this.iso(),
      tradeDate: { year: 2026, month: 11, day: 20 },
      action: f.action,
      qty: f.qty,
      price: f.price,
      active: true,
      finallyPaired: 0,
    };
    this.#fills.set(f.id, entity);
    return this.recv(
      c,
      `a[${JSON.stringify({ e: "props", d: { entityType: "fill", eventType: "Created", entity } })}]`,
    );
  }

  /** A hole the recorder knew about (a dropped connection). */
  gap(c: number, reason: string): this {
    this.#push({ k: "gap", c, reason });
    return this;
  }

  /** A `shutdown` event on socket `c`. */
  shutdown(c: number, reasonCode: string, reason: string): this {
    return this.recv(c, `a[${JSON.stringify({ e: "shutdown", d: { reasonCode, reason } })}]`);
  }

  /** The md socket, subscribed to quotes of every contract in `contracts`. */
  md(contracts: readonly ContractDef[]): number {
    const c = this.#tradovateSocket("md", "«secret:2»");
    for (const k of contracts) {
      const i = this.#nextId(c);
      this.send(c, `md/subscribeQuote\n${i}\n\n${JSON.stringify({ symbol: k.name })}`);
      this.recv(c, `a[{"s":200,"i":${i},"d":{}}]`);
    }
    return c;
  }

  /** A quote update on md socket `c`. */
  quote(c: number, q: QuoteDef): this {
    const entries: Record<string, { price: number; size: number }> = {};
    if (q.bid !== undefined) entries.Bid = { price: q.bid, size: q.bidSize ?? 5 };
    if (q.ask !== undefined) entries.Offer = { price: q.ask, size: q.askSize ?? 5 };
    if (q.last !== undefined) entries.Trade = { price: q.last, size: 1 };
    const quote = { timestamp: this.iso(), contractId: q.contractId, entries };
    return this.recv(c, `a[${JSON.stringify({ e: "md", d: { quotes: [quote] } })}]`);
  }

  /** The Trade Manager socket after `AUTH` and its acknowledgement. */
  trademanager(): number {
    const c = this.open("trademanager", "wss://trademanagergroup.com:5000/ws", "trademanager");
    this.send(c, '{"type":"AUTH","user":"tape_reader","token":"«secret:3»"}');
    this.recv(c, '{"data":"✅ Server Connection Established Successfully!"}');
    return c;
  }

  /** A Trade Manager message (`{"type":..,"data":..}`) on socket `c`. */
  tm(c: number, type: string, data: unknown): this {
    return this.recv(c, JSON.stringify({ type, data }));
  }

  /** The tape as JSON Lines text. */
  text(): string {
    const lines = [serializeHeader(this.#header), ...this.#events.map(serializeEvent)];
    return `${lines.join("\n")}\n`;
  }

  /** The header and events, for code that analyses a tape without a file. */
  parts(): { header: TapeHeader; events: TapeEvent[] } {
    return { header: this.#header, events: [...this.#events] };
  }
}

/** A recorder log line in Trade Manager's format (`📊 [RECORDER] OPEN — ...`). */
export function recorderLine(
  verb: "OPEN" | "ADD" | "CLOSE",
  strategy: string,
  ticker: string,
  timeframe: string,
  qty: number,
  side: "BUY" | "SELL",
  price: string,
): string {
  const head = `📊 [RECORDER] ${verb} — Strategy: **${strategy}**, Ticker: **${ticker}**, Timeframe: **${timeframe}**`;
  const at = verb === "CLOSE" ? "Closed at" : "at";
  return `${head} — **${qty} ${side}** ${at} **${price}**`;
}
