/**
 * Prices as integer ticks. A wire price (a JS number or a numeric string) becomes an exact
 * count of ticks, or an error when it is off the grid: tapedeck never rounds a price into place.
 */

import { InputError } from "../errors.js";
import {
  decimalPlaces,
  divR,
  formatDecimal,
  isNotADecimal,
  mulR,
  parseDecimal,
  type Ratio,
  ratio,
} from "./ratio.js";
import { formatThirtySeconds, parseThirtySeconds } from "./treasury-price.js";

/** How a contract's prices are written: plain decimals, or points-and-32nds (`110-16.5`). */
export type PriceStyle = "decimal" | "32nds";

/** A price grid: the tick size plus what the hot path needs to convert without allocating. */
export interface TickGrid {
  /** Tick size as an exact rational (ZN: 1/64, 6E: 1/20000). */
  readonly size: Ratio;
  /** Decimal places the tick needs (1/64 -> 6), or null when it never terminates. */
  readonly places: number | null;
  readonly style: PriceStyle;
  /** Small numerator/denominator as doubles when the float fast path is provably exact. */
  readonly fast: { readonly num: number; readonly den: number } | null;
}

/** Above this magnitude the fast path is skipped (see `priceToTicks` for the proof). */
const FAST_LIMIT = 1e9;
const FAST_MAX_PLACES = 6;
const FAST_MAX_PART = 2 ** 20;

/** Builds the grid of a tick size. Throws RangeError for a tick that is not positive (a bug). */
export function tickGrid(size: Ratio, style: PriceStyle = "decimal"): TickGrid {
  if (size.num <= 0n) throw new RangeError("tick size must be positive");
  const places = decimalPlaces(size);
  const small = size.num < BigInt(FAST_MAX_PART) && size.den < BigInt(FAST_MAX_PART);
  const fast =
    places !== null && places <= FAST_MAX_PLACES && small
      ? { num: Number(size.num), den: Number(size.den) }
      : null;
  return { size, places, style, fast };
}

/** The result of a price conversion that did not throw. */
export type TicksResult =
  | { readonly ok: true; readonly ticks: bigint }
  | { readonly ok: false; readonly raw: string; readonly why: string };

/**
 * Converts a price to ticks without throwing. Numbers take a float fast path when it is
 * provably exact, otherwise the exact decimal path:
 *
 * Fast path: with |p| < 1e9 and a tick of at most 6 decimal places, t * tick has at most 15
 * significant digits. If the correctly rounded (t * num) / den equals p, then t * tick and
 * String(p) are decimals of at most 15 digits rounding to the same double, and two such
 * decimals are always equal (DBL_DIG = 15). So p is exactly t ticks; when the check fails the
 * exact path decides.
 */
export function tryPriceToTicks(price: number | string, grid: TickGrid): TicksResult {
  const f = grid.fast;
  if (typeof price === "number" && f !== null && price < FAST_LIMIT && price > -FAST_LIMIT) {
    const t = Math.round((price * f.den) / f.num);
    if ((t * f.num) / f.den === price) return { ok: true, ticks: BigInt(t) };
  }
  let value: Ratio;
  if (typeof price === "string" && grid.style === "32nds" && /\d['-]\d/.test(price)) {
    const r = parseThirtySeconds(price);
    if ("why" in r) return { ok: false, raw: price, why: r.why };
    value = r;
  } else {
    const r = parseDecimal(price);
    if (isNotADecimal(r)) return { ok: false, raw: r.raw, why: r.why };
    value = r;
  }
  const t = divR(value, grid.size);
  if (t.den !== 1n) {
    return {
      ok: false,
      raw: String(price),
      why: `not on the tick grid (tick ${formatTick(grid)}: ${formatDecimal(t, 6)} ticks)`,
    };
  }
  return { ok: true, ticks: t.num };
}

/**
 * Converts a price to ticks, or throws an InputError naming the price, the tick and `what`
 * (the symbol, plus a place when the caller knows one).
 */
export function priceToTicks(price: number | string, grid: TickGrid, what: string): bigint {
  const r = tryPriceToTicks(price, grid);
  if (r.ok) return r.ticks;
  throw new InputError(`${what}: price ${JSON.stringify(r.raw)} ${r.why}`, "PRICE");
}

/** The exact price of a tick count, as a rational. */
export function ticksToPrice(ticks: bigint | Ratio, grid: TickGrid): Ratio {
  const t = typeof ticks === "bigint" ? ratio(ticks) : ticks;
  return mulR(t, grid.size);
}

/** The tick size as people write it: `0.25`, `1/64` (0.015625), `0.00005`. */
export function formatTick(grid: TickGrid): string {
  const dec = formatDecimal(grid.size, 10);
  return grid.style === "32nds" ? `${grid.size.num}/${grid.size.den} (${dec})` : dec;
}

/**
 * Writes a price (whole or fractional ticks) the way the contract is quoted: ES `6723.25`,
 * MCL `71.12`, ZN `110-16.5`. Decimal prices show the tick's decimal places; an average price
 * that needs more digits shows them (up to 8, then "…").
 */
export function formatPrice(ticks: bigint | Ratio, grid: TickGrid): string {
  const price = ticksToPrice(ticks, grid);
  if (grid.style === "32nds") return formatThirtySeconds(price);
  const text = formatDecimal(price, Math.max(8, grid.places ?? 0));
  const places = grid.places ?? 0;
  const dot = text.indexOf(".");
  const have = dot < 0 ? 0 : text.length - dot - 1;
  if (have >= places || text.endsWith("…")) return text;
  return `${text}${dot < 0 ? "." : ""}${"0".repeat(places - have)}`;
}
