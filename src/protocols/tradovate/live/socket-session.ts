/**
 * The client side of a Tradovate socket (trading or md) for the recorder: authorize on `o` with
 * the right token, heartbeat `[]` every 2.5 s, then the socket's requests (sync, subscriptions).
 * A reconnect makes a new session, so re-authorize, re-subscribe and re-sync come for free.
 */
import type { LiveConnection, SessionHandler } from "../../../live/connection.js";
import { every, type Timers } from "../../../live/timers.js";
import { parseServerFrame } from "../frames.js";
import { encodeAuthorize, encodeRequest } from "../requests.js";

/** Tradovate's client heartbeat period (spec §2). */
export const CLIENT_HEARTBEAT_MS = 2500;

/** What a session sends once authorized. */
export interface TradovateSessionOptions {
  /** The token to authorize with, read at each connection (renewals change it). */
  token: () => string;
  /** Requests after a successful authorize, in order. */
  requests: () => ReadonlyArray<{ endpoint: string; body?: unknown; query?: string }>;
  timers: Timers;
  heartbeatMs?: number;
  /** Authorize was refused (`s` is the status): the caller may log in again. */
  refused?: (conn: LiveConnection, s: number) => void;
  /** Authorize succeeded. */
  authorized?: () => void;
  /** A request was answered with an error status (kept in the tape; reported here). */
  failed?: (endpoint: string, s: number) => void;
}

/** Makes the handler for one connection. */
export function tradovateSession(o: TradovateSessionOptions) {
  return (conn: LiveConnection): SessionHandler => {
    let nextId = 0;
    let authorizeId = -1;
    const pending = new Map<number, string>();
    let stopHeartbeat: (() => void) | undefined;
    let authorized = false;
    const authorize = () => {
      if (authorizeId >= 0) return;
      authorizeId = nextId++;
      conn.send(encodeAuthorize(authorizeId, o.token()));
    };
    return {
      opened() {
        stopHeartbeat = every(o.timers, o.heartbeatMs ?? CLIENT_HEARTBEAT_MS, () =>
          conn.send("[]"),
        );
      },
      text(text) {
        const frame = parseServerFrame(text);
        if (frame.kind === "open") {
          authorize();
          return;
        }
        if (frame.kind !== "messages") return;
        for (const m of frame.messages) {
          if (m.type !== "response") continue;
          if (m.i === authorizeId && !authorized) {
            if (m.s !== 200) {
              o.refused?.(conn, m.s);
              return;
            }
            authorized = true;
            o.authorized?.();
            for (const r of o.requests()) {
              const id = nextId++;
              pending.set(id, r.endpoint);
              conn.send(encodeRequest(r.endpoint, id, r.query ?? "", r.body));
            }
            continue;
          }
          const endpoint = pending.get(m.i);
          if (endpoint === undefined) continue;
          pending.delete(m.i);
          if (m.s < 200 || m.s >= 300) o.failed?.(endpoint, m.s);
        }
      },
      closed() {
        stopHeartbeat?.();
      },
    };
  };
}
