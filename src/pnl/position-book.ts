/**
 * One netted position (an account's contract, or one Trade Manager record): signed quantity,
 * open cost, realized P&L and fees, all as bigint. Quantities are in quantity steps, prices in
 * ticks, money in the instrument's fine unit (see instrument.ts).
 *
 * The invariant every operation keeps, exactly: realized = cash flow + signedCost, where cash
 * flow is what the fills paid and received. Hence realized + unrealized = cash flow +
 * position * mark, whichever matching rule is used.
 */

import type { Instrument } from "./instrument.js";
import { type Ratio, ratio, roundHalfAway } from "./ratio.js";

/** How closing quantity is matched against open quantity. */
export type Matching = "fifo" | "average";

/** A buy or a sell. */
export type Side = "BUY" | "SELL";

/** One piece of closed quantity. */
export interface BookClose {
  /** Quantity steps closed (positive). */
  readonly qty: bigint;
  /** Entry price in ticks: a lot's price (FIFO) or the average price (may be fractional). */
  readonly entryTicks: Ratio;
  readonly exitTicks: bigint;
  /** Realized P&L of this piece, fine units. */
  readonly realized: bigint;
}

/** What one fill did to a book. */
export interface BookFill {
  readonly positionBefore: bigint;
  readonly position: bigint;
  readonly closedQty: bigint;
  readonly openedQty: bigint;
  readonly closes: readonly BookClose[];
  /** Realized P&L this fill added, fine units (0 unless it closed something). */
  readonly realized: bigint;
  /** Fee this fill paid, fine units. */
  readonly fee: bigint;
}

interface Lot {
  /** Remaining quantity steps, always positive; the lot's side is the position's sign. */
  qty: bigint;
  readonly ticks: bigint;
}

const COMPACT_AT = 1024;

/** The smaller of two bigints (Math.min does not take bigints). */
function minBig(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

/** A netted position with FIFO lots or an average price. */
export class PositionBook {
  readonly instrument: Instrument;
  readonly matching: Matching;
  /** Signed quantity steps: long > 0, short < 0. */
  position = 0n;
  /** Signed value of the open quantity at its entry prices, fine units (short: negative). */
  signedCost = 0n;
  /** Realized P&L, fine units, before fees. */
  realized = 0n;
  /** Fees paid, fine units (positive). */
  fees = 0n;
  /** Quantity steps bought and sold, and their value in ticks * steps (Tradovate's *Value). */
  bought = 0n;
  sold = 0n;
  boughtTicks = 0n;
  soldTicks = 0n;
  fills = 0;
  /** FIFO lots from `head` on (a queue without O(n) shifts). */
  #lots: Lot[] = [];
  #head = 0;

  constructor(instrument: Instrument, matching: Matching) {
    this.instrument = instrument;
    this.matching = matching;
  }

  /**
   * Applies one fill of `qty` steps (positive) at `ticks`. `fee` (fine units) replaces the
   * schedule's fee for this fill, e.g. the venue's actual commission, or 0 for a carried-in position.
   */
  apply(side: Side, qty: bigint, ticks: bigint, fee?: bigint): BookFill {
    if (qty <= 0n) throw new RangeError("PositionBook.apply: qty must be positive");
    const tuv = this.instrument.tickUnitValue;
    const before = this.position;
    const dir = side === "BUY" ? 1n : -1n;
    this.fills++;
    if (dir > 0n) {
      this.bought += qty;
      this.boughtTicks += qty * ticks;
    } else {
      this.sold += qty;
      this.soldTicks += qty * ticks;
    }
    const paid = fee ?? this.#fee(qty, ticks);
    this.fees += paid;

    const closes: BookClose[] = [];
    let realized = 0n;
    let closedQty = 0n;
    // Closing part: only when the fill's side is opposite to the position.
    if (before !== 0n && before > 0n !== dir > 0n) {
      const held = before < 0n ? -before : before;
      closedQty = minBig(qty, held);
      const s = before > 0n ? 1n : -1n;
      const exitValue = s * closedQty * ticks * tuv;
      if (this.matching === "fifo") {
        let left = closedQty;
        let removed = 0n;
        while (left > 0n) {
          const lot = this.#lots[this.#head]!;
          const take = minBig(lot.qty, left);
          const cost = s * take * lot.ticks * tuv;
          removed += cost;
          closes.push({
            qty: take,
            entryTicks: ratio(lot.ticks),
            exitTicks: ticks,
            realized: s * take * ticks * tuv - cost,
          });
          lot.qty -= take;
          left -= take;
          if (lot.qty === 0n) this.#head++;
        }
        this.#compact();
        realized = exitValue - removed;
        this.signedCost -= removed;
      } else {
        // Average price: remove the closed share of the cost, rounded half away from zero to
        // the fine unit. The rounding stays in signedCost, so nothing is lost: once flat, the
        // total realized is exactly what FIFO gives.
        const removed = roundHalfAway(this.signedCost * closedQty, held);
        const entry = ratio(this.signedCost, before * tuv);
        realized = exitValue - removed;
        this.signedCost -= removed;
        closes.push({ qty: closedQty, entryTicks: entry, exitTicks: ticks, realized });
      }
      this.realized += realized;
      this.position += dir * closedQty;
    }
    // Opening part: whatever the close did not use, on the fill's side.
    const openedQty = qty - closedQty;
    if (openedQty > 0n) {
      this.position += dir * openedQty;
      this.signedCost += dir * openedQty * ticks * tuv;
      if (this.matching === "fifo") this.#lots.push({ qty: openedQty, ticks });
    }
    if (this.position === 0n) this.signedCost = 0n;
    return {
      positionBefore: before,
      position: this.position,
      closedQty,
      openedQty,
      closes,
      realized,
      fee: paid,
    };
  }

  /** Average entry price of the open quantity in ticks, or null when flat. */
  avgTicks(): Ratio | null {
    if (this.position === 0n) return null;
    return ratio(this.signedCost, this.position * this.instrument.tickUnitValue);
  }

  /**
   * Unrealized P&L at a mark given in ticks (a ratio: a mid price can be half a tick), in fine
   * units as an exact ratio: position * mark - signedCost.
   */
  unrealizedAt(markTicks: Ratio): Ratio {
    const tuv = this.instrument.tickUnitValue;
    return ratio(
      this.position * markTicks.num * tuv - this.signedCost * markTicks.den,
      markTicks.den,
    );
  }

  /** The open FIFO lots, oldest first (empty in average mode), as [qty steps, ticks]. */
  lots(): Array<{ qty: bigint; ticks: bigint }> {
    return this.#lots.slice(this.#head).map((l) => ({ qty: l.qty, ticks: l.ticks }));
  }

  #fee(qty: bigint, ticks: bigint): bigint {
    const fee = this.instrument.fee;
    if (fee.kind === "perUnit") return qty * fee.perUnit;
    const notional = qty * (ticks < 0n ? -ticks : ticks) * this.instrument.tickUnitValue;
    // Exact by construction of the fine unit (instrument.ts); round only as a safety net.
    return roundHalfAway(notional * fee.num, fee.den);
  }

  #compact(): void {
    if (this.#head > COMPACT_AT && this.#head * 2 > this.#lots.length) {
      this.#lots = this.#lots.slice(this.#head);
      this.#head = 0;
    }
  }
}
