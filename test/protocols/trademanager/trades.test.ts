import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseTradeRow } from "../../../src/protocols/trademanager/trades.js";

const OPEN_ROW = {
  id: 101,
  Strat_Name: "ROG-15SV",
  Ticker: "NQ1!",
  StratTicker: "ROG-15SV_NQ1!",
  TimeFrame: "15",
  Direction: "BUY",
  Open_Price: 24958.5,
  Running_Pos: 1,
  Position_Size: 1,
  Open_Time: "2025-11-24 09:31:05",
};

describe("parseTradeRow", () => {
  it("reads an open row with every documented field", () => {
    expect(parseTradeRow(OPEN_ROW)).toEqual({
      kind: "traderow",
      ...OPEN_ROW,
      decimals: { Open_Price: "24958.5", Running_Pos: "1", Position_Size: "1" },
      raw: OPEN_ROW,
    });
  });

  it("reads a closed row's extra fields", () => {
    const closed = {
      ...OPEN_ROW,
      Closed_Price: "24959.00",
      Closed_Time: "2025-11-24 17:02:00",
      Profit: 10,
      Drawdown: -12.5,
      max_dd: "-25.00",
    };
    expect(parseTradeRow(closed)).toMatchObject({
      Closed_Price: 24959,
      Closed_Time: "2025-11-24 17:02:00",
      Profit: 10,
      Drawdown: -12.5,
      max_dd: -25,
      decimals: { Closed_Price: "24959.00", max_dd: "-25.00", Drawdown: "-12.5" },
    });
  });

  it("is tolerant of representation: strings for numbers, null for absent, any case, numeric timeframe", () => {
    const r = parseTradeRow({
      id: "a1",
      Strat_Name: "SNAKE",
      Ticker: "NQ1!",
      TimeFrame: 5,
      Direction: "sell",
      Open_Price: "24958.50",
      Running_Pos: "-2",
      Closed_Price: null,
      Closed_Time: null,
      Open_Time: 1764000000,
      Extra: { kept: true },
    });
    expect(r).toMatchObject({
      kind: "traderow",
      id: "a1",
      TimeFrame: "5",
      Direction: "SELL",
      Open_Price: 24958.5,
      Running_Pos: -2,
      Open_Time: "1764000000",
      decimals: { Open_Price: "24958.50", Running_Pos: "-2" },
    });
    expect(r).not.toHaveProperty("Closed_Price");
    expect(r.raw).toHaveProperty("Extra", { kept: true });
  });

  it("is strict about meaning, naming the field and the row", () => {
    const cases: Array<[unknown, string]> = [
      [
        { ...OPEN_ROW, Strat_Name: undefined },
        'TRADES row 2: "Strat_Name" must be a string, got nothing',
      ],
      [
        { ...OPEN_ROW, Direction: "LONG" },
        'TRADES row 2: "Direction" must be BUY or SELL, got "LONG"',
      ],
      [
        { ...OPEN_ROW, Open_Price: "24,958.5" },
        'TRADES row 2: "Open_Price" must be a number, got "24,958.5"',
      ],
      [
        { ...OPEN_ROW, Running_Pos: true },
        'TRADES row 2: "Running_Pos" must be a number, got boolean',
      ],
      [{ ...OPEN_ROW, id: {} }, 'TRADES row 2: "id" must be a string or number, got object'],
      ["row", "TRADES row 2: expected an object, got string"],
    ];
    for (const [row, why] of cases) {
      expect(parseTradeRow(row, "TRADES row 2")).toEqual({
        kind: "unrecognised",
        raw: JSON.stringify(row),
        why,
      });
    }
  });

  it("never throws on arbitrary JSON or on rows with arbitrary field values", () => {
    const fieldName = fc.constantFrom(...Object.keys(OPEN_ROW), "Closed_Price", "Profit", "max_dd");
    const row = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }),
      fc.dictionary(fieldName, fc.jsonValue({ maxDepth: 1 })).map((d) => ({ ...OPEN_ROW, ...d })),
    );
    fc.assert(
      fc.property(row, (value) => {
        const r = parseTradeRow(value);
        if (r.kind === "unrecognised") expect(r.raw).toBe(JSON.stringify(value));
        else expect(Number.isFinite(r.Open_Price)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
