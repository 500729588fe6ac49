/**
 * Exact rationals on bigint, and exact decimal parsing. Prices, tick sizes and fee rates arrive
 * as decimals (JS numbers or strings); converting them here, instead of multiplying floats, is
 * what keeps every P&L figure exact.
 */

/** An exact rational number: `num / den`, always reduced, `den > 0`. */
export interface Ratio {
  readonly num: bigint;
  readonly den: bigint;
}

/** Why a decimal text could not be read; parsers return this instead of throwing. */
export interface NotADecimal {
  readonly kind: "unrecognised";
  readonly raw: string;
  readonly why: string;
}

const ZERO = 0n;
const ONE = 1n;

function gcd(a: bigint, b: bigint): bigint {
  let x = a < ZERO ? -a : a;
  let y = b < ZERO ? -b : b;
  while (y !== ZERO) {
    const t = x % y;
    x = y;
    y = t;
  }
  return x;
}

/** Builds `num / den` in lowest terms. Throws RangeError on a zero denominator (a bug, not input). */
export function ratio(num: bigint, den: bigint = ONE): Ratio {
  if (den === ZERO) throw new RangeError("ratio: zero denominator");
  if (den < ZERO) {
    num = -num;
    den = -den;
  }
  const g = gcd(num, den);
  return g > ONE ? { num: num / g, den: den / g } : { num, den };
}

/** a + b */
export function addR(a: Ratio, b: Ratio): Ratio {
  return ratio(a.num * b.den + b.num * a.den, a.den * b.den);
}

/** a - b */
export function subR(a: Ratio, b: Ratio): Ratio {
  return ratio(a.num * b.den - b.num * a.den, a.den * b.den);
}

/** a * b */
export function mulR(a: Ratio, b: Ratio): Ratio {
  return ratio(a.num * b.num, a.den * b.den);
}

/** a / b; RangeError when b is zero. */
export function divR(a: Ratio, b: Ratio): Ratio {
  return ratio(a.num * b.den, a.den * b.num);
}

/** -1, 0 or 1 as a is below, equal to or above b. */
export function cmpR(a: Ratio, b: Ratio): -1 | 0 | 1 {
  const d = a.num * b.den - b.num * a.den;
  return d < ZERO ? -1 : d > ZERO ? 1 : 0;
}

/** True when r is a whole number. */
export function isIntegerR(r: Ratio): boolean {
  return r.den === ONE;
}

/** Divides and rounds half away from zero: the one rounding rule tapedeck uses for money. */
export function roundHalfAway(num: bigint, den: bigint): bigint {
  if (den < ZERO) {
    num = -num;
    den = -den;
  }
  const neg = num < ZERO;
  const a = neg ? -num : num;
  const q = (a * 2n + den) / (den * 2n);
  return neg ? -q : q;
}

/** The nearest double to r (correctly rounded while num and den are below 2^53). */
export function toNumberR(r: Ratio): number {
  return Number(r.num) / Number(r.den);
}

const DECIMAL = /^([+-])?(?:(\d+)(?:\.(\d*))?|\.(\d+))(?:[eE]([+-]?\d+))?$/;
/** Exponents beyond this are not prices or quantities; refusing them bounds the bigint work. */
const MAX_EXPONENT = 400;

/**
 * Reads a decimal exactly. A number is read through its shortest round-trip text (`String(n)`),
 * which is the decimal the sender meant: 71.12 becomes 7112/100, never 71.1199999999999974.
 * Accepts `-12`, `0.5`, `.5`, `5.`, `1e-7`, `+3`; rejects NaN, infinities, blanks and anything else.
 */
export function parseDecimal(value: number | string): Ratio | NotADecimal {
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return notDecimal(String(value), "not a finite number");
    return parseDecimalText(String(value)) as Ratio;
  }
  if (typeof value !== "string") return notDecimal(String(value), "not a number or a string");
  return parseDecimalText(value.trim(), value);
}

function parseDecimalText(text: string, raw: string = text): Ratio | NotADecimal {
  const m = DECIMAL.exec(text);
  if (!m) return notDecimal(raw, "not a decimal number");
  const [, sign, whole = "", frac1 = "", frac2 = "", expText = "0"] = m;
  const frac = frac1 || frac2;
  const exp = Number(expText) - frac.length;
  if (Math.abs(exp) > MAX_EXPONENT) return notDecimal(raw, "exponent out of range");
  let num = BigInt(`${whole}${frac}` || "0");
  if (sign === "-") num = -num;
  return exp >= 0 ? ratio(num * 10n ** BigInt(exp), ONE) : ratio(num, 10n ** BigInt(-exp));
}

function notDecimal(raw: string, why: string): NotADecimal {
  return { kind: "unrecognised", raw, why };
}

/** True when a parse result is a failure. */
export function isNotADecimal(r: Ratio | NotADecimal): r is NotADecimal {
  return (r as NotADecimal).kind === "unrecognised";
}

/**
 * Number of decimal places r needs to be written exactly, or null when its expansion does not
 * terminate (1/3). 1/64 needs 6 (0.015625).
 */
export function decimalPlaces(r: Ratio): number | null {
  let d = r.den;
  let twos = 0;
  let fives = 0;
  while (d % 2n === ZERO) {
    d /= 2n;
    twos++;
  }
  while (d % 5n === ZERO) {
    d /= 5n;
    fives++;
  }
  return d === ONE ? Math.max(twos, fives) : null;
}

/**
 * Writes r as a plain decimal. Exact when the expansion terminates within `maxPlaces`; otherwise
 * rounded half away from zero to `maxPlaces` and suffixed with "…" so nobody mistakes it for exact.
 */
export function formatDecimal(r: Ratio, maxPlaces = 12): string {
  const places = decimalPlaces(r);
  const exact = places !== null && places <= maxPlaces;
  const p = exact ? places : maxPlaces;
  const scale = 10n ** BigInt(p);
  const scaled = roundHalfAway(r.num * scale, r.den);
  const neg = scaled < ZERO;
  const digits = (neg ? -scaled : scaled).toString().padStart(p + 1, "0");
  const whole = digits.slice(0, digits.length - p);
  const frac = digits.slice(digits.length - p);
  const body = p > 0 ? `${whole}.${frac}` : whole;
  return `${neg ? "-" : ""}${body}${exact ? "" : "…"}`;
}
