/**
 * One pass over a tape's events, building an {@link InspectReport}. State is bounded: capped
 * lists of kinds, symbols, connections and problems, bounded shapes per kind, and a bounded
 * request-id map per open connection; memory does not grow with the tape's length.
 */
import type { Quote } from "../quotes/index.js";
import type { FrameEvent, OpenEvent, TapeEvent, TapeHeader } from "../tape/events.js";
import type { TornLine } from "../tape/reader.js";
import { channelOf } from "./channel.js";
import { classifyRawText } from "./raw.js";
import {
  type ConnectionInfo,
  type Direction,
  type HttpInfo,
  type InspectReport,
  type KindInfo,
  type ParseFailure,
  type PositionInfo,
  type PriceInfo,
  REPORT_FORMAT,
  type SymbolInfo,
} from "./report.js";
import { MAX_PATHS, ShapeBuilder } from "./shape.js";
import { type FrameSink, NO_VALUE } from "./sink.js";
import { classifyTmFrame } from "./trademanager.js";
import { TradovateConnection } from "./tradovate.js";

/** Limits of an inspection; the defaults keep a report readable and memory flat. */
export interface InspectLimits {
  /** Distinct field paths per kind (default 500). */
  maxPaths?: number;
  /** Distinct (channel, direction, kind) entries (default 2000). */
  maxKinds?: number;
}

const MAX_CONNECTIONS = 1000;
const MAX_SYMBOLS = 1000;
const MAX_FAILURE_GROUPS = 200;
const MAX_FAILURE_EXAMPLES = 3;
const FAILURE_EXAMPLE_CHARS = 160;
const MAX_LISTED = 200;
const MAX_HTTP = 200;
/** Entity types whose props events tell how positions change. */
const POSITION_ENTITIES = new Set(["position", "fill", "fillPair", "cashBalance"]);

interface KindState {
  info: Omit<KindInfo, "shape">;
  shape: ShapeBuilder;
}

interface ConnState {
  channel: string;
  open: OpenEvent;
  info?: ConnectionInfo;
  tradovate?: TradovateConnection;
}

const cut = (text: string, n: number) => (text.length > n ? `${text.slice(0, n - 1)}…` : text);

