/**
 * Indexes one recorded Tradovate socket: pairs requests with responses (by request id) and
 * attributes every event to the request it answers, so a replay can play a subscription's data
 * after the client's own subscribe:
 * - md quotes/DOMs/histograms by contractId to the latest subscribe of that kind for the
 *   contract (a symbol is resolved through `contractIdOf`, else by the first unclaimed event of
 *   that kind after the response);
 * - chart packets by id to the `md/getChart` whose response named that realtimeId/historicalId;
 * - props to the latest `user/syncrequest`;
 * - shutdown to the connection itself. Recorded `clock` events are not kept: a replay sends
 *   its own, from the session clock.
 */
import {
  type EventMessage,
  isObject,
  normaliseBody,
  parseClientFrame,
  parseServerFrame,
  type ResponseMessage,
} from "../protocols/tradovate/index.js";
import type { FrameEvent, Role } from "../tape/events.js";
import {
  ArrayFrames,
  type FrameList,
  type FramesBuilder,
  type FramesFactory,
  memoryFrames,
  ONLY_MESSAGE,
} from "./frame-list.js";
import type { RecordedExchange, TradovateConnIndex } from "./recorded.js";

/** The md subscribe endpoints and the md list each one's events carry. */
const MD_SUBSCRIBE: Record<string, "quote" | "dom" | "histogram"> = {
  "md/subscribequote": "quote",
  "md/subscribedom": "dom",
  "md/subscribehistogram": "histogram",
};

interface PendingRequest {
  endpointKey: string;
  query: string;
  bodyKey: string;
  body: unknown;
  t: number;
}

interface MdSub {
  kind: "quote" | "dom" | "histogram";
  exchange: RecordedExchange;
  contractId: number | undefined;
}

/** The symbol of an md request body (`{"symbol":"ESZ5"}` or a contract id). */
export function requestSymbol(body: unknown): string | number | undefined {
  if (!isObject(body)) return undefined;
  const s = body.symbol;
  return typeof s === "string" || typeof s === "number" ? s : undefined;
}

/** Which md list an md event carries first (quotes, doms, histograms) and its contract. */
function mdTarget(e: EventMessage): { kind: MdSub["kind"]; contractId: number } | undefined {
  if (e.e !== "md") return undefined;
  const q = e.quotes?.[0];
  if (q) return { kind: "quote", contractId: q.contractId };
  const d = e.doms?.[0];
  if (d) return { kind: "dom", contractId: d.contractId };
  const h = e.histograms?.[0];
  if (h) return { kind: "histogram", contractId: h.contractId };
  return undefined;
}

/** Where an event's line is in the decompressed tape. */
export interface LineSpan {
  off: number;
  len: number;
}

/**
 * Builds the index of one Tradovate connection from its frames, given one at a time in tape
 * order (so a tape is indexed in one streaming pass). `contractIdOf` resolves a symbol name to
 * a contract id from what the tape said so far; `frames` makes the lists the texts go to.
 */
export class TradovateConnIndexer {
  readonly #out: TradovateConnIndex;
  readonly #contractIdOf: (name: string) => number | undefined;
  readonly #frames: FramesFactory;
  readonly #pending = new Map<number, PendingRequest>();
  readonly #subs: MdSub[] = [];
  readonly #charts = new Map<number, RecordedExchange>();
  readonly #followers = new Map<RecordedExchange, FramesBuilder>();
  readonly #connectionEvents: FramesBuilder;
  #sync: RecordedExchange | undefined;

