/**
 * Session time: the synthesizer counts integer microseconds from the session start (a tape's
 * `t`) and turns them into the texts each venue writes: Tradovate's ISO timestamps with
 * milliseconds and `Z`, CME trade dates, Trade Manager's America/Chicago wall time.
 */
import type { TradeDate } from "../protocols/tradovate/index.js";

/** Microseconds per millisecond and per second, for readable arithmetic. */
export const MS = 1000;
export const SEC = 1_000_000;

const chicagoParts = new Intl.DateTimeFormat("en-US", {
  timeZone: "America/Chicago",
  hourCycle: "h23",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});

/** The America/Chicago wall-clock fields of an instant. */
function chicago(epochMs: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of chicagoParts.formatToParts(new Date(epochMs))) {
    if (p.type !== "literal") out[p.type] = Number(p.value);
  }
  return out;
}

const pad = (n: number | undefined, width = 2) => String(n ?? 0).padStart(width, "0");

/** A session's clock: its start as epoch ms, and conversions from tape time `t` (µs). */
export class SessionTime {
  readonly startMs: number;

  constructor(startIso: string) {
    this.startMs = Date.parse(startIso);
    if (Number.isNaN(this.startMs)) throw new RangeError(`not a start time: ${startIso}`);
  }

  /** The header's `started`: the start with six decimals, `2026-11-20T14:30:00.000000Z`. */
  get started(): string {
    return `${new Date(this.startMs).toISOString().slice(0, -1)}000Z`;
  }

  /** Epoch ms of tape time `t` (µs), rounded down to the millisecond. */
  epochMs(t: number): number {
    return this.startMs + Math.floor(t / MS);
  }

  /** `2026-11-20T14:30:01.250Z`: Tradovate's timestamp form (ms and Z, always). */
  iso(t: number): string {
    return new Date(this.epochMs(t)).toISOString();
  }

  /** Trade Manager's time form, America/Chicago: `2026-11-20 08:30:01`. */
  chicago(t: number): string {
    const c = chicago(this.epochMs(t));
    return `${c.year}-${pad(c.month)}-${pad(c.day)} ${pad(c.hour)}:${pad(c.minute)}:${pad(c.second)}`;
  }

  /**
   * The CME trade date of tape time `t`: the Chicago calendar day, or the next day from 17:00
   * Chicago time on (the evening session belongs to the next trading day).
   */
  tradeDate(t: number): TradeDate {
    const c = chicago(this.epochMs(t));
    let day = Date.UTC(c.year ?? 1970, (c.month ?? 1) - 1, c.day ?? 1);
    if ((c.hour ?? 0) >= 17) day += 86_400_000;
    const d = new Date(day);
    return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
  }

  /** A trade date as Tradovate's chart `td`, e.g. 20261120. */
  static td(date: TradeDate): number {
    return date.year * 10_000 + date.month * 100 + date.day;
  }
}
