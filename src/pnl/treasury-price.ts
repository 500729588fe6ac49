/**
 * Treasury futures prices in points and 32nds: `110-16.5` is 110 + 16.5/32 = 110.515625.
 * Traders read and write these, so tapedeck accepts and prints them for ZN and ZB.
 */

import { addR, formatDecimal, type Ratio, ratio } from "./ratio.js";

/** Why a 32nds text was not read (never thrown). */
export interface NotThirtySeconds {
  readonly kind: "unrecognised";
  readonly raw: string;
  readonly why: string;
}

const PLAIN = /^(\d+)['-](\d{1,2})(?:\.(\d+)|(\+))?$/;
/** CME's compact form: two digits of 32nds and one digit of quarters (0, 2, 5, 7). */
const COMPACT = /^(\d+)['-](\d{2})([0257])$/;
const QUARTER: Record<string, bigint> = { "0": 0n, "2": 1n, "5": 2n, "7": 3n };

/**
 * Reads `110-16.5`, `110'16.5`, `110-16+` (half a 32nd), `110-20`, `110-05` and CME's compact
 * `110-165` (16.5) / `110-162` (16.25) into an exact price. Never throws.
 */
export function parseThirtySeconds(text: string): Ratio | NotThirtySeconds {
  const s = text.trim();
  let m = COMPACT.exec(s);
  if (m) {
    const [, whole = "0", t = "0", q = "0"] = m;
    const thirtySeconds = ratio(BigInt(t) * 4n + (QUARTER[q] ?? 0n), 4n);
    return build(text, BigInt(whole), thirtySeconds);
  }
  m = PLAIN.exec(s);
  if (!m) return { kind: "unrecognised", raw: text, why: "not a points-32nds price like 110-16.5" };
  const [, whole = "0", t = "0", frac, plus] = m;
  let thirtySeconds = ratio(BigInt(t));
  if (frac !== undefined) thirtySeconds = ratio(BigInt(t + frac), 10n ** BigInt(frac.length));
  if (plus !== undefined) thirtySeconds = addR(thirtySeconds, ratio(1n, 2n));
  return build(text, BigInt(whole), thirtySeconds);
}

function build(raw: string, whole: bigint, thirtySeconds: Ratio): Ratio | NotThirtySeconds {
  if (thirtySeconds.num >= 32n * thirtySeconds.den) {
    return { kind: "unrecognised", raw, why: "the 32nds part must be below 32" };
  }
  return addR(ratio(whole), ratio(thirtySeconds.num, thirtySeconds.den * 32n));
}

/**
 * Writes a price as points-32nds: 110.515625 -> `110-16.5`, 110.625 -> `110-20`, 110.15625 ->
 * `110-05`. Fractions of a 32nd are written as decimals (`.25`, `.5`, `.75`).
 */
export function formatThirtySeconds(price: Ratio): string {
  const neg = price.num < 0n;
  const a = neg ? ratio(-price.num, price.den) : price;
  const whole = a.num / a.den;
  const rest = ratio((a.num - whole * a.den) * 32n, a.den);
  const t = rest.num / rest.den;
  const frac = ratio(rest.num - t * rest.den, rest.den);
  let text = `${whole}-${t.toString().padStart(2, "0")}`;
  if (frac.num !== 0n) text += formatDecimal(frac, 8).slice(1);
  return `${neg ? "-" : ""}${text}`;
}
