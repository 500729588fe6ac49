/**
 * Marks: which price an open position is valued at. Always stated, never implied:
 * - `bidask`: liquidation value: a long at the bid, a short at the ask. Executable and
 *   conservative, and what Trade Manager shows. The default.
 * - `last`: the last trade price (Tradovate's open P&L uses a price against netPrice).
 * - `mid`: halfway between bid and ask (may be half a tick).
 * When the chosen mark's price is missing (Trade Manager DATA frames carry no last trade), the
 * next available one in a fixed order is used and the result says so.
 */

import { type Ratio, ratio } from "./ratio.js";

/** The marks a snapshot can use. */
export type MarkKind = "bidask" | "last" | "mid";

/** The latest prices known for one symbol, in ticks; undefined when never seen. */
export interface QuoteTicks {
  bid: bigint | undefined;
  ask: bigint | undefined;
  last: bigint | undefined;
  /** When the latest of them arrived, as the caller gave it. */
  time: string | number | undefined;
}

/** The order in which marks stand in for a missing one. */
const FALLBACKS: Readonly<Record<MarkKind, readonly MarkKind[]>> = {
  bidask: ["bidask", "last", "mid"],
  last: ["last", "mid", "bidask"],
  mid: ["mid", "last", "bidask"],
};

/** The price a mark gives a position of this sign, in ticks, or null when it lacks a price. */
export function markPrice(q: QuoteTicks, kind: MarkKind, position: bigint): Ratio | null {
  switch (kind) {
    case "bidask": {
      const p = position > 0n ? q.bid : q.ask;
      return p === undefined ? null : ratio(p);
    }
    case "last":
      return q.last === undefined ? null : ratio(q.last);
    case "mid":
      return q.bid === undefined || q.ask === undefined ? null : ratio(q.bid + q.ask, 2n);
  }
}

/** The mark actually used for a position, with the reason when it is not the one asked for. */
export interface MarkChoice {
  readonly used: MarkKind;
  readonly ticks: Ratio;
  /** Set when `used` differs from the requested mark, e.g. `no last for NQ1!: used bidask`. */
  readonly fallback?: string;
}

/**
 * Picks the mark for a non-flat position: the requested one when its price is known, otherwise
 * the first available in the fallback order. Null when no price at all is known.
 */
export function chooseMark(
  q: QuoteTicks | undefined,
  requested: MarkKind,
  position: bigint,
  symbol: string,
): MarkChoice | null {
  if (q === undefined) return null;
  for (const kind of FALLBACKS[requested]) {
    const ticks = markPrice(q, kind, position);
    if (ticks === null) continue;
    if (kind === requested) return { used: kind, ticks };
    return {
      used: kind,
      ticks,
      fallback: `no ${missing(requested, position)} for ${symbol}: used ${kind}`,
    };
  }
  return null;
}

function missing(kind: MarkKind, position: bigint): string {
  if (kind === "bidask") return position > 0n ? "bid" : "ask";
  if (kind === "mid") return "two-sided quote";
  return "last";
}
