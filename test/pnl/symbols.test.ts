import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { InputError } from "../../src/errors.js";
import { DEFAULT_CONTRACTS } from "../../src/pnl/contracts.js";
import { MONTH_CODES } from "../../src/pnl/months.js";
import {
  contractMonthOf,
  expandYear,
  formatTradingView,
  formatTradovate,
  parseSymbol,
  requireSymbol,
  toTradingView,
  toTradovate,
} from "../../src/pnl/symbols.js";
import { ROOTS, rootArb } from "./arbitraries.js";

const at = "2025-11-25T15:00:00Z";

describe("parseSymbol", () => {
  test("Tradovate names: one- and two-digit years, digits kept as data", () => {
    expect(parseSymbol("ESZ5", { at })).toMatchObject({
      kind: "dated",
      root: "ES",
      month: 12,
      year: 2025,
      yearDigits: 1,
    });
    expect(parseSymbol("MNQH6", { at })).toMatchObject({
      kind: "dated",
      root: "MNQ",
      month: 3,
      year: 2026,
    });
    expect(parseSymbol("ESM24", { at })).toMatchObject({
      kind: "dated",
      root: "ES",
      month: 6,
      year: 2024,
      yearDigits: 2,
    });
    expect(parseSymbol("6EH6", { at })).toMatchObject({ root: "6E", month: 3, year: 2026 });
    expect(parseSymbol("M2KZ5", { at })).toMatchObject({ root: "M2K", month: 12 });
    expect(parseSymbol("MCLF6", { at })).toMatchObject({ root: "MCL", month: 1, year: 2026 });
  });

  test("TradingView names: continuous, dated, exchange prefixes, spot pairs", () => {
    expect(parseSymbol("NQ1!")).toMatchObject({ kind: "continuous", root: "NQ", n: 1 });
    expect(parseSymbol("NQ2!")).toMatchObject({ kind: "continuous", root: "NQ", n: 2 });
    expect(parseSymbol("M2K1!")).toMatchObject({ kind: "continuous", root: "M2K", n: 1 });
    expect(parseSymbol("NQZ2025")).toMatchObject({
      kind: "dated",
      root: "NQ",
      year: 2025,
      month: 12,
      yearDigits: 4,
    });
    expect(parseSymbol("CME_MINI:NQ1!")).toMatchObject({
      kind: "continuous",
      root: "NQ",
      exchange: "CME_MINI",
    });
    expect(parseSymbol(" cme_mini:nqz2025 ")).toMatchObject({
      kind: "dated",
      exchange: "CME_MINI",
    });
    expect(parseSymbol("BTCUSDT")).toMatchObject({ kind: "spot", pair: "BTCUSDT" });
    expect(parseSymbol("BINANCE:BTC-USDT")).toMatchObject({
      kind: "spot",
      pair: "BTCUSDT",
      exchange: "BINANCE",
    });
  });

  test("an unknown root is a clear unrecognised result, and an InputError where one is required", () => {
    expect(parseSymbol("XYZZ5")).toEqual({
      kind: "unrecognised",
      raw: "XYZZ5",
      why: expect.stringMatching(/^unknown contract root "XYZ" \(known: /),
    });
    expect(parseSymbol("FOO1!")).toMatchObject({ why: expect.stringContaining('"FOO"') });
    expect(() => requireSymbol("XYZZ5")).toThrow(InputError);
    expect(() => toTradovate("XYZ1!", { at })).toThrow(
      /symbol "XYZ1!": unknown contract root "XYZ"/,
    );
  });

  test("month codes a root does not list, and shapes that are no name, are unrecognised", () => {
    expect(parseSymbol("GCH6")).toMatchObject({
      kind: "unrecognised",
      why: "GC does not list month H",
    });
    for (const bad of ["", "ES", "ESZ", "ESZ123", "ES0!", "ES!", "ESA5", "@ES", "E S Z 5"]) {
      expect(parseSymbol(bad).kind, bad).toBe("unrecognised");
    }
  });

  test("a product from a tape makes its root known", () => {
    const table = DEFAULT_CONTRACTS.withProduct({
      name: "XAE",
      tickSize: 0.05,
      valuePerPoint: 100,
    });
    expect(parseSymbol("XAEZ5", { table, at })).toMatchObject({ kind: "dated", root: "XAE" });
  });

  test("property: total on any text (never throws, always a kind)", () => {
    const nearMiss = fc
      .tuple(
        fc.constantFrom("", "CME_MINI:", "x:", ":"),
        fc.constantFrom(...ROOTS, "XX", "M", ""),
        fc.constantFrom(...MONTH_CODES, "A", "!", "1!", "0!", ""),
        fc.stringMatching(/^\d{0,5}!?$/),
      )
      .map((parts) => parts.join(""));
    fc.assert(
      fc.property(fc.oneof(fc.string(), nearMiss), (s) => {
        const r = parseSymbol(s, { at });
        expect(["dated", "continuous", "spot", "unrecognised"]).toContain(r.kind);
        if (r.kind === "unrecognised") expect(r.raw).toBe(s);
      }),
    );
  });
});

describe("expandYear", () => {
  test("one digit lands in [ref-2, ref+7]; two digits in [ref-50, ref+49]", () => {
    expect(expandYear("5", 2025)).toBe(2025);
    expect(expandYear("3", 2025)).toBe(2023);
    expect(expandYear("2", 2025)).toBe(2032);
    expect(expandYear("24", 2025)).toBe(2024);
    expect(expandYear("2025", 1990)).toBe(2025);
  });

  test("property: the expansion keeps the digits and stays in its window", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1950, max: 2200 }),
        fc.integer({ min: 0, max: 99 }),
        (ref, v) => {
          const one = expandYear(String(v % 10), ref);
          expect(one % 10).toBe(v % 10);
          expect(one >= ref - 2 && one <= ref + 7).toBe(true);
          const two = expandYear(String(v).padStart(2, "0"), ref);
          expect(two % 100).toBe(v);
          expect(two >= ref - 50 && two <= ref + 49).toBe(true);
        },
      ),
    );
  });
});

