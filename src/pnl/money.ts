/**
 * Money as integer micro-units of a currency (1 USD = 1,000,000 µ$). bigint, not number: a
 * session's notional easily passes 2^53 µ$ (9 billion dollars is only 9e15 µ$, but sums of
 * qty * price * tick value in intermediate steps do not stay that small), and bigint makes
 * accidental float arithmetic a type error instead of a silent rounding.
 */

import { isNotADecimal, parseDecimal, ratio, roundHalfAway } from "./ratio.js";

/** An amount in micro-units of its currency (µ$ for USD, µUSDT for USDT). */
export type Micros = bigint;

/** Micro-units per unit of currency. */
export const MICROS_PER_UNIT = 1_000_000n;

/** Currencies a P&L figure can be in. Futures settle in USD; crypto spot in its quote currency. */
export type Currency = "USD" | "USDT" | "USDC";

/**
 * Reads a decimal amount of currency ("12.50", 15.625) into exact micro-units, or null when it
 * is not a decimal or has digits below the micro-unit (money is never silently rounded).
 */
export function parseMicros(value: number | string): Micros | null {
  const r = parseDecimal(value);
  if (isNotADecimal(r)) return null;
  const m = ratio(r.num * MICROS_PER_UNIT, r.den);
  return m.den === 1n ? m.num : null;
}

/** Rounds micro-units to whole cents, half away from zero (-0.005 -> -0.01). */
export function roundToCents(micros: Micros): bigint {
  return roundHalfAway(micros, 10_000n);
}

/**
 * Formats micro-dollars for people: `$10.00`, `-$103.74`, `$109.38` (from $109.375). This is
 * the only place a money figure is rounded, half away from zero, to cents.
 */
export function formatUsd(micros: Micros): string {
  const cents = roundToCents(micros);
  const neg = cents < 0n;
  const a = neg ? -cents : cents;
  return `${neg ? "-" : ""}$${a / 100n}.${(a % 100n).toString().padStart(2, "0")}`;
}

/** Formats an amount rounded to cents with its currency: `$10.00`, `47.51 USDT`. */
export function formatMoney(micros: Micros, currency: Currency = "USD"): string {
  if (currency === "USD") return formatUsd(micros);
  const usd = formatUsd(micros);
  return `${usd.replace("$", "")} ${currency}`;
}

/**
 * Formats micro-units exactly, with no rounding and no trailing zeros beyond the cents:
 * `47.509625`, `109.375`, `-99.00`. For reports that must show every digit the ledger holds.
 */
export function formatMicros(micros: Micros): string {
  const neg = micros < 0n;
  const a = neg ? -micros : micros;
  let frac = (a % MICROS_PER_UNIT).toString().padStart(6, "0").replace(/0+$/, "");
  if (frac.length < 2) frac = frac.padEnd(2, "0");
  return `${neg ? "-" : ""}${a / MICROS_PER_UNIT}.${frac}`;
}
