import { test } from "@fast-check/vitest";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatPath, type PathSegment, parsePath } from "../../src/inspect/path.js";

const segment: fc.Arbitrary<PathSegment> = fc.oneof(
  fc.string({ maxLength: 8 }).map((key) => ({ key })),
  fc.constantFrom("d", "quotes", "Bid", "a.b", "x[y]", '"', "*", "", " ").map((key) => ({ key })),
  fc.constant({ anyKey: true as const }),
  fc.constant({ items: true as const }),
);

describe("paths", () => {
  it("writes the forms the report shows", () => {
    expect(
      formatPath([
        { key: "d" },
        { key: "quotes" },
        { items: true },
        { key: "entries" },
        { key: "Bid" },
        { key: "price" },
      ]),
    ).toBe("d.quotes[].entries.Bid.price");
    expect(formatPath([{ key: "d" }, { key: "items" }, { anyKey: true }])).toBe("d.items.*");
    expect(formatPath([{ key: "a.b" }, { key: "*" }])).toBe('["a.b"]["*"]');
    expect(formatPath([])).toBe("");
    expect(formatPath([{ items: true }, { items: true }])).toBe("[][]");
  });

  test.prop([fc.array(segment, { maxLength: 6 })])("parsePath reads back formatPath", (segs) => {
    const text = formatPath(segs);
    expect(parsePath(text)).toEqual(segs);
  });

  test.prop([fc.string({ maxLength: 30 })])(
    "parsePath never throws; what it reads writes back",
    (s) => {
      const segs = parsePath(s);
      if (segs !== undefined) expect(formatPath(segs)).toBe(s);
    },
  );

  it("refuses texts formatPath never writes", () => {
    for (const bad of [".a", "a.", "a..b", '["a"', "[x]", "a[", "[1]"]) {
      expect(parsePath(bad), bad).toBeUndefined();
    }
  });
});
