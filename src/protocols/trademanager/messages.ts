/**
 * Trade Manager's websocket messages: one JSON object per text frame, told apart by `type`
 * (plus the one untyped message, `{"data":"✅ ..."}`, that accepts a login). Every message keeps
 * `raw`, the object as it came (or as a builder made it), so encoding is JSON.stringify of `raw`
 * and fields tapedeck does not know survive. Treat messages as read-only: typed fields share
 * objects with `raw`.
 */
import { type Unrecognised, unrecognised } from "../unrecognised.js";
import {
  FieldReader,
  field,
  isObject,
  type JsonObject,
  jsonType,
  parseJson,
  shown,
  toJsonText,
} from "./json.js";
import { type LogLine, parseLogLine } from "./logline.js";
import { parseTradeRow, type TradeRow } from "./trades.js";

/** What every message has. */
interface MessageBase<T extends string> {
  kind: "message";
  type: T;
  /** The frame's object as it came; encoding writes exactly this. */
  raw: JsonObject;
}

/** Client -> server on open: `{"type":"AUTH","user":"<username>","token":"<session id>"}`. */
export interface TmAuth extends MessageBase<"AUTH"> {
  user: string;
  token: string;
}

/** Server -> client, untyped on the wire: `{"data":"✅ Server Connection Established ..."}`. */
export interface TmAuthOk extends MessageBase<"AUTH_OK"> {
  text: string;
}

/** Client -> server keep-alive, every 25 s. */
export type TmPing = MessageBase<"PING">;

/** The numeric fields of a DATA frame. */
export type DataNumberField = "bid" | "ask" | "step" | "amnt";

/**
 * Server -> client price update for one ticker:
 * `{"type":"DATA","data":{"ticker":"ES1!","prices":{"ask":..,"bid":..},"tickinfo":{"step":..,"amnt":..}}}`.
 * Prices may be numbers or decimal strings on the wire; `raw` keeps which.
 */
export interface TmData extends MessageBase<"DATA"> {
  ticker: string;
  bid?: number;
  ask?: number;
  /** Tick size in price units (ES 0.25). */
  step?: number;
  /** Dollar value of one tick (ES 12.5). */
  amnt?: number;
  /** Exact decimal text of each number present (the wire's string, or the shortest form). */
  decimals: Partial<Record<DataNumberField, string>>;
}

/** Server -> client log line: `{"type":"LOGS","data":"<line>","action":"Refresh"?}`. */
export interface TmLogs extends MessageBase<"LOGS"> {
  /** The line exactly as sent (possibly garbled, with HTML and `**`). */
  line: string;
  action?: string;
  /** The line parsed, or why it could not be. */
  log: LogLine | Unrecognised;
}

/** Server -> client: the whole open-trade list, replacing the previous one. */
export interface TmTrades extends MessageBase<"TRADES"> {
  rows: TradeRow[];
  /** Rows that could not be read, each with its reason (`TRADES row 2: ...`). */
  skipped: Unrecognised[];
}

/**
 * Server -> client error text. {@link ERROR_ELSEWHERE} makes the web app stop reconnecting;
 * {@link ERROR_UNAUTHORIZED} comes before the server closes.
 */
export interface TmError extends MessageBase<"ERROR"> {
  message: string;
}

/** Client -> server: flatten one record. */
export interface TmCloseTrade extends MessageBase<"CLOSE_TRADE"> {
  tradeId?: string | number;
  strategy: string;
  ticker: string;
  timeframe: string;
  user: string;
  token: string;
}

/** What a manual trade does. */
export type ManualSide = "BUY" | "SELL" | "CLOSE";

/** Client -> server: a manual order against one record. */
export interface TmManualTrade extends MessageBase<"MANUALTRADE"> {
  side: ManualSide;
  /** Signed size. */
  size: number;
  strategy: string;
  ticker: string;
  user: string;
  token: string;
}

