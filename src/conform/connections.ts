/**
 * A run's log regrouped per websocket: what each connection's client sent (parsed Tradovate
 * client frames) and when it opened and closed. Checks read these instead of the raw log.
 */
import { type ClientFrame, parseClientFrame } from "../protocols/tradovate/requests.js";
import type { Role } from "../tape/events.js";
import type { Observed } from "./observation.js";

/** A frame the client sent, parsed. */
export interface SentFrame {
  seq: number;
  ms: number;
  text: string;
  frame: ClientFrame;
}

/** One websocket the client opened. */
export interface ConnView {
  conn: number;
  role: Role;
  openMs: number;
  openSeq: number;
  closeMs?: number;
  closeCode?: number;
  closedBy?: "server" | "client";
  sent: SentFrame[];
  /** Frames the client received: count and times (texts are only kept for answers). */
  recvMs: number[];
  /** Server frames other than `o`, `h` and streamed events: answers and closes. */
  answers: Array<{ seq: number; ms: number; text: string }>;
}

/** True for a frame that is a client heartbeat. */
export function isHeartbeat(f: SentFrame): boolean {
  return f.frame.kind === "heartbeat";
}

/** The connections of a run, in opening order (Trade Manager sockets are left out). */
export function connectionsOf(events: readonly Observed[]): ConnView[] {
  const byConn = new Map<number, ConnView>();
  for (const e of events) {
    switch (e.k) {
      case "open":
        if (e.role === "trademanager") break;
        byConn.set(e.conn, {
          conn: e.conn,
          role: e.role,
          openMs: e.ms,
          openSeq: e.seq,
          sent: [],
          recvMs: [],
          answers: [],
        });
        break;
      case "send": {
        const c = byConn.get(e.conn);
        c?.sent.push({ seq: e.seq, ms: e.ms, text: e.text, frame: parseClientFrame(e.text) });
        break;
      }
      case "recv": {
        const c = byConn.get(e.conn);
        if (!c) break;
        c.recvMs.push(e.ms);
        if (e.text.startsWith("c[") || (e.text.startsWith("a[") && e.text.includes('"i":')))
          c.answers.push({ seq: e.seq, ms: e.ms, text: e.text });
        break;
      }
      case "close": {
        const c = byConn.get(e.conn);
        if (c && c.closeMs === undefined) {
          c.closeMs = e.ms;
          c.closeCode = e.code;
          c.closedBy = e.by;
        }
        break;
      }
      default:
        break;
    }
  }
  return [...byConn.values()];
}

/** Requests (not heartbeats, not authorize) a connection sent, with their endpoint keys. */
export function requestsOf(c: ConnView): Array<SentFrame & { key: string; id: number }> {
  const out: Array<SentFrame & { key: string; id: number }> = [];
  for (const s of c.sent) {
    if (s.frame.kind === "request") out.push({ ...s, key: s.frame.endpointKey, id: s.frame.id });
  }
  return out;
}

/** The `authorize` frame of a connection, if it sent one. */
export function authorizeOf(c: ConnView): SentFrame | undefined {
  return c.sent.find((s) => s.frame.kind === "authorize");
}

/** True for the roles that carry user data (and so must sync). */
export function isTradingRole(role: Role): boolean {
  return role === "trading" || role === "replay";
}

/** `c3 md` — how cards name a connection. */
export function connName(c: Pick<ConnView, "conn" | "role">): string {
  return `conn ${c.conn} (${c.role})`;
}

/** `12.3 s` — how cards print a run time. */
export function secs(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}
