/**
 * Rows of Trade Manager's open-trade list (`TRADES` frames) and of its closed-trade history.
 * Field names are the wire's own. The parse is tolerant of representation (numbers may come as
 * decimal strings, absent values as null, `Direction` in any case, `TimeFrame` as a number) and
 * strict about meaning: a row without a strategy, ticker, direction or open price is unusable.
 */
import { type Unrecognised, unrecognised } from "../unrecognised.js";
import { FieldReader, isObject, type JsonObject, jsonType, toJsonText } from "./json.js";

/** A position's direction as Trade Manager writes it. */
export type Direction = "BUY" | "SELL";

/** The numeric fields of a row; {@link TradeRow.decimals} holds their exact decimal text. */
export type TradeRowNumberField =
  | "Open_Price"
  | "Running_Pos"
  | "Position_Size"
  | "Closed_Price"
  | "Profit"
  | "Drawdown"
  | "max_dd";

/** One open (or, with the closed fields, closed) trade record. */
export interface TradeRow {
  kind: "traderow";
  id?: string | number;
  Strat_Name: string;
  /** TradingView ticker, e.g. `NQ1!`. */
  Ticker: string;
  StratTicker?: string;
  /** Chart timeframe as text: `15`, `5`, `10s`. */
  TimeFrame?: string;
  Direction: Direction;
  Open_Price: number;
  /** Signed or unsigned size of the position now; Trade Manager's P&L uses |Running_Pos|. */
  Running_Pos?: number;
  Position_Size?: number;
  /** America/Chicago time, as sent. */
  Open_Time?: string;
  Closed_Price?: number;
  Closed_Time?: string;
  Profit?: number;
  Drawdown?: number;
  max_dd?: number;
  /** Exact decimal text of each numeric field present, for exact money downstream. */
  decimals: Partial<Record<TradeRowNumberField, string>>;
  /** The row object as it came. */
  raw: JsonObject;
}

/** A row as it goes on the wire (what builders and the synthesizer write). */
export interface TradeRowWire {
  id?: string | number;
  Strat_Name: string;
  Ticker: string;
  StratTicker?: string;
  TimeFrame?: string | number;
  Direction: string;
  Open_Price: number | string;
  Running_Pos?: number | string;
  Position_Size?: number | string;
  Open_Time?: string;
  Closed_Price?: number | string;
  Closed_Time?: string;
  Profit?: number | string;
  Drawdown?: number | string;
  max_dd?: number | string;
  [extra: string]: unknown;
}

const NUMBER_FIELDS: ReadonlyArray<[TradeRowNumberField, boolean]> = [
  ["Open_Price", true],
  ["Running_Pos", false],
  ["Position_Size", false],
  ["Closed_Price", false],
  ["Profit", false],
  ["Drawdown", false],
  ["max_dd", false],
];

/**
 * Reads one trade row. `where` names it in the "why" of an unrecognised result (e.g.
 * `TRADES row 3`). Never throws.
 */
export function parseTradeRow(value: unknown, where = "trade row"): TradeRow | Unrecognised {
  if (!isObject(value)) {
    return unrecognised(toJsonText(value), `${where}: expected an object, got ${jsonType(value)}`);
  }
  const r = new FieldReader(value, where);
  const row: TradeRow = {
    kind: "traderow",
    Strat_Name: r.string("Strat_Name", true) ?? "",
    Ticker: r.string("Ticker", true) ?? "",
    Direction: r.oneOf("Direction", ["BUY", "SELL"] as const, true) ?? "BUY",
    Open_Price: 0,
    decimals: {},
    raw: value,
  };
  const id = r.id("id");
  if (id !== undefined) row.id = id;
  const optionalTexts = [
    ["StratTicker", r.string("StratTicker", false)],
    ["TimeFrame", r.text("TimeFrame", false)],
    ["Open_Time", r.text("Open_Time", false)],
    ["Closed_Time", r.text("Closed_Time", false)],
  ] as const;
  for (const [key, text] of optionalTexts) if (text !== undefined) row[key] = text;
  for (const [key, required] of NUMBER_FIELDS) {
    const n = r.number(key, required);
    if (n === undefined) continue;
    row[key] = n.value;
    row.decimals[key] = n.text;
  }
  return r.problem === undefined ? row : unrecognised(toJsonText(value), r.problem);
}
