/**
 * One streaming pass over a tape's events for everything a report draws besides P&L:
 * connections and what happened to them, frame rates per kind, quotes per contract, and the
 * frames for the frame browser (the first `maxFrames` of them).
 */
import { startedMicros } from "../pnl/from-tape/tape-clock.js";
import { repairMojibake } from "../protocols/trademanager/mojibake.js";
import { serverFrameQuotes, tmDataQuotes } from "../quotes/extract.js";
import type { Quote } from "../quotes/quote.js";
import type { ProtocolName, TapeEvent, TapeHeader } from "../tape/events.js";
import { formatStarted } from "../tape/writer.js";
import { learnContractNames } from "./contract-names.js";
import type { ConnectionInfo, FrameRow, TimelineMoment } from "./data.js";
import { type ClassifiedFrame, FrameKinds } from "./frame-kind.js";
import { QuoteLog } from "./quote-log.js";

/** Longest frame text kept in the frame browser; the rest is cut (and said so). */
export const FRAME_TEXT_CAP = 4000;
/** Most moments (gaps, marks, errors) kept for the connection timeline. */
export const MAX_MOMENTS = 2000;

interface Conn {
  info: {
    -readonly [K in keyof ConnectionInfo]: ConnectionInfo[K];
  };
  proto: ProtocolName;
}

/** Collector settings. */
export interface CollectOptions {
  /** Frames kept for the frame browser. */
  readonly maxFrames: number;
}

/** Reads events one at a time; see the module comment. */
export class TapeCollector {
  readonly wallClock: boolean;
  readonly connections: Conn[] = [];
  readonly moments: TimelineMoment[] = [];
  momentsDropped = 0;
  /** Frames per whole second of tape time, per kind key. */
  readonly perSecond = new Map<string, Map<number, number>>();
  readonly quotes = new QuoteLog();
  readonly frames: FrameRow[] = [];
  framesTotal = 0;
  events = 0;
  lastT = 0;
  readonly #origin: number;
  readonly #options: CollectOptions;
  readonly #byId = new Map<number, Conn>();
  readonly #kinds = new FrameKinds();
  readonly #contractNames = new Map<number, string>();

  constructor(header: TapeHeader, options: CollectOptions) {
    const origin = startedMicros(header.started);
    this.wallClock = origin !== null;
    this.#origin = origin ?? 0;
    this.#options = options;
  }

