/**
 * Everything conform sees of a run, in order: the replay server's sockets, frames and REST
 * exchanges (through its observer), refused upgrades, conform's own steering, the client's exit.
 * Times are ms since the run started; `seq` numbers each event so a card can point at frames.
 */
import type { ReplayObserver } from "../replay/server.js";
import type { Role } from "../tape/events.js";

/** One thing that happened during a run. */
export type Observed = { seq: number; ms: number } & (
  | { k: "open"; conn: number; role: Role; url: string }
  /** `send`: the client sent it; `recv`: the client received it. */
  | { k: "send" | "recv"; conn: number; text: string }
  | { k: "close"; conn: number; code: number; reason: string; by: "server" | "client" }
  | {
      k: "http";
      method: string;
      /** Path under `/v1`, lower-case, e.g. `auth/accesstokenrequest`. */
      path: string;
      status: number;
      req: string;
      res: string;
      /** Epoch ms when it was answered (token expiry times are epoch). */
      wallMs: number;
    }
  | { k: "refused"; role: Role; url: string }
  | { k: "fault"; kind: string; conn: number; detail: string }
  | { k: "steer"; action: string; conn?: number; role?: Role; detail: string }
  | { k: "exit"; code: number | null; signal: string | null }
);

/** Distributes Omit over the union, so each variant keeps its own fields. */
type Without<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** What callers add; the log stamps `seq` and `ms`. */
export type ObservedInput = Without<Observed, "seq" | "ms">;

/** A run's log, filled while it runs and read by the checks afterwards. */
export interface ObservationLog {
  readonly events: readonly Observed[];
  add(e: ObservedInput): Observed;
  /** ms since the run started. */
  now(): number;
}

/** A log whose clock is `clock` (ms, any origin); the first call fixes the origin. */
export function createObservationLog(
  clock: () => number = () => performance.now(),
): ObservationLog {
  const origin = clock();
  const events: Observed[] = [];
  const now = () => Math.round((clock() - origin) * 10) / 10;
  return {
    events,
    now,
    add(e) {
      const full = { ...e, seq: events.length + 1, ms: now() } as Observed;
      events.push(full);
      return full;
    },
  };
}

/** The path of a REST URL under `/v1`, lower-case. */
export function restPathOf(url: string): string {
  const path = url.replace(/^[a-z]+:\/\/[^/]+/i, "").split("?")[0] ?? "";
  return path
    .replace(/^\/+v1\/+/i, "")
    .replace(/^\/+/, "")
    .toLowerCase();
}

/** Longest text kept of a streamed event frame (a burst would otherwise hold the whole tape). */
export const STREAMED_TEXT_KEPT = 160;

/** The text a log keeps of a frame: all of it, except streamed events sent to the client. */
export function kept(k: "send" | "recv", text: string): string {
  if (k === "send" || !text.startsWith('a[{"e":') || text.length <= STREAMED_TEXT_KEPT) return text;
  return `${text.slice(0, STREAMED_TEXT_KEPT)}…(${text.length} chars)`;
}

/** A replay-server observer that writes into `log`, calling `after` with each new event. */
export function observerInto(log: ObservationLog, after: (e: Observed) => void): ReplayObserver {
  const text = (d: string | Uint8Array) =>
    typeof d === "string" ? d : Buffer.from(d).toString("base64");
  return {
    open: (conn, role, url) => after(log.add({ k: "open", conn, role, url })),
    frame: (conn, k, data) => after(log.add({ k, conn, text: kept(k, text(data)) })),
    closed: (conn, code, reason, by) => after(log.add({ k: "close", conn, code, reason, by })),
    http: (e) =>
      after(
        log.add({
          k: "http",
          method: e.method,
          path: restPathOf(e.url),
          status: e.status,
          req: e.req,
          res: e.res,
          wallMs: Date.now(),
        }),
      ),
    fault: (f) => after(log.add({ k: "fault", kind: f.kind, conn: f.conn, detail: f.detail })),
  };
}
