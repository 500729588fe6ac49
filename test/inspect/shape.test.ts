import { test } from "@fast-check/vitest";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type FieldShape,
  jsonTypes,
  MAX_DEPTH,
  presencePercent,
  type Shape,
  ShapeBuilder,
} from "../../src/inspect/shape.js";

function shapeOf(values: unknown[], maxPaths?: number): Shape {
  const b = new ShapeBuilder(maxPaths);
  for (const v of values) b.observe(v);
  return b.result();
}

function field(s: Shape, path: string): FieldShape {
  const f = s.fields.find((x) => x.path === path);
  if (f === undefined)
    throw new Error(`no path ${JSON.stringify(path)} in ${s.fields.map((x) => x.path)}`);
  return f;
}

/** Everything but the examples, which keep the first values seen and so depend on order. */
const counts = (s: Shape) => ({
  messages: s.messages,
  fields: s.fields.map(({ examples: _, ...rest }) => rest),
});

describe("shape inference", () => {
  it("records paths, types, presence and examples", () => {
    const s = shapeOf([
      { type: "DATA", data: { ticker: "ES1!", prices: { bid: 6723, ask: 6723.25 } } },
      { type: "DATA", data: { ticker: "NQ1!", prices: { bid: "24959.00" } } },
      { type: "DATA", data: { ticker: "NQ1!", prices: { bid: 1.5, ask: null } } },
    ]);
    expect(s.messages).toBe(3);
    const bid = field(s, "data.prices.bid");
    expect(bid.types).toEqual({ integer: 1, string: 1, float: 1 });
    expect(jsonTypes(bid.types)).toEqual(["number", "string"]);
    expect(bid.examples).toEqual(["6723", '"24959.00"', "1.5"]);
    const ask = field(s, "data.prices.ask");
    expect(ask).toMatchObject({ seen: 2, of: 3, types: { float: 1, null: 1 } });
    expect(presencePercent(ask)).toBe(66.7);
    expect(field(s, "data.ticker").examples).toEqual(['"ES1!"', '"NQ1!"']);
    expect(field(s, "").of).toBeNull();
    expect(presencePercent(field(s, "type"))).toBe(100);
  });

  it("uses [] for array elements and * for integer-like keys", () => {
    const s = shapeOf([
      { d: { quotes: [{ contractId: 1 }, { contractId: 2, extra: true }] } },
      { d: { histograms: [{ items: { "-14": 3, "2": 5 } }] } },
    ]);
    expect(field(s, "d.quotes[]").of).toBeNull();
    expect(field(s, "d.quotes[].contractId")).toMatchObject({ seen: 2, of: 2 });
    expect(field(s, "d.quotes[].extra")).toMatchObject({ seen: 1, of: 2 });
    expect(field(s, "d.histograms[].items.*")).toMatchObject({ seen: 2, of: null });
    // parents come right before their children
    const paths = s.fields.map((f) => f.path);
    expect(paths.indexOf("d.quotes")).toBeLessThan(paths.indexOf("d.quotes[]"));
    expect(paths.indexOf("d.quotes[]")).toBeLessThan(paths.indexOf("d.quotes[].contractId"));
  });

  it("keeps at most 3 short examples", () => {
    const s = shapeOf(["a", "b", "c", "d", "x".repeat(100)]);
    const root = field(s, "");
    expect(root.examples).toEqual(['"a"', '"b"', '"c"']);
    const long = field(shapeOf(["x".repeat(100)]), "");
    expect(long.examples[0]).toHaveLength(40);
    expect(long.examples[0]?.endsWith("…")).toBe(true);
  });

  it("caps distinct paths and says so", () => {
    const values = Array.from({ length: 50 }, (_, i) => ({ [`k${i}`]: i }));
    const s = shapeOf(values, 10);
    expect(s.fields).toHaveLength(10);
    expect(s.capped).toBe(true);
    expect(s.dropped).toBe(41);
    expect(s.messages).toBe(50);
  });

  it("stops descending below the depth cap instead of overflowing the stack", () => {
    let deep: unknown = 1;
    for (let i = 0; i < 10_000; i++) deep = [deep];
    const s = shapeOf([deep]);
    expect(s.fields).toHaveLength(MAX_DEPTH + 1);
  });

  const permuted = fc
    .array(fc.jsonValue({ maxDepth: 4 }), { maxLength: 12 })
    .chain((values) =>
      fc.tuple(fc.constant(values), fc.shuffledSubarray(values, { minLength: values.length })),
    );
  test.prop([permuted])("counts do not depend on the order of messages", ([values, shuffled]) => {
    expect(counts(shapeOf(shuffled))).toEqual(counts(shapeOf(values)));
  });

  test.prop([fc.array(fc.jsonValue({ maxDepth: 4 }), { maxLength: 8 })])(
    "presence never exceeds 100% and type counts add up to values seen",
    (values) => {
      const s = shapeOf(values);
      for (const f of s.fields) {
        const total = Object.values(f.types).reduce((a, b) => a + (b ?? 0), 0);
        expect(total).toBe(f.seen);
        const p = presencePercent(f);
        if (p !== null) expect(p).toBeLessThanOrEqual(100);
      }
      const root = s.fields.find((f) => f.path === "");
      expect(root?.seen ?? 0).toBe(values.length);
    },
  );

  test.prop([fc.array(fc.anything(), { maxLength: 6 }), fc.integer({ min: 1, max: 20 })])(
    "never throws, whatever the value, and respects the cap",
    (values, maxPaths) => {
      const s = shapeOf(values, maxPaths);
      expect(s.fields.length).toBeLessThanOrEqual(maxPaths);
      expect(s.messages).toBe(values.length);
    },
  );
});
