/**
 * The client side of the Trade Manager socket for the recorder: `AUTH` on open, `PING` every
 * 25 s (what the web app does), and the two errors after which the web app stops reconnecting.
 */
import type { LiveConnection, SessionHandler } from "../../../live/connection.js";
import { every, type Timers } from "../../../live/timers.js";
import { authMessage, pingMessage } from "../build.js";
import { ERROR_ELSEWHERE, ERROR_UNAUTHORIZED, encodeTmMessage, parseTmFrame } from "../messages.js";

/** The web app's keep-alive period. */
export const TM_PING_MS = 25_000;

/** Who logs in, and the clock. */
export interface TmSessionOptions {
  user: string;
  token: string;
  timers: Timers;
  pingMs?: number;
}

/** Makes the handler for one Trade Manager connection. */
export function tradeManagerSession(o: TmSessionOptions) {
  return (conn: LiveConnection): SessionHandler => {
    let stopPing: (() => void) | undefined;
    return {
      opened() {
        conn.send(encodeTmMessage(authMessage(o.user, o.token)));
        stopPing = every(o.timers, o.pingMs ?? TM_PING_MS, () =>
          conn.send(encodeTmMessage(pingMessage())),
        );
      },
      text(text) {
        const m = parseTmFrame(text);
        if (m.kind === "unrecognised" || m.type !== "ERROR") return;
        const data = m.message;
        if (data.includes(ERROR_ELSEWHERE) || data.includes(ERROR_UNAUTHORIZED)) {
          conn.fatal(`Trade Manager says "${data}"`);
        }
      },
      closed() {
        stopPing?.();
      },
    };
  };
}