/**
 * Broker account linking, both directions. These carry encrypted broker credentials, so only
 * the names of their fields are exposed; recordings must redact them (see secrets.ts).
 */
export interface TmAccSetup extends MessageBase<"ACCSETUP" | "ACCSETUP_COMPLETE"> {
  /** Names of the fields besides `type`, in wire order. */
  fields: string[];
}

/** Any Trade Manager message. */
export type TmMessage =
  | TmAuth
  | TmAuthOk
  | TmPing
  | TmData
  | TmLogs
  | TmTrades
  | TmError
  | TmCloseTrade
  | TmManualTrade
  | TmAccSetup;

/** Every value of {@link TmMessage}'s `type`. */
export type TmType = TmMessage["type"];

/** The text Trade Manager sends when it accepts AUTH. */
export const AUTH_OK_TEXT = "✅ Server Connection Established Successfully!";
/** ERROR text after a login elsewhere; the web app stops reconnecting on it. */
export const ERROR_ELSEWHERE = "Logged in from another location";
/** ERROR text for a bad or missing session; the server then closes. */
export const ERROR_UNAUTHORIZED = "Unauthorized access";

type Read = TmMessage | { why: string };

function readData(obj: JsonObject): Read {
  const r = new FieldReader(obj, "DATA");
  const data = r.object("data", true);
  if (data === undefined) return { why: r.problem! };
  const d = new FieldReader(data, "DATA", "data.");
  const ticker = d.string("ticker", true);
  const prices = d.object("prices", false);
  const tickinfo = d.object("tickinfo", false);
  const msg: TmData = {
    kind: "message",
    type: "DATA",
    ticker: ticker ?? "",
    decimals: {},
    raw: obj,
  };
  const parts: Array<[JsonObject | undefined, string, DataNumberField[]]> = [
    [prices, "data.prices.", ["bid", "ask"]],
    [tickinfo, "data.tickinfo.", ["step", "amnt"]],
  ];
  for (const [part, path, keys] of parts) {
    if (part === undefined) continue;
    const p = new FieldReader(part, "DATA", path);
    for (const key of keys) {
      const n = p.number(key, false);
      if (n === undefined) continue;
      msg[key] = n.value;
      msg.decimals[key] = n.text;
    }
    d.problem ??= p.problem;
  }
  return d.problem === undefined ? msg : { why: d.problem };
}

function readTrades(obj: JsonObject): Read {
  const data = field(obj, "data");
  if (!Array.isArray(data))
    return { why: `TRADES: "data" must be an array, got ${jsonType(data)}` };
  const rows: TradeRow[] = [];
  const skipped: Unrecognised[] = [];
  data.forEach((value, i) => {
    const row = parseTradeRow(value, `TRADES row ${i}`);
    if (row.kind === "traderow") rows.push(row);
    else skipped.push(row);
  });
  return { kind: "message", type: "TRADES", rows, skipped, raw: obj };
}

function readCloseTrade(obj: JsonObject): Read {
  const r = new FieldReader(obj, "CLOSE_TRADE");
  const msg: TmCloseTrade = {
    kind: "message",
    type: "CLOSE_TRADE",
    strategy: r.string("strat_name", true) ?? "",
    ticker: r.string("ticker", true) ?? "",
    timeframe: r.text("timeframe", true) ?? "",
    user: r.string("user", true) ?? "",
    token: r.string("token", true) ?? "",
    raw: obj,
  };
  const tradeId = r.id("tradeid");
  if (tradeId !== undefined) msg.tradeId = tradeId;
  return r.problem === undefined ? msg : { why: r.problem };
}