  /** Chart x of a tape time: epoch seconds, or tape seconds when `started` is unreadable. */
  x(t: number): number {
    return (this.#origin + t) / 1e6;
  }

  /** People's time of a tape time. */
  time(t: number): string {
    return this.wallClock ? formatStarted(this.#origin + t) : `t=${(t / 1e6).toFixed(6)}s`;
  }

  /** Takes the next event. */
  event(e: TapeEvent): void {
    this.events++;
    if (e.t > this.lastT) this.lastT = e.t;
    switch (e.k) {
      case "open": {
        const conn: Conn = {
          proto: e.proto,
          info: {
            c: e.c,
            url: e.url,
            proto: e.proto,
            role: e.role ?? e.proto,
            open: this.x(e.t),
            close: null,
            frames: 0,
          },
        };
        this.#byId.set(e.c, conn);
        this.connections.push(conn);
        break;
      }
      case "close": {
        const conn = this.#byId.get(e.c);
        if (conn !== undefined) {
          conn.info.close = this.x(e.t);
          if (e.code !== undefined) conn.info.closeCode = e.code;
          conn.info.closeBy = e.by;
          if (e.reason !== undefined) conn.info.closeReason = e.reason;
        }
        if (e.code !== undefined && e.code !== 1000 && e.by !== "local") {
          this.#moment({
            x: this.x(e.t),
            kind: "error",
            c: e.c,
            label: `closed by ${e.by} with ${e.code}${e.reason ? ` ${e.reason}` : ""}`,
          });
        }
        break;
      }
      case "gap":
        this.#moment({
          x: this.x(e.t),
          kind: "gap",
          ...(e.c === undefined ? {} : { c: e.c }),
          label: `gap: ${e.reason}${e.ms === undefined ? "" : ` (${e.ms} ms)`}`,
        });
        break;
      case "mark":
        this.#moment({ x: this.x(e.t), kind: "mark", label: e.label });
        break;
      case "http":
        this.#count("http", e.t);
        if (e.res.body !== undefined) learnContractNames(e.res.body, this.#contractNames);
        if (e.status >= 400) {
          this.#moment({ x: this.x(e.t), kind: "error", label: `HTTP ${e.status} ${e.url}` });
        }
        break;
      case "recv":
      case "send":
        this.#frame(e);
        break;
    }
  }

  #frame(e: Extract<TapeEvent, { k: "recv" | "send" }>): void {
    this.framesTotal++;
    const conn = this.#byId.get(e.c);
    const proto = conn?.proto ?? "raw";
    if (conn !== undefined) conn.info.frames++;
    const text = e.text ?? null;
    const classified: ClassifiedFrame =
      text === null ? { kinds: ["binary"] } : this.#kinds.classify(proto, e.c, e.k, text);
    const { kinds } = classified;
    for (const k of kinds) this.#count(`${conn?.info.role ?? "?"} ${k}`, e.t);
    if (text !== null && e.k === "recv") {
      if (proto === "tradovate") {
        learnContractNames(text, this.#contractNames);
        if (classified.server) this.#quotes("tradovate", serverFrameQuotes(classified.server), e);
      } else if (proto === "trademanager") {
        const tm = classified.tm;
        if (tm?.kind === "message" && tm.type === "DATA") {
          this.#quotes("trademanager", tmDataQuotes(tm), e);
        }
        if (kinds.includes("ERROR")) {
          this.#moment({
            x: this.x(e.t),
            kind: "error",
            c: e.c,
            label: `ERROR ${text.slice(0, 120)}`,
          });
        }
      }
    }
    if (this.frames.length < this.#options.maxFrames) {
      const raw = text ?? `b64:${e.b64 ?? ""}`;
      const cut = raw.length > FRAME_TEXT_CAP;
      const shown = cut ? raw.slice(0, FRAME_TEXT_CAP) : raw;
      const repaired = repairMojibake(shown);
      this.frames.push({
        seq: e.seq,
        time: this.time(e.t),
        c: e.c,
        role: conn?.info.role ?? "?",
        dir: e.k,
        kind: kinds.join(" "),
        raw: shown,
        cut,
        ...(repaired === shown ? {} : { repaired }),
      });
    }
  }

  #quotes(
    venue: "tradovate" | "trademanager",
    quotes: Quote[],
    e: { seq: number; t: number },
  ): void {
    for (const q of quotes) {
      const symbol = q.contractId === undefined ? q.symbol : this.#contractNames.get(q.contractId);
      // A quote before its contract's name is known cannot be placed (the ledger drops it too).
      if (symbol === undefined) continue;
      const prices: { bid?: number; ask?: number; last?: number } = {};
      if (q.bid !== undefined) prices.bid = q.bid;
      if (q.ask !== undefined) prices.ask = q.ask;
      if (q.last !== undefined) prices.last = q.last;
      this.quotes.add(venue, symbol, e.seq, this.x(e.t), prices);
    }
  }

  #count(kind: string, t: number): void {
    let m = this.perSecond.get(kind);
    if (m === undefined) {
      m = new Map();
      this.perSecond.set(kind, m);
    }
    const s = Math.floor(t / 1e6);
    m.set(s, (m.get(s) ?? 0) + 1);
  }

  #moment(m: TimelineMoment): void {
    if (this.moments.length < MAX_MOMENTS) this.moments.push(m);
    else this.momentsDropped++;
  }
}
