/** fast-check arbitraries shared by the P&L tests. */

import fc from "fast-check";
import { DEFAULT_CONTRACTS } from "../../src/pnl/contracts.js";
import type { Side } from "../../src/pnl/position-book.js";
import { formatDecimal, mulR, ratio } from "../../src/pnl/ratio.js";

/** Every root of the built-in table. */
export const ROOTS = DEFAULT_CONTRACTS.specs().map((s) => s.root);

/** A root of the built-in table. */
export const rootArb = fc.constantFrom(...ROOTS);

/** BUY or SELL. */
export const sideArb: fc.Arbitrary<Side> = fc.constantFrom("BUY", "SELL");

/** A fill in contracts and ticks, around a price level so positions open and close often. */
export interface TickFill {
  side: Side;
  qty: number;
  ticks: number;
}

/** A futures fill: 1..5 contracts at a tick count in [base - spread, base + spread]. */
export function tickFillArb(base = 20_000, spread = 400): fc.Arbitrary<TickFill> {
  return fc.record({
    side: sideArb,
    qty: fc.integer({ min: 1, max: 5 }),
    ticks: fc.integer({ min: base - spread, max: base + spread }),
  });
}

/** The wire price (a JS number, as a venue sends it) of a tick count on a root's grid. */
export function priceOf(root: string, ticks: number | bigint): number {
  const spec = DEFAULT_CONTRACTS.get(root);
  if (!spec) throw new Error(`no root ${root}`);
  return Number(formatDecimal(mulR(ratio(BigInt(ticks)), spec.grid.size), 20));
}

/** The sign of a side: BUY +1, SELL -1. */
export function signOf(side: Side): bigint {
  return side === "BUY" ? 1n : -1n;
}