describe("mapping both ways", () => {
  test("the brief's examples", () => {
    expect(toTradovate("NQ1!", { at })).toBe("NQZ5");
    expect(toTradovate("NQ1!", new Date(at))).toBe("NQZ5");
    expect(toTradingView("NQZ5", "2025-11-25")).toBe("NQZ2025");
    expect(toTradovate("NQ2!", { at })).toBe("NQH6");
    expect(toTradovate("CME_MINI:NQ1!", { at: "2025-12-11" })).toBe("NQH6");
    expect(toTradovate("NQZ2025")).toBe("NQZ5");
    expect(toTradovate("NQZ2025", { yearDigits: 2 })).toBe("NQZ25");
    expect(toTradingView("NQZ5", { at })).toBe("NQZ2025");
    expect(toTradingView("ESM24", { at })).toBe("ESM2024");
    expect(toTradingView("NQZ5", { at, exchange: true })).toBe("CME_MINI:NQZ2025");
    expect(toTradingView("NQ1!", { exchange: true })).toBe("CME_MINI:NQ1!");
    expect(toTradingView("ZNH6", { at, exchange: true })).toBe("CBOT:ZNH2026");
    expect(toTradingView("btcusdt")).toBe("BTCUSDT");
  });

  test("a spot pair has no Tradovate contract month", () => {
    expect(() => toTradovate("BTCUSDT", { at })).toThrow(/spot pair has no contract month/);
  });

  const monthArb = rootArb.chain((root) =>
    fc.record({
      root: fc.constant(root),
      month: fc.constantFrom(...DEFAULT_CONTRACTS.get(root)!.months!),
      year: fc.integer({ min: 2023, max: 2032 }),
    }),
  );

  test("property: format then parse gives the contract month back, in both styles", () => {
    fc.assert(
      fc.property(monthArb, (cm) => {
        expect(contractMonthOf(formatTradovate(cm, 1), { at })).toEqual(cm);
        expect(contractMonthOf(formatTradovate(cm, 2), { at })).toEqual(cm);
        expect(contractMonthOf(formatTradingView(cm), { at })).toEqual(cm);
        expect(contractMonthOf(formatTradingView(cm, "CME"), { at })).toEqual(cm);
      }),
    );
  });

  test("property: Tradovate -> TradingView -> Tradovate is the identity", () => {
    fc.assert(
      fc.property(monthArb, (cm) => {
        const tv = formatTradovate(cm);
        expect(toTradovate(toTradingView(tv, { at }), { at })).toBe(tv);
      }),
    );
  });

  test("property: ROOTn! maps to the n-th front month, and the n-th months are distinct", () => {
    fc.assert(
      fc.property(rootArb, fc.integer({ min: 0, max: 3650 }), (root, days) => {
        const when = new Date(Date.UTC(2024, 0, 1) + days * 86_400_000);
        const names = [1, 2, 3].map((n) =>
          toTradovate(`${root}${n}!`, { at: when, yearDigits: 2 }),
        );
        expect(new Set(names).size).toBe(3);
        const ms = names.map((n) => contractMonthOf(n, { at: when }));
        expect(ms.map((m) => m.year * 12 + m.month)).toEqual(
          [...ms.map((m) => m.year * 12 + m.month)].sort((a, b) => a - b),
        );
      }),
    );
  });
});
