/** The option parsers: what they read, and that anything else is one InputError, never a crash. */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { InputError } from "../../src/errors.js";
import {
  checkOptions,
  DEFAULT_SYNTH_OPTIONS,
  parseDuration,
  parseStart,
  parseSymbols,
  parseWhole,
} from "../../src/synth/index.js";

/** Runs `f`; anything thrown must be an InputError. */
function total(f: () => unknown): void {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
  }
}

describe("parseDuration", () => {
  test("reads every unit, a bare number is seconds", () => {
    expect(parseDuration("250ms")).toBe(250);
    expect(parseDuration("90s")).toBe(90_000);
    expect(parseDuration("90")).toBe(90_000);
    expect(parseDuration("5m")).toBe(300_000);
    expect(parseDuration("1.5h")).toBe(5_400_000);
    expect(parseDuration(" 2m ")).toBe(120_000);
  });

  test("n of a unit is n times the unit", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 240 }),
        fc.constantFrom(["s", 1000], ["m", 60_000]),
        (n, [unit, ms]) => {
          expect(parseDuration(`${n}${unit}`)).toBe(n * (ms as number));
        },
      ),
    );
  });

  test("refuses zero, more than 4 h and anything that is not a duration", () => {
    for (const bad of ["0", "0s", "5h", "4.5h", "-5m", "5 minutes", "", "m", "1e3s"]) {
      expect(() => parseDuration(bad)).toThrow(InputError);
    }
    fc.assert(fc.property(fc.string(), (s) => total(() => parseDuration(s))));
  });
});

describe("parseSymbols and the other flags", () => {
  test("roots are trimmed and upper-cased; unknown roots and roots without a roll rule refused", () => {
    expect(parseSymbols(" es, mnq ,CL")).toEqual(["ES", "MNQ", "CL"]);
    expect(() => parseSymbols("ES,ZZ")).toThrow(/unknown futures root "ZZ"/);
    expect(() => parseSymbols(",")).toThrow(/expected roots/);
    fc.assert(fc.property(fc.string(), (s) => total(() => parseSymbols(s))));
  });

  test("whole numbers, start times and option sets", () => {
    expect(parseWhole("7", "--seed", 0, 10)).toBe(7);
    expect(() => parseWhole("7.5", "--seed", 0, 10)).toThrow(InputError);
    expect(parseStart("2026-11-20T14:30:00Z")).toBe("2026-11-20T14:30:00Z");
    expect(() => parseStart("2026-11-20 14:30")).toThrow(InputError);
    expect(() => parseStart("2026-13-40T14:30:00Z")).toThrow(InputError);
    expect(checkOptions(DEFAULT_SYNTH_OPTIONS)).toBe(DEFAULT_SYNTH_OPTIONS);
    expect(() => checkOptions({ ...DEFAULT_SYNTH_OPTIONS, strategies: 0 })).toThrow(InputError);
    expect(() => checkOptions({ ...DEFAULT_SYNTH_OPTIONS, durationMs: 1.5 })).toThrow(InputError);
    expect(() => checkOptions({ ...DEFAULT_SYNTH_OPTIONS, symbols: ["BTCUSDT"] })).toThrow(
      InputError,
    );
    fc.assert(fc.property(fc.string(), (s) => total(() => parseStart(s))));
  });
});
