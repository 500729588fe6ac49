import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FieldReader, plainDecimal, wireNumber } from "../../../src/protocols/trademanager/json.js";

describe("plainDecimal", () => {
  it("writes every finite double as a plain decimal that reads back as the same number", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (n) => {
        const text = plainDecimal(n);
        expect(text).toMatch(/^-?\d+(\.\d+)?$/);
        expect(Number(text)).toBe(n === 0 ? 0 : n);
      }),
      { numRuns: 1000 },
    );
  });

  it("expands exponents both ways", () => {
    expect(plainDecimal(1e-7)).toBe("0.0000001");
    expect(plainDecimal(-2.5e-8)).toBe("-0.000000025");
    expect(plainDecimal(1.5e21)).toBe("1500000000000000000000");
    expect(plainDecimal(6723.25)).toBe("6723.25");
    expect(plainDecimal(-0)).toBe("0");
  });
});

describe("wireNumber", () => {
  it("reads numbers and plain decimal strings, keeping the string's text", () => {
    expect(wireNumber(6723)).toEqual({ value: 6723, text: "6723" });
    expect(wireNumber("6723.00")).toEqual({ value: 6723, text: "6723.00" });
    expect(wireNumber("-0.25")).toEqual({ value: -0.25, text: "-0.25" });
  });

  it("refuses anything else", () => {
    for (const bad of [
      "",
      " 1",
      "1e5",
      "0x10",
      "1.",
      ".5",
      "NaN",
      Number.NaN,
      Infinity,
      null,
      true,
      [1],
      {},
    ]) {
      expect(wireNumber(bad)).toBeUndefined();
    }
  });
});

describe("FieldReader", () => {
  it("keeps the first problem and names the field with its path", () => {
    const r = new FieldReader({ bid: "abc", ask: [] }, "DATA", "data.prices.");
    expect(r.number("bid", false)).toBeUndefined();
    expect(r.number("ask", false)).toBeUndefined();
    expect(r.problem).toBe('DATA: "data.prices.bid" must be a number, got "abc"');
  });

  it("treats null as absent and ignores inherited names", () => {
    const r = new FieldReader(JSON.parse('{"a":null}'), "X");
    expect(r.string("a", false)).toBeUndefined();
    expect(r.string("constructor", false)).toBeUndefined();
    expect(r.problem).toBeUndefined();
    expect(r.string("toString", true)).toBeUndefined();
    expect(r.problem).toBe('X: "toString" must be a string, got nothing');
  });
});
