import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { InputError } from "../../src/errors.js";
import { DEFAULT_CONTRACTS } from "../../src/pnl/contracts.js";
import { divR, formatDecimal, isNotADecimal, parseDecimal, ratio } from "../../src/pnl/ratio.js";
import { formatPrice, priceToTicks, tickGrid, tryPriceToTicks } from "../../src/pnl/ticks.js";
import { priceOf, rootArb } from "./arbitraries.js";

const grid = (root: string) => DEFAULT_CONTRACTS.get(root)!.grid;

describe("priceToTicks", () => {
  test.each([
    ["NQ", 24958.5, 99834n],
    ["ES", 6723.25, 26893n],
    ["MCL", 71.12, 7112n],
    ["MCL", 71.45, 7145n],
    ["ZN", 110.515625, 7073n],
    ["ZB", 110.5, 3536n],
    ["6E", 1.08765, 21753n],
    ["SI", 32.115, 6423n],
    ["BTC", 67250, 13450n],
    ["MET", 2500.5, 5001n],
    ["CL", -37.63, -3763n],
  ] as const)("%s %s -> %s ticks", (root, price, ticks) => {
    expect(priceToTicks(price, grid(root), root)).toBe(ticks);
    expect(priceToTicks(String(price), grid(root), root)).toBe(ticks);
  });

  test("a price off the grid is an InputError naming price, tick and symbol, never a rounding", () => {
    const err = (() => {
      try {
        priceToTicks(6723.1, grid("ES"), "ESZ5");
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).exitCode).toBe(2);
    expect((err as InputError).message).toBe(
      'ESZ5: price "6723.1" not on the tick grid (tick 0.25: 26892.4 ticks)',
    );
    expect(() => priceToTicks("110-16.25", grid("ZB"), "ZBH6")).toThrow(/tick 1\/32 \(0.03125\)/);
    expect(() => priceToTicks("abc", grid("ES"), "ES")).toThrow(/not a decimal/);
  });

  test("float noise is off the grid too: 0.1 + 0.2 is not 0.3", () => {
    const g = tickGrid(ratio(1n, 10n));
    expect(tryPriceToTicks(0.3, g)).toEqual({ ok: true, ticks: 3n });
    expect(tryPriceToTicks(0.1 + 0.2, g).ok).toBe(false);
  });

  test("property: the float fast path and the exact path agree on every on-grid price", () => {
    fc.assert(
      fc.property(rootArb, fc.integer({ min: -50_000_000, max: 50_000_000 }), (root, t) => {
        const price = priceOf(root, t);
        expect(priceToTicks(price, grid(root), root)).toBe(BigInt(t));
        expect(priceToTicks(String(price), grid(root), root)).toBe(BigInt(t));
      }),
    );
  });

  test("property: a decimal is accepted exactly when it is a whole number of ticks", () => {
    const decimalText = fc
      .tuple(fc.integer({ min: -10_000_000, max: 10_000_000 }), fc.integer({ min: 0, max: 6 }))
      .map(([n, places]) => formatDecimal(ratio(BigInt(n), 10n ** BigInt(places)), 6));
    fc.assert(
      fc.property(rootArb, decimalText, fc.boolean(), (root, text, asNumber) => {
        const value = parseDecimal(text);
        if (isNotADecimal(value)) throw new Error(text);
        const exact = divR(value, grid(root).size);
        const r = tryPriceToTicks(asNumber ? Number(text) : text, grid(root));
        expect(r.ok).toBe(exact.den === 1n);
        if (r.ok) expect(r.ticks).toBe(exact.num);
      }),
    );
  });

  test("property: total: any number or text gives ticks or a reason, never an exception", () => {
    fc.assert(
      fc.property(
        rootArb,
        fc.oneof(fc.double(), fc.string(), fc.stringMatching(/^\d{1,4}['-]\d{1,3}(\.\d)?\+?$/)),
        (root, v) => {
          const r = tryPriceToTicks(v, grid(root));
          if (!r.ok) expect(r.why.length).toBeGreaterThan(0);
        },
      ),
    );
  });
});

describe("formatPrice", () => {
  test("decimal contracts show the tick's places; averages show what they need", () => {
    expect(formatPrice(26892n, grid("ES"))).toBe("6723.00");
    expect(formatPrice(7112n, grid("MCL"))).toBe("71.12");
    expect(formatPrice(21753n, grid("6E"))).toBe("1.08765");
    expect(formatPrice(13450n, grid("BTC"))).toBe("67250");
    expect(formatPrice(ratio(84020n * 2n + 1n, 2n), grid("MNQ"))).toBe("21005.125");
    expect(formatPrice(ratio(80_674n, 3n), grid("ES"))).toBe("6722.83333333…");
  });

  test("treasuries print in 32nds", () => {
    expect(formatPrice(7073n, grid("ZN"))).toBe("110-16.5");
    expect(formatPrice(3536n, grid("ZB"))).toBe("110-16");
  });

  test("property: formatting then parsing a price gives the same ticks, for every root", () => {
    fc.assert(
      fc.property(rootArb, fc.integer({ min: 0, max: 50_000_000 }), (root, t) => {
        const text = formatPrice(BigInt(t), grid(root));
        expect(priceToTicks(text, grid(root), root)).toBe(BigInt(t));
      }),
    );
  });
});
