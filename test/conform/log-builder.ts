/** Builds observation logs by hand, on a clock the test moves, for the checks' tests. */
import { createObservationLog, type ObservationLog } from "../../src/conform/observation.js";
import type { Role } from "../../src/tape/events.js";

/** A log plus a settable clock (ms). */
export interface Builder {
  log: ObservationLog;
  at(ms: number): Builder;
  open(conn: number, role?: Role): Builder;
  send(conn: number, text: string): Builder;
  recv(conn: number, text: string): Builder;
  close(conn: number, code: number, by: "server" | "client"): Builder;
  http(path: string, req: unknown, res: unknown, status?: number, wallMs?: number): Builder;
  steer(action: string, conn?: number, role?: Role): Builder;
  refused(role: Role): Builder;
}

/** A fresh builder at ms 0. */
export function builder(): Builder {
  let now = 0;
  const log = createObservationLog(() => now);
  const b: Builder = {
    log,
    at(ms) {
      now = ms;
      return b;
    },
    open(conn, role = "trading") {
      log.add({ k: "open", conn, role, url: `ws://127.0.0.1/${role}` });
      return b;
    },
    send(conn, text) {
      log.add({ k: "send", conn, text });
      return b;
    },
    recv(conn, text) {
      log.add({ k: "recv", conn, text });
      return b;
    },
    close(conn, code, by) {
      log.add({ k: "close", conn, code, reason: "", by });
      return b;
    },
    http(path, req, res, status = 200, wallMs = 1_000_000 + now) {
      log.add({
        k: "http",
        method: "POST",
        path,
        status,
        req: JSON.stringify(req),
        res: JSON.stringify(res),
        wallMs,
      });
      return b;
    },
    steer(action, conn, role) {
      log.add({
        k: "steer",
        action,
        detail: action,
        ...(conn !== undefined ? { conn } : {}),
        ...(role !== undefined ? { role } : {}),
      });
      return b;
    },
    refused(role) {
      log.add({ k: "refused", role, url: "/" });
      return b;
    },
  };
  return b;
}

/** `authorize\n0\n\ntoken`. */
export const AUTH = "authorize\n0\n\ntok";
/** A request frame. */
export const req = (endpoint: string, id: number, body: unknown = {}) =>
  `${endpoint}\n${id}\n\n${JSON.stringify(body)}`;
