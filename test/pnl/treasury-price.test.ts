import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { ratio } from "../../src/pnl/ratio.js";
import { formatThirtySeconds, parseThirtySeconds } from "../../src/pnl/treasury-price.js";

describe("points-and-32nds prices", () => {
  test.each([
    ["110-16.5", 7073n, 64n],
    ["110'16.5", 7073n, 64n],
    ["110-16+", 7073n, 64n],
    ["110-165", 7073n, 64n],
    ["110-162", 14145n, 128n],
    ["110-20", 885n, 8n],
    ["110-05", 3525n, 32n],
    ["110-5", 3525n, 32n],
    ["110-00", 110n, 1n],
    ["0-31.75", 127n, 128n],
  ])("%s = %s/%s", (text, num, den) => {
    expect(parseThirtySeconds(text)).toEqual({ num, den });
  });

  test("rejects what is not points-32nds, keeping the text and saying why", () => {
    for (const bad of ["110-32", "110-99.5", "110", "110.5", "-110-16", "abc", "110-16.5.5", ""]) {
      const r = parseThirtySeconds(bad);
      expect("why" in r, bad).toBe(true);
      if ("why" in r) expect(r.raw).toBe(bad);
    }
  });

  test("formats the spec's values", () => {
    expect(formatThirtySeconds(ratio(7073n, 64n))).toBe("110-16.5");
    expect(formatThirtySeconds(ratio(885n, 8n))).toBe("110-20");
    expect(formatThirtySeconds(ratio(3525n, 32n))).toBe("110-05");
    expect(formatThirtySeconds(ratio(14145n, 128n))).toBe("110-16.25");
  });

  test("property: format then parse is the identity on any 1/256 grid price", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 256n * 300n }), (n) => {
        const price = ratio(n, 256n);
        expect(parseThirtySeconds(formatThirtySeconds(price))).toEqual(price);
      }),
    );
  });

  test("property: total on any text", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.stringMatching(/^\d{0,4}['-]?\d{0,4}[.+]?\d{0,3}$/)),
        (s) => {
          const r = parseThirtySeconds(s);
          if ("why" in r) expect(r.raw).toBe(s);
          else expect(r.den > 0n && r.num >= 0n).toBe(true);
        },
      ),
    );
  });
});
