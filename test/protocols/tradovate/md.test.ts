import { describe, expect, test } from "vitest";
import { histogramLevels, parseMdPayload } from "../../../src/protocols/tradovate/index.js";
import { mdPayload } from "./arbitraries.js";
import { testProp } from "./prop.js";

describe("parseMdPayload", () => {
  testProp([mdPayload])("a valid payload comes back with exactly its lists", (d) => {
    expect(parseMdPayload(JSON.parse(JSON.stringify(d)))).toEqual(d);
  });

  test("keys other than the three lists are left out of the typed payload", () => {
    expect(parseMdPayload({ quotes: [], extra: 1 })).toEqual({ quotes: [] });
  });

  test("a quote may carry any subset of entries, and entry names it does not know", () => {
    const quote = {
      timestamp: "t",
      contractId: 1,
      entries: { EmptyBook: {}, Imbalance: { size: 3 } },
    };
    expect(parseMdPayload({ quotes: [quote] })).toEqual({ quotes: [quote] });
  });
});

describe("histogramLevels", () => {
  test("lists items as numeric offsets in ascending order", () => {
    const h = {
      contractId: 1,
      timestamp: "2022-04-13T15:00:00.123Z",
      tradeDate: { year: 2022, month: 4, day: 13 },
      base: 2338.75,
      items: { "-14": 5906.67, "2": 1234.55, "0": 1 },
      refresh: false,
    };
    expect(histogramLevels(h)).toEqual([
      { offset: -14, volume: 5906.67 },
      { offset: 0, volume: 1 },
      { offset: 2, volume: 1234.55 },
    ]);
  });
});
