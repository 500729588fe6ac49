/**
 * Faults on demand, seeded and reproducible. A fault plan is a list of {@link FaultSpec}s, written
 * on the CLI as `kind:key=value,...` (see docs/replay.md):
 *
 *   disconnect:after=50,code=1006   disconnect:at=5000,code=3000,reason=Go away!
 *   shutdown:at=3000,reason=Maintenance      stall:at=2000,ms=5000
 *   delay:p=0.1,ms=200   duplicate:p=0.05   reorder:p=0.05   drop:p=0.01   corrupt:p=0.01
 *   token-expiry:at=60000                    (any of them: role=md|trading|replay|trademanager)
 *
 * Times (`at`) count from the connection's open (token-expiry: from the server's start). Each
 * connection draws from its own PRNG, seeded from the plan's seed and the connection's ordinal,
 * so a run is reproducible whatever other clients do. Every fired fault is reported.
 */
import type { EventInput, Role } from "../tape/events.js";

/** The faults tapedeck can inject. */
export const FAULT_KINDS = [
  "disconnect",
  "shutdown",
  "delay",
  "duplicate",
  "reorder",
  "drop",
  "corrupt",
  "stall",
  "token-expiry",
] as const;

/** One kind of fault. */
export type FaultKind = (typeof FAULT_KINDS)[number];

/** One fault of a plan. */
export interface FaultSpec {
  kind: FaultKind;
  /** Only connections of this role (default: all). */
  role?: Role;
  /** Probability per streamed frame (delay, duplicate, reorder, drop, corrupt). */
  p?: number;
  /** Duration: delay of a frame, length of a stall. */
  ms?: number;
  /** When, in ms from the connection's open (token-expiry: the server's start). */
  at?: number;
  /** Disconnect after this many frames sent. */
  after?: number;
  /** Close code of a disconnect or after a shutdown (1006: drop without a close frame). */
  code?: number;
  /** Close reason, or the shutdown's reasonCode. */
  reason?: string;
}

/** A fired fault, as logged. */
export interface FiredFault {
  kind: FaultKind;
  /** The connection's ordinal on this server (1, 2, ...), 0 for server-wide faults. */
  conn: number;
  role?: Role;
  detail: string;
}

const ROLES: readonly Role[] = ["trading", "md", "replay", "trademanager", "other"];
const NUMBER_KEYS = new Set(["p", "ms", "at", "after", "code"]);

/** Parses `kind:key=value,...`; returns the spec or a one-line reason. */
export function parseFault(text: string): FaultSpec | string {
  const colon = text.indexOf(":");
  const kind = (colon < 0 ? text : text.slice(0, colon)).trim();
  if (!(FAULT_KINDS as readonly string[]).includes(kind)) {
    return `unknown fault "${kind}" (one of: ${FAULT_KINDS.join(", ")})`;
  }
  const spec: FaultSpec = { kind: kind as FaultKind };
  const rest = colon < 0 ? "" : text.slice(colon + 1);
  for (const part of rest.split(",").filter((p) => p.trim() !== "")) {
    const eq = part.indexOf("=");
    if (eq < 0) return `fault "${text}": "${part}" is not key=value`;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === "role") {
      if (!(ROLES as readonly string[]).includes(value))
        return `fault "${text}": unknown role "${value}"`;
      spec.role = value as Role;
    } else if (key === "reason") {
      spec.reason = value;
    } else if (NUMBER_KEYS.has(key)) {
      const n = Number(value);
      if (value === "" || !Number.isFinite(n) || n < 0) {
        return `fault "${text}": ${key} must be a number >= 0, got "${value}"`;
      }
      (spec as unknown as Record<string, number>)[key] = n;
    } else {
      return `fault "${text}": unknown key "${key}"`;
    }
  }
  return checkFault(spec, text);
}

function checkFault(spec: FaultSpec, text: string): FaultSpec | string {
  const need = (ok: boolean, what: string) => (ok ? undefined : `fault "${text}": ${what}`);
  const problem = (() => {
    switch (spec.kind) {
      case "disconnect":
        return (
          need(
            spec.after !== undefined || spec.at !== undefined,
            "needs after=<frames> or at=<ms>",
          ) ??
          need(
            spec.code === undefined ||
              spec.code === 1006 ||
              (spec.code >= 1000 && spec.code <= 4999 && ![1004, 1005, 1015].includes(spec.code)),
            "code must be 1000..4999 (1006: drop without a close frame)",
          )
        );
      case "shutdown":
        return need(spec.at !== undefined, "needs at=<ms>");
      case "stall":
        return need(spec.at !== undefined && spec.ms !== undefined, "needs at=<ms> and ms=<ms>");
      case "token-expiry":
        return need(spec.at !== undefined, "needs at=<ms>");
      case "delay":
        return need(spec.ms !== undefined, "needs ms=<ms>") ?? probability(spec.p ?? 1, text);
      default:
        return (
          need(spec.p !== undefined, "needs p=<probability>") ?? probability(spec.p ?? 0, text)
        );
    }
  })();
  return problem ?? spec;
}

function probability(p: number, text: string): string | undefined {
  return p > 0 && p <= 1 ? undefined : `fault "${text}": p must be in (0, 1], got ${p}`;
}

/** A fired fault as a tape `mark` event, for a recorder that keeps what the replay did. */
export function faultMark(f: FiredFault): EventInput {
  return {
    k: "mark",
    label: `fault:${f.kind}`,
    data: { conn: f.conn, ...(f.role !== undefined ? { role: f.role } : {}), detail: f.detail },
  };
}
