/** The --fees flag: every form it documents, and one-line errors for the rest. */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { InputError } from "../../../src/errors.js";
import { DEFAULT_FEES, NO_FEES } from "../../../src/pnl/fees.js";
import { parseFeeSpec } from "../../../src/pnl/from-tape/fee-spec.js";

describe("parseFeeSpec", () => {
  test("none and default", () => {
    expect(parseFeeSpec("none")).toBe(NO_FEES);
    expect(parseFeeSpec("default")).toBe(DEFAULT_FEES);
  });

  test("classes, roots, spot and pairs on top of the defaults, exactly", () => {
    const s = parseFeeSpec("emini=0.99, micro=0.5,NQ=1.5,spot=0.00075,btcusdt=0.0005");
    expect(s.perClass).toEqual({ micro: 500_000n, emini: 990_000n, standard: 1_790_000n });
    expect(s.perRoot).toEqual({ NQ: 1_500_000n });
    expect(s.spotRate).toEqual({ num: 3n, den: 4000n });
    expect(s.spotRateByPair).toEqual({ BTCUSDT: { num: 1n, den: 2000n } });
  });

  test.each(["emini", "emini=", "=1", "emini=abc", "micro=-1", "no such=1", "NQ=0.0000001"])(
    "%s is an InputError",
    (spec) => {
      expect(() => parseFeeSpec(spec)).toThrow(InputError);
    },
  );

  test("any text either reads or is an InputError, never another error", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (spec) => {
        try {
          parseFeeSpec(spec);
        } catch (err) {
          expect(err).toBeInstanceOf(InputError);
        }
      }),
      { numRuns: 300 },
    );
  });
});
