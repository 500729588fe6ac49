/** What every check reads: the log, its connections, and when conform stopped the client. */
import { type ConnView, connectionsOf } from "../connections.js";
import type { Observed } from "../observation.js";

/** One run, ready for the checks. */
export interface CheckContext {
  events: readonly Observed[];
  conns: ConnView[];
  /** When conform asked the client to stop (SIGTERM), ms; undefined if it exited first. */
  stopMs: number | undefined;
  /** When the run's log ends, ms. */
  endMs: number;
}

/** Builds the context of a finished run. */
export function checkContext(events: readonly Observed[], stopMs?: number): CheckContext {
  const last = events[events.length - 1];
  return { events, conns: connectionsOf(events), stopMs, endMs: last?.ms ?? 0 };
}

/** When a connection stopped counting: its close, conform's stop, or the end of the log. */
export function endOf(c: ConnView, ctx: CheckContext): number {
  return c.closeMs ?? ctx.stopMs ?? ctx.endMs;
}