/** Accumulates one tape's report, event by event. */
export class Inspector {
  readonly #file: string;
  readonly #header: TapeHeader;
  readonly #maxPaths: number;
  readonly #maxKinds: number;
  #firstT: number | undefined;
  #lastT = 0;
  #events = 0;
  readonly #frames = { recv: 0, send: 0, text: 0, binary: 0 };
  readonly #conns = new Map<number, ConnState>();
  readonly #connections: ConnectionInfo[] = [];
  #connectionsLeftOut = 0;
  readonly #kinds = new Map<string, KindState>();
  #kindsLeftOut = 0;
  readonly #prices = new Map<string, PriceInfo & { sourceSet: Set<string> }>();
  readonly #symbols = new Map<string, SymbolInfo>();
  #symbolsLeftOut = 0;
  readonly #positions: PositionInfo = {
    props: {},
    snapshotPositions: 0,
    tmTrades: { frames: 0, rows: 0, maxRows: 0, skipped: 0 },
    tmLogs: {},
  };
  readonly #http = new Map<string, HttpInfo>();
  #marks = 0;
  readonly #failures = new Map<string, ParseFailure>();
  #failuresLeftOut = 0;
  readonly #gaps: InspectReport["problems"]["gaps"] = [];
  readonly #closes: InspectReport["problems"]["closes"] = [];
  #leftOut = 0;
  #orphans = 0;
  #torn: string | undefined;

  constructor(file: string, header: TapeHeader, limits: InspectLimits = {}) {
    this.#file = file;
    this.#header = header;
    this.#maxPaths = limits.maxPaths ?? MAX_PATHS;
    this.#maxKinds = limits.maxKinds ?? 2000;
  }

  /** Takes one event of the tape, in file order. */
  add(e: TapeEvent): void {
    this.#events++;
    this.#firstT ??= e.t;
    this.#lastT = Math.max(this.#lastT, e.t);
    switch (e.k) {
      case "open":
        this.#open(e);
        return;
      case "recv":
      case "send":
        this.#frame(e);
        return;
      case "close": {
        const conn = this.#conns.get(e.c);
        const closed: NonNullable<ConnectionInfo["closed"]> = { t: e.t, by: e.by };
        if (e.code !== undefined) closed.code = e.code;
        if (e.reason !== undefined) closed.reason = e.reason;
        if (conn?.info) conn.info.closed = closed;
        this.#conns.delete(e.c);
        this.#listed(this.#closes, { c: e.c, ...closed });
        return;
      }
      case "gap": {
        const gap: InspectReport["problems"]["gaps"][number] = { t: e.t, reason: e.reason };
        if (e.c !== undefined) gap.c = e.c;
        if (e.ms !== undefined) gap.ms = e.ms;
        this.#listed(this.#gaps, gap);
        return;
      }
      case "http": {
        let path = e.url;
        try {
          path = new URL(e.url).pathname;
        } catch {
          path = e.url.split("?")[0] ?? e.url;
        }
        const key = `${e.method} ${path} ${e.status}`;
        const entry = this.#http.get(key);
        if (entry) entry.count++;
        else if (this.#http.size < MAX_HTTP) {
          this.#http.set(key, { method: e.method, path, status: e.status, count: 1 });
        }
        return;
      }
      case "mark":
        this.#marks++;
    }
  }

  /** Notes the tape's torn end. */
  torn(t: TornLine): void {
    this.#torn = `${t.file}:${t.line}: ${t.reason}`;
  }

  #listed<T>(list: T[], item: T): void {
    if (list.length < MAX_LISTED) list.push(item);
    else this.#leftOut++;
  }

  #open(e: OpenEvent): void {
    const state: ConnState = { channel: channelOf(e), open: e };
    if (e.proto === "tradovate") state.tradovate = new TradovateConnection();
    if (this.#connections.length < MAX_CONNECTIONS) {
      const info: ConnectionInfo = {
        c: e.c,
        url: e.url,
        proto: e.proto,
        channel: state.channel,
        opened: e.t,
        recv: 0,
        sent: 0,
        bytesIn: 0,
        bytesOut: 0,
      };
      if (e.role !== undefined) info.role = e.role;
      this.#connections.push(info);
      state.info = info;
    } else {
      this.#connectionsLeftOut++;
    }
    this.#conns.set(e.c, state);
  }

  #frame(e: FrameEvent): void {
    const dir: Direction = e.k;
    this.#frames[dir]++;
    let conn = this.#conns.get(e.c);
    if (conn === undefined) {
      this.#orphans++;
      // Counted under a channel of its own, read as an unknown protocol.
      conn = {
        channel: `unopened:c${e.c}`,
        open: { seq: 0, t: e.t, k: "open", c: e.c, url: "", proto: "raw" },
      };
      this.#conns.set(e.c, conn);
    }
    const bytes =
      e.text !== undefined ? Buffer.byteLength(e.text, "utf8") : Buffer.byteLength(e.b64, "base64");
    if (conn.info) {
      if (dir === "recv") {
        conn.info.recv++;
        conn.info.bytesIn += bytes;
      } else {
        conn.info.sent++;
        conn.info.bytesOut += bytes;
      }
    }
    const sink = this.#sink(conn.channel, dir, e.t);
    if (e.text === undefined) {
      this.#frames.binary++;
      sink.message(dir === "send" ? "send:binary" : "binary", NO_VALUE);
      return;
    }
    this.#frames.text++;
    if (conn.tradovate) {
      if (dir === "recv") conn.tradovate.recv(e.text, sink);
      else conn.tradovate.send(e.text, sink);
    } else if (conn.open.proto === "trademanager") {
      classifyTmFrame(e.text, dir, sink);
    } else {
      classifyRawText(e.text, dir === "send" ? "send:" : "", sink);
    }
  }

  #sink(channel: string, dir: Direction, t: number): FrameSink {
    return {
      message: (kind, value) => this.#message(channel, dir, kind, value, t),
      failure: (kind, why, raw) => this.#failure(channel, kind, why, raw),
      quotes: (kind, quotes) => this.#quotes(channel, kind, quotes, t),
      props: (entityType, eventType, n) => {
        if (!POSITION_ENTITIES.has(entityType)) return;
        const key = `${entityType}:${eventType}`;
        this.#positions.props[key] = (this.#positions.props[key] ?? 0) + n;
      },
      snapshotPositions: (n) => {
        this.#positions.snapshotPositions += n;
      },
      tmTrades: (rows, skipped) => {
        const tt = this.#positions.tmTrades;
        tt.frames++;
        tt.rows += rows;
        tt.maxRows = Math.max(tt.maxRows, rows);
        tt.skipped += skipped;
      },
      tmLog: (kind) => {
        this.#positions.tmLogs[kind] = (this.#positions.tmLogs[kind] ?? 0) + 1;
      },
    };
  }

  #message(channel: string, dir: Direction, kind: string, value: unknown, t: number): void {
    const key = `${channel}\u0000${dir}\u0000${kind}`;
    let state = this.#kinds.get(key);
    if (state === undefined) {
      if (this.#kinds.size >= this.#maxKinds) {
        this.#kindsLeftOut++;
        return;
      }
      state = {
        info: { channel, dir, kind, count: 0, first: t, last: t },
        shape: new ShapeBuilder(this.#maxPaths),
      };
      this.#kinds.set(key, state);
    }
    state.info.count++;
    state.info.last = t;
    if (value === NO_VALUE) state.shape.count();
    else state.shape.observe(value);
  }

  #failure(channel: string, kind: string, why: string, raw: string): void {
    const key = `${channel}\u0000${kind}\u0000${why}`;
    const group = this.#failures.get(key);
    const example = cut(raw, FAILURE_EXAMPLE_CHARS);
    if (group) {
      group.count++;
      if (group.examples.length < MAX_FAILURE_EXAMPLES && !group.examples.includes(example)) {
        group.examples.push(example);
      }
    } else if (this.#failures.size < MAX_FAILURE_GROUPS) {
      this.#failures.set(key, { channel, kind, why: cut(why, 200), count: 1, examples: [example] });
    } else {
      this.#failuresLeftOut++;
    }
  }

  #quotes(channel: string, kind: string, quotes: readonly Quote[], t: number): void {
    if (quotes.length === 0) return;
    const key = `${channel}\u0000${kind}`;
    let price = this.#prices.get(key);
    if (price === undefined) {
      price = { channel, kind, sources: [], quotes: 0, fields: {}, sourceSet: new Set() };
      this.#prices.set(key, price);
    }
    for (const q of quotes) {
      price.quotes++;
      price.sourceSet.add(q.source);
      for (const f of ["bid", "ask", "last", "bidSize", "askSize"] as const) {
        if (q[f] !== undefined) price.fields[f] = (price.fields[f] ?? 0) + 1;
      }
      const symbol = q.symbol ?? (q.contractId !== undefined ? `#${q.contractId}` : undefined);
      if (symbol === undefined) continue;
      const skey = `${channel}\u0000${symbol}`;
      const s = this.#symbols.get(skey);
      if (s) {
        s.quotes++;
        s.last = t;
      } else if (this.#symbols.size < MAX_SYMBOLS) {
        this.#symbols.set(skey, { channel, symbol, quotes: 1, first: t, last: t });
      } else {
        this.#symbolsLeftOut++;
      }
    }
  }

  /** The report of everything added so far. */
  report(): InspectReport {
    const firstT = this.#firstT ?? 0;
    const header: InspectReport["header"] = {
      id: this.#header.id,
      started: this.#header.started,
      tool: this.#header.tool,
    };
    if (this.#header.label !== undefined) header.label = this.#header.label;
    const byKey = <T extends { channel: string }>(a: T, b: T, ka: string, kb: string) =>
      a.channel === b.channel ? (ka < kb ? -1 : ka > kb ? 1 : 0) : a.channel < b.channel ? -1 : 1;
    const kinds = [...this.#kinds.values()]
      .map((s): KindInfo => ({ ...s.info, shape: s.shape.result() }))
      .sort((a, b) => byKey(a, b, `${a.dir} ${a.kind}`, `${b.dir} ${b.kind}`));
    const prices = [...this.#prices.values()]
      .map(({ sourceSet, ...p }): PriceInfo => ({ ...p, sources: [...sourceSet].sort() }))
      .sort((a, b) => byKey(a, b, a.kind, b.kind));
    const symbols = [...this.#symbols.values()].sort((a, b) =>
      a.channel === b.channel ? b.quotes - a.quotes : a.channel < b.channel ? -1 : 1,
    );
    const problems: InspectReport["problems"] = {
      failures: [...this.#failures.values()].sort((a, b) => b.count - a.count),
      failuresLeftOut: this.#failuresLeftOut,
      gaps: this.#gaps,
      closes: this.#closes,
      leftOut: this.#leftOut,
      orphanFrames: this.#orphans,
    };
    if (this.#torn !== undefined) problems.torn = this.#torn;
    return {
      format: REPORT_FORMAT,
      file: this.#file,
      header,
      firstT,
      lastT: this.#lastT,
      durationUs: this.#lastT - firstT,
      events: this.#events,
      frames: { ...this.#frames },
      connections: this.#connections,
      connectionsLeftOut: this.#connectionsLeftOut,
      kinds,
      kindsLeftOut: this.#kindsLeftOut,
      prices,
      symbols,
      symbolsLeftOut: this.#symbolsLeftOut,
      positions: this.#positions,
      http: [...this.#http.values()],
      marks: this.#marks,
      problems,
      maxPaths: this.#maxPaths,
    };
  }
}
