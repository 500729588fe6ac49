/**
 * Builders for Trade Manager messages, for the fake server and the synthesizer. Each writes the
 * wire object in Trade Manager's field order and reads it back through the parser, so a built
 * message is exactly what parsing its encoding gives. Bad arguments (a NaN price, an empty
 * ticker where one is required) are programming errors and throw a TypeError.
 */
import type { JsonObject } from "./json.js";
import {
  AUTH_OK_TEXT,
  type ManualSide,
  type TmAccSetup,
  type TmAuth,
  type TmAuthOk,
  type TmCloseTrade,
  type TmData,
  type TmError,
  type TmLogs,
  type TmManualTrade,
  type TmMessage,
  type TmPing,
  type TmTrades,
  tmMessageFromObject,
} from "./messages.js";
import type { TradeRowWire } from "./trades.js";

/** Drops undefined values so the object is what JSON would carry. */
function defined(obj: Record<string, unknown>): JsonObject {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined));
}

function build<T extends TmMessage>(raw: JsonObject, type: T["type"]): T {
  const m = tmMessageFromObject(raw);
  if (m.kind === "unrecognised") throw new TypeError(`cannot build ${type}: ${m.why}`);
  if (m.type !== type) throw new TypeError(`cannot build ${type}: reads back as ${m.type}`);
  return m as T;
}

/** `{"type":"AUTH","user":..,"token":..}`. */
export function authMessage(user: string, token: string): TmAuth {
  return build({ type: "AUTH", user, token }, "AUTH");
}

/** The untyped login acknowledgement `{"data":"✅ Server Connection Established Successfully!"}`. */
export function authOkMessage(text: string = AUTH_OK_TEXT): TmAuthOk {
  return build({ data: text }, "AUTH_OK");
}

/** `{"type":"PING"}`. */
export function pingMessage(): TmPing {
  return build({ type: "PING" }, "PING");
}

/** What a DATA frame says; a string price goes on the wire as a string (both forms are seen). */
export interface DataInput {
  ticker: string;
  bid?: number | string;
  ask?: number | string;
  step?: number | string;
  amnt?: number | string;
}

/** A DATA frame; `prices` / `tickinfo` are left out when none of their values is given. */
export function dataMessage(d: DataInput): TmData {
  const prices = defined({ ask: d.ask, bid: d.bid });
  const tickinfo = defined({ step: d.step, amnt: d.amnt });
  const data = defined({
    ticker: d.ticker,
    prices: Object.keys(prices).length ? prices : undefined,
    tickinfo: Object.keys(tickinfo).length ? tickinfo : undefined,
  });
  return build({ type: "DATA", data }, "DATA");
}

/** A LOGS frame carrying one line (already formatted, possibly garbled). */
export function logsMessage(line: string, action?: string): TmLogs {
  return build(defined({ type: "LOGS", data: line, action }), "LOGS");
}

/** A TRADES frame: the full open-trade list. */
export function tradesMessage(rows: readonly TradeRowWire[]): TmTrades {
  return build({ type: "TRADES", data: rows.map((row) => defined(row)) }, "TRADES");
}

/** An ERROR frame. */
export function errorMessage(message: string): TmError {
  return build({ type: "ERROR", data: message }, "ERROR");
}

/** What a CLOSE_TRADE request says. */
export interface CloseTradeInput {
  tradeId?: string | number;
  strategy: string;
  ticker: string;
  timeframe: string;
  user: string;
  token: string;
}

/** A CLOSE_TRADE request, in the web app's field order. */
export function closeTradeMessage(c: CloseTradeInput): TmCloseTrade {
  const raw = defined({
    type: "CLOSE_TRADE",
    tradeid: c.tradeId,
    strat_name: c.strategy,
    ticker: c.ticker,
    timeframe: c.timeframe,
    token: c.token,
    user: c.user,
  });
  return build(raw, "CLOSE_TRADE");
}

/** What a MANUALTRADE request says. */
export interface ManualTradeInput {
  user: string;
  token: string;
  side: ManualSide;
  size: number;
  strategy: string;
  ticker: string;
}

/** A MANUALTRADE request, in the web app's field order. */
export function manualTradeMessage(m: ManualTradeInput): TmManualTrade {
  const { user, token, side, size, strategy, ticker } = m;
  return build({ type: "MANUALTRADE", user, token, side, size, strategy, ticker }, "MANUALTRADE");
}

/** An ACCSETUP or ACCSETUP_COMPLETE frame with the given (already encrypted) fields. */
export function accSetupMessage(
  type: TmAccSetup["type"],
  fields: Readonly<Record<string, unknown>> = {},
): TmAccSetup {
  return build({ ...defined(fields), type }, type);
}
