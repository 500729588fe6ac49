import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  addR,
  cmpR,
  decimalPlaces,
  divR,
  formatDecimal,
  isNotADecimal,
  mulR,
  parseDecimal,
  type Ratio,
  ratio,
  roundHalfAway,
  subR,
} from "../../src/pnl/ratio.js";

const bigArb = fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n });
const ratioArb = fc
  .tuple(bigArb, fc.bigInt({ min: 1n, max: 10n ** 12n }))
  .map(([n, d]) => ratio(n, d));

function parsed(v: number | string): Ratio {
  const r = parseDecimal(v);
  if (isNotADecimal(r)) throw new Error(`expected a decimal: ${r.why}`);
  return r;
}

describe("parseDecimal", () => {
  test("reads a number through its shortest decimal text", () => {
    expect(parsed(71.12)).toEqual({ num: 1778n, den: 25n });
    expect(parsed(24958.5)).toEqual({ num: 49917n, den: 2n });
    expect(parsed(110.515625)).toEqual({ num: 7073n, den: 64n });
    expect(parsed(1e21)).toEqual({ num: 10n ** 21n, den: 1n });
    expect(parsed(5e-7)).toEqual({ num: 1n, den: 2_000_000n });
    expect(parsed(-0)).toEqual({ num: 0n, den: 1n });
  });

  test("reads decimal texts exactly, including forms people type", () => {
    expect(parsed("0.1")).toEqual({ num: 1n, den: 10n });
    expect(parsed(" -12.50 ")).toEqual({ num: -25n, den: 2n });
    expect(parsed(".5")).toEqual({ num: 1n, den: 2n });
    expect(parsed("5.")).toEqual({ num: 5n, den: 1n });
    expect(parsed("+3e2")).toEqual({ num: 300n, den: 1n });
    expect(parsed("0.00005")).toEqual({ num: 1n, den: 20000n });
  });

  test("rejects non-decimals with a reason instead of throwing", () => {
    for (const bad of [
      "",
      " ",
      "abc",
      "1.2.3",
      "1e",
      "--1",
      "NaN",
      "Infinity",
      "0x10",
      "1,5",
      "1e999",
    ]) {
      const r = parseDecimal(bad);
      expect(isNotADecimal(r), bad).toBe(true);
      if (isNotADecimal(r)) {
        expect(r.raw).toBe(bad);
        expect(r.why.length).toBeGreaterThan(0);
      }
    }
    expect(isNotADecimal(parseDecimal(Number.NaN))).toBe(true);
    expect(isNotADecimal(parseDecimal(Number.POSITIVE_INFINITY))).toBe(true);
  });

  test("property: every finite double reads back to itself (exact, lossless)", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        const r = parsed(x);
        expect(Number(formatDecimal(r, 400))).toBe(x === 0 ? 0 : x);
      }),
    );
  });

  test("property: a scaled integer written as text reads back exactly", () => {
    fc.assert(
      fc.property(bigArb, fc.integer({ min: 0, max: 20 }), (n, scale) => {
        const r = ratio(n, 10n ** BigInt(scale));
        expect(parsed(formatDecimal(r, 20))).toEqual(r);
      }),
    );
  });

  test("property: total on any text: returns a ratio or an unrecognised result", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^[-+.eE0-9]{0,12}$/)), (s) => {
        const r = parseDecimal(s);
        if (isNotADecimal(r)) {
          expect(r.raw).toBe(s);
          expect(r.why).not.toBe("");
        } else {
          // Whatever it accepts means what JavaScript's own Number() reads it as.
          expect(Number(formatDecimal(r, 400)) === Number(s)).toBe(true);
        }
      }),
    );
  });
});

describe("ratio arithmetic", () => {
  test("normalises sign and common factors; refuses a zero denominator", () => {
    expect(ratio(6n, -4n)).toEqual({ num: -3n, den: 2n });
    expect(() => ratio(1n, 0n)).toThrow(RangeError);
  });

  test("property: (a + b) - b = a, (a * b) / b = a, and cmp agrees with subtraction", () => {
    fc.assert(
      fc.property(ratioArb, ratioArb, (a, b) => {
        expect(subR(addR(a, b), b)).toEqual(a);
        if (b.num !== 0n) expect(divR(mulR(a, b), b)).toEqual(a);
        const d = subR(a, b);
        expect(cmpR(a, b)).toBe(d.num < 0n ? -1 : d.num > 0n ? 1 : 0);
      }),
    );
  });

  test("decimalPlaces: 1/64 -> 6, 1/20000 -> 5, 1/3 -> null", () => {
    expect(decimalPlaces(ratio(1n, 64n))).toBe(6);
    expect(decimalPlaces(ratio(1n, 20000n))).toBe(5);
    expect(decimalPlaces(ratio(7n))).toBe(0);
    expect(decimalPlaces(ratio(1n, 3n))).toBeNull();
  });

  test("formatDecimal marks a non-exact expansion with an ellipsis", () => {
    expect(formatDecimal(ratio(1n, 64n))).toBe("0.015625");
    expect(formatDecimal(ratio(-1n, 3n), 4)).toBe("-0.3333…");
    expect(formatDecimal(ratio(2n, 3n), 2)).toBe("0.67…");
    expect(formatDecimal(ratio(-5n))).toBe("-5");
  });
});

describe("roundHalfAway", () => {
  test("ties go away from zero", () => {
    expect(roundHalfAway(5n, 10n)).toBe(1n);
    expect(roundHalfAway(-5n, 10n)).toBe(-1n);
    expect(roundHalfAway(4n, 10n)).toBe(0n);
    expect(roundHalfAway(-15n, 10n)).toBe(-2n);
    expect(roundHalfAway(7n, -2n)).toBe(-4n);
  });

  test("property: within half of the exact quotient, ties away from zero, odd symmetric", () => {
    fc.assert(
      fc.property(bigArb, fc.bigInt({ min: 1n, max: 10n ** 9n }), (n, d) => {
        const q = roundHalfAway(n, d);
        const err = q * d * 2n - n * 2n; // 2 * d * (q - n/d)
        expect(err <= d && err >= -d).toBe(true);
        if (err === d || err === -d) expect(err > 0n).toBe(n > 0n);
        expect(roundHalfAway(-n, d)).toBe(-q);
      }),
    );
  });
});