  constructor(
    conn: number,
    role: Role,
    openT: number,
    contractIdOf: (name: string) => number | undefined,
    frames: FramesFactory = memoryFrames,
  ) {
    this.#contractIdOf = contractIdOf;
    this.#frames = frames;
    this.#connectionEvents = frames();
    this.#out = {
      conn,
      role,
      openT,
      exchanges: [],
      connectionEvents: EMPTY,
      orphans: 0,
    };
  }

  /** The exchanges answered so far (their followers are filled in by {@link done}). */
  get exchanges(): readonly RecordedExchange[] {
    return this.#out.exchanges;
  }

  /** Takes the connection's next frame; `line` is where its event is in the tape. */
  add(f: FrameEvent, line: LineSpan): RecordedExchange | undefined {
    if (f.text === undefined) return undefined;
    if (f.k === "send") {
      this.#request(f);
      return undefined;
    }
    const frame = parseServerFrame(f.text);
    if (frame.kind !== "messages") return undefined;
    let answered: RecordedExchange | undefined;
    const single = frame.messages.length === 1;
    for (let k = 0; k < frame.messages.length; k++) {
      const msg = frame.messages[k]!;
      if (msg.type === "response") {
        answered = this.#response(msg, f) ?? answered;
        continue;
      }
      if (msg.type !== "event") {
        this.#out.orphans++;
        continue;
      }
      const owner = ownerOf(msg, this.#subs, this.#charts, this.#sync);
      if (owner === "skip") continue;
      const list =
        owner === "connection"
          ? this.#connectionEvents
          : owner
            ? this.#followersOf(owner)
            : undefined;
      if (!list) {
        this.#out.orphans++;
        continue;
      }
      const text = msg.text ?? JSON.stringify(msg.raw);
      list.add(f.t, f.seq, text, { off: line.off, len: line.len, part: single ? ONLY_MESSAGE : k });
    }
    return answered;
  }

  /** The connection number was opened again at `t`: its frames continue this index. */
  reopened(t: number): void {
    this.#out.openT = t;
  }

  /** The finished index. */
  done(): TradovateConnIndex {
    for (const [ex, list] of this.#followers) ex.followers = list.done();
    this.#out.connectionEvents = this.#connectionEvents.done();
    return this.#out;
  }

  #followersOf(ex: RecordedExchange): FramesBuilder {
    let list = this.#followers.get(ex);
    if (!list) {
      list = this.#frames();
      this.#followers.set(ex, list);
    }
    return list;
  }

  #request(f: FrameEvent): void {
    const req = parseClientFrame(f.text!);
    if (req.kind === "request") {
      this.#pending.set(req.id, {
        endpointKey: req.endpointKey,
        query: req.query,
        bodyKey: normaliseBody(req.body),
        body: req.body,
        t: f.t,
      });
    } else if (req.kind === "authorize") {
      this.#pending.set(req.id, {
        endpointKey: "authorize",
        query: "",
        bodyKey: "",
        body: undefined,
        t: f.t,
      });
    }
  }

  #response(msg: ResponseMessage, f: FrameEvent): RecordedExchange | undefined {
    const req = this.#pending.get(msg.i);
    if (!req) return undefined;
    this.#pending.delete(msg.i);
    const ex: RecordedExchange = {
      conn: this.#out.conn,
      role: this.#out.role,
      endpointKey: req.endpointKey,
      query: req.query,
      bodyKey: req.bodyKey,
      body: req.body,
      requestT: req.t,
      response: msg,
      responseT: f.t,
      followers: EMPTY,
    };
    this.#out.exchanges.push(ex);
    const mdKind = MD_SUBSCRIBE[req.endpointKey];
    if (mdKind) {
      const sym = requestSymbol(req.body);
      const id =
        typeof sym === "number" ? sym : sym === undefined ? undefined : this.#contractIdOf(sym);
      this.#subs.push({ kind: mdKind, exchange: ex, contractId: id });
      if (id !== undefined) ex.tag = `${mdKind}:${id}`;
    } else if (req.endpointKey === "md/getchart" && isObject(msg.d)) {
      const { realtimeId, historicalId } = msg.d;
      if (typeof realtimeId === "number") this.#charts.set(realtimeId, ex);
      if (typeof historicalId === "number") this.#charts.set(historicalId, ex);
      ex.tag = `chart:${String(realtimeId)}:${String(historicalId)}`;
    } else if (req.endpointKey === "user/syncrequest") {
      this.#sync = ex;
      ex.tag = "sync";
    }
    return ex;
  }
}

const EMPTY: FrameList = new ArrayFrames([]);

/**
 * Builds the index of one Tradovate connection from all its frames, in tape order, texts in
 * memory (for tests and callers that hold the frames already).
 */
export function indexTradovateConnection(
  conn: number,
  role: Role,
  openT: number,
  frames: readonly FrameEvent[],
  contractIdOf: (name: string) => number | undefined,
): TradovateConnIndex {
  const ix = new TradovateConnIndexer(conn, role, openT, contractIdOf);
  for (const f of frames) ix.add(f, { off: 0, len: 0 });
  return ix.done();
}

function ownerOf(
  msg: EventMessage,
  subs: MdSub[],
  charts: Map<number, RecordedExchange>,
  sync: RecordedExchange | undefined,
): RecordedExchange | "connection" | "skip" | undefined {
  switch (msg.e) {
    case "md": {
      const target = mdTarget(msg);
      if (!target) return undefined;
      for (let k = subs.length - 1; k >= 0; k--) {
        const s = subs[k]!;
        if (s.kind === target.kind && s.contractId === target.contractId) return s.exchange;
      }
      const unresolved = subs.find((s) => s.kind === target.kind && s.contractId === undefined);
      if (!unresolved) return undefined;
      unresolved.contractId = target.contractId;
      unresolved.exchange.tag = `${target.kind}:${target.contractId}`;
      return unresolved.exchange;
    }
    case "chart": {
      for (const p of msg.charts) {
        const ex = charts.get(p.id);
        if (ex) return ex;
      }
      return undefined;
    }
    case "props":
      return sync;
    case "clock":
      return "skip";
    default:
      return "connection";
  }
}
