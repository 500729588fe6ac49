import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  formatMicros,
  formatMoney,
  formatUsd,
  parseMicros,
  roundToCents,
} from "../../src/pnl/money.js";

describe("formatUsd: the one place money is rounded (to cents, half away from zero)", () => {
  test.each([
    [10_000_000n, "$10.00"],
    [-103_740_000n, "-$103.74"],
    [109_375_000n, "$109.38"],
    [-109_375_000n, "-$109.38"],
    [4_999n, "$0.00"],
    [5_000n, "$0.01"],
    [-5_000n, "-$0.01"],
    [-4_999n, "$0.00"],
    [123_456_789_012_345_678n, "$123456789012.35"],
  ])("%s micros -> %s", (micros, text) => {
    expect(formatUsd(micros)).toBe(text);
  });

  test("formatMoney names non-USD currencies", () => {
    expect(formatMoney(47_509_625n, "USDT")).toBe("47.51 USDT");
    expect(formatMoney(-1_000_000n, "USD")).toBe("-$1.00");
  });

  test("property: rounding to cents is odd-symmetric and off by at most half a cent", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), (m) => {
        const c = roundToCents(m);
        expect(roundToCents(-m)).toBe(-c);
        const err = c * 10_000n - m;
        expect(err <= 5_000n && err >= -5_000n).toBe(true);
        if (c !== 0n)
          expect(formatUsd(-m)).toBe(m > 0n ? `-${formatUsd(m)}` : formatUsd(m).slice(1));
      }),
    );
  });
});

describe("formatMicros / parseMicros", () => {
  test("exact digits, no rounding", () => {
    expect(formatMicros(47_509_625n)).toBe("47.509625");
    expect(formatMicros(109_375_000n)).toBe("109.375");
    expect(formatMicros(-99_000_000n)).toBe("-99.00");
    expect(formatMicros(1n)).toBe("0.000001");
    expect(formatMicros(-1n)).toBe("-0.000001");
  });

  test("parseMicros refuses digits below the micro-unit instead of rounding", () => {
    expect(parseMicros("15.625")).toBe(15_625_000n);
    expect(parseMicros(1.29)).toBe(1_290_000n);
    expect(parseMicros("0.0000001")).toBeNull();
    expect(parseMicros("twelve")).toBeNull();
  });

  test("property: parseMicros(formatMicros(m)) = m", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 24n), max: 10n ** 24n }), (m) => {
        expect(parseMicros(formatMicros(m))).toBe(m);
      }),
    );
  });
});
