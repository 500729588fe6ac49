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
} from "../protocols/tradovate/index.js";
import type { FrameEvent, Role } from "../tape/events.js";
import type { RecordedExchange, RecordedMessage, TradovateConnIndex } from "./recorded.js";

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

/**
 * Builds the index of one Tradovate connection from its frames, in tape order.
 * `contractIdOf` resolves a symbol name to a contract id from elsewhere in the tape.
 */
export function indexTradovateConnection(
  conn: number,
  role: Role,
  openT: number,
  frames: readonly FrameEvent[],
  contractIdOf: (name: string) => number | undefined,
): TradovateConnIndex {
  const out: TradovateConnIndex = {
    conn,
    role,
    openT,
    exchanges: [],
    connectionEvents: [],
    orphans: 0,
  };
  const pending = new Map<number, PendingRequest>();
  const subs: MdSub[] = [];
  const charts = new Map<number, RecordedExchange>();
  let sync: RecordedExchange | undefined;

  for (const f of frames) {
    if (f.text === undefined) continue;
    if (f.k === "send") {
      const req = parseClientFrame(f.text);
      if (req.kind === "request") {
        pending.set(req.id, {
          endpointKey: req.endpointKey,
          query: req.query,
          bodyKey: normaliseBody(req.body),
          body: req.body,
          t: f.t,
        });
      } else if (req.kind === "authorize") {
        pending.set(req.id, {
          endpointKey: "authorize",
          query: "",
          bodyKey: "",
          body: undefined,
          t: f.t,
        });
      }
      continue;
    }
    const frame = parseServerFrame(f.text);
    if (frame.kind !== "messages") continue;
    for (const msg of frame.messages) {
      const rec: RecordedMessage = {
        seq: f.seq,
        t: f.t,
        text: msg.text ?? JSON.stringify(msg.raw),
      };
      if (msg.type === "response") {
        const req = pending.get(msg.i);
        if (!req) continue;
        pending.delete(msg.i);
        const ex: RecordedExchange = {
          conn,
          role,
          endpointKey: req.endpointKey,
          query: req.query,
          bodyKey: req.bodyKey,
          body: req.body,
          requestT: req.t,
          response: msg,
          responseT: f.t,
          followers: [],
        };
        out.exchanges.push(ex);
        const mdKind = MD_SUBSCRIBE[req.endpointKey];
        if (mdKind) {
          const sym = requestSymbol(req.body);
          const id =
            typeof sym === "number" ? sym : sym === undefined ? undefined : contractIdOf(sym);
          subs.push({ kind: mdKind, exchange: ex, contractId: id });
          if (id !== undefined) ex.tag = `${mdKind}:${id}`;
        } else if (req.endpointKey === "md/getchart" && isObject(msg.d)) {
          const { realtimeId, historicalId } = msg.d;
          if (typeof realtimeId === "number") charts.set(realtimeId, ex);
          if (typeof historicalId === "number") charts.set(historicalId, ex);
          ex.tag = `chart:${String(realtimeId)}:${String(historicalId)}`;
        } else if (req.endpointKey === "user/syncrequest") {
          sync = ex;
          ex.tag = "sync";
        }
        continue;
      }
      if (msg.type !== "event") {
        out.orphans++;
        continue;
      }
      const owner = ownerOf(msg, subs, charts, sync);
      if (owner === "connection") out.connectionEvents.push(rec);
      else if (owner === "skip") continue;
      else if (owner) owner.followers.push(rec);
      else out.orphans++;
    }
  }
  return out;
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