function readManualTrade(obj: JsonObject): Read {
  const r = new FieldReader(obj, "MANUALTRADE");
  const msg: TmManualTrade = {
    kind: "message",
    type: "MANUALTRADE",
    side: r.oneOf("side", ["BUY", "SELL", "CLOSE"] as const, true) ?? "CLOSE",
    size: r.number("size", true)?.value ?? 0,
    strategy: r.string("strategy", true) ?? "",
    ticker: r.string("ticker", true) ?? "",
    user: r.string("user", true) ?? "",
    token: r.string("token", true) ?? "",
    raw: obj,
  };
  return r.problem === undefined ? msg : { why: r.problem };
}

function readTyped(obj: JsonObject, type: string): Read {
  const r = new FieldReader(obj, type);
  switch (type) {
    case "AUTH": {
      const user = r.string("user", true);
      const token = r.string("token", true);
      if (user === undefined || token === undefined) return { why: r.problem! };
      return { kind: "message", type, user, token, raw: obj };
    }
    case "PING":
      return { kind: "message", type, raw: obj };
    case "DATA":
      return readData(obj);
    case "LOGS": {
      const line = r.string("data", true);
      const action = r.string("action", false);
      if (line === undefined || r.problem !== undefined) return { why: r.problem! };
      const msg: TmLogs = { kind: "message", type, line, log: parseLogLine(line), raw: obj };
      if (action !== undefined) msg.action = action;
      return msg;
    }
    case "TRADES":
      return readTrades(obj);
    case "ERROR": {
      const message = r.string("data", true);
      return message === undefined
        ? { why: r.problem! }
        : { kind: "message", type, message, raw: obj };
    }
    case "CLOSE_TRADE":
      return readCloseTrade(obj);
    case "MANUALTRADE":
      return readManualTrade(obj);
    case "ACCSETUP":
    case "ACCSETUP_COMPLETE":
      return {
        kind: "message",
        type,
        fields: Object.keys(obj).filter((k) => k !== "type"),
        raw: obj,
      };
    default:
      return { why: `unknown type ${shown(type)}` };
  }
}

function read(obj: JsonObject): Read {
  if (!Object.hasOwn(obj, "type")) {
    const text = field(obj, "data");
    if (typeof text === "string") return { kind: "message", type: "AUTH_OK", text, raw: obj };
    return { why: 'no "type" field, and no "data" text of an untyped notice' };
  }
  const type = obj.type;
  if (typeof type !== "string") return { why: `"type" must be a string, got ${jsonType(type)}` };
  return readTyped(obj, type);
}

/**
 * Reads an already-parsed frame object. An object that is no known message comes back
 * unrecognised with its JSON text. Never throws.
 */
export function tmMessageFromObject(obj: unknown): TmMessage | Unrecognised {
  if (!isObject(obj))
    return unrecognised(toJsonText(obj), `expected a JSON object, got ${jsonType(obj)}`);
  const m = read(obj);
  return "why" in m ? unrecognised(toJsonText(obj), m.why) : m;
}

/**
 * Parses one Trade Manager text frame (either direction). Anything that is not JSON, not an
 * object, or no known message comes back unrecognised with the text kept and the reason. Never
 * throws.
 */
export function parseTmFrame(text: string): TmMessage | Unrecognised {
  if (typeof text !== "string") return unrecognised(toJsonText(text), "a frame must be text");
  const json = parseJson(text);
  if (!json.ok) return unrecognised(text, `not JSON: ${json.error}`);
  if (!isObject(json.value)) {
    return unrecognised(text, `expected a JSON object, got ${jsonType(json.value)}`);
  }
  const m = read(json.value);
  return "why" in m ? unrecognised(text, m.why) : m;
}

/**
 * The frame text of a message: JSON.stringify of its `raw`. A parsed frame encodes back to the
 * same text whenever that text was compact JSON with numbers in shortest form; for byte-exact
 * replay of other texts use the tape's text. An unrecognised result encodes to its raw text.
 */
export function encodeTmMessage(m: TmMessage | Unrecognised): string {
  return m.kind === "unrecognised" ? m.raw : JSON.stringify(m.raw);
}
