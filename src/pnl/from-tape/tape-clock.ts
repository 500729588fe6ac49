/**
 * Tape time for findings: every fill, mark and disagreement is located by the event's `seq`
 * and `t` and, for people, the wall-clock time `started + t`.
 */
import { formatStarted } from "../../tape/writer.js";

/** Where in a tape something happened. */
export interface TapeMoment {
  readonly seq: number;
  /** Microseconds since the header's `started`. */
  readonly t: number;
  /** `started + t` as ISO 8601 with microseconds, or `t=<seconds>s` when `started` is unreadable. */
  readonly time: string;
}

const STARTED = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))?Z$/;

/** The header's `started` as microseconds since the epoch, or null when it is not UTC ISO. */
export function startedMicros(started: string): number | null {
  const m = STARTED.exec(started);
  if (m === null) return null;
  const ms = Date.parse(`${m[1]}Z`);
  if (Number.isNaN(ms)) return null;
  return ms * 1000 + Number((m[2] ?? "").padEnd(6, "0"));
}

/** A function that locates events of a tape that started at `started`. */
export function tapeClock(started: string): (seq: number, t: number) => TapeMoment {
  const origin = startedMicros(started);
  return (seq, t) => ({
    seq,
    t,
    // Integer µs since the epoch stay far below 2^53 until the year 2255.
    time: origin === null ? `t=${(t / 1e6).toFixed(6)}s` : formatStarted(origin + t),
  });
}
