/**
 * Trade Manager's log lines (the `data` of `LOGS` frames). Observed shapes:
 *
 *   📊 [RECORDER] OPEN — Strategy: **ROG-15SV**, Ticker: **NQ1!**, Timeframe: **15** — **1 BUY** at **24958.5**
 *   ... Closed at **24959.0**
 *   🧹 **[AUTO]** — Cleared **BUY** from **SNAKE**, **NQ1!**, **5**
 *
 * The parser keys on the tag, the verb after it, `Strategy:` / `Ticker:` / `Timeframe:`,
 * `<qty> <BUY|SELL>` and a trailing `at <price>` (which `Closed at <price>` also is). It never
 * looks at the emoji or the dashes, so lines whose decoration was garbled beyond repair still
 * parse. docs/protocols.md has the grammar.
 */
import { type Unrecognised, unrecognised } from "../unrecognised.js";
import { plainDecimal, shown, toJsonText } from "./json.js";
import { stripBold, stripHtml } from "./markup.js";
import { repairMojibake } from "./mojibake.js";

/** Which part of Trade Manager wrote the line. */
export type LogTag = "RECORDER" | "AUTO" | "TRADER";
/** What happened to the virtual position. `CLEARED` is written `Cleared` on the wire. */
export type LogVerb = "OPEN" | "CLOSE" | "ADD" | "TRIM" | "CLEARED";
/** Order side. */
export type Side = "BUY" | "SELL";

/** What a log line says, without its decoration. */
export interface LogLineFields {
  tag: LogTag;
  verb: LogVerb;
  strategy?: string;
  /** TradingView ticker, e.g. `NQ1!`. */
  ticker?: string;
  /** Chart timeframe as written: `15`, `5`, `10s`. */
  timeframe?: string;
  /** Size of the order; only ever present together with `side`. */
  qty?: number;
  side?: Side;
  /** The price exactly as logged (`24959.0`), for exact decimal money downstream. */
  priceText?: string;
}

/** A parsed log line. */
export interface LogLine extends LogLineFields {
  kind: "logline";
  /** `priceText` as a number. */
  price?: number;
  /** The line for display: mojibake repaired, HTML stripped, `**` removed, trimmed. */
  text: string;
  /** The line exactly as received. */
  raw: string;
}

const TAG = /\[(RECORDER|AUTO|TRADER)\]/i;
const FIRST_WORD = /^[^A-Za-z]*([A-Za-z]+)/;
const VERBS: ReadonlyMap<string, LogVerb> = new Map([
  ["OPEN", "OPEN"],
  ["CLOSE", "CLOSE"],
  ["ADD", "ADD"],
  ["TRIM", "TRIM"],
  ["CLEARED", "CLEARED"],
]);
const STRATEGY_KEY = /\bStrategy:\s*/i;
const TICKER = /\bTicker:\s*([^\s,]+)/i;
const TIMEFRAME = /\bTimeframe:\s*([A-Za-z0-9]+)/i;
/** A free-standing run of punctuation (` — `, ` - `, ` | `) ends a value. */
const SEPARATOR = /\s[^\sA-Za-z0-9]+(?:\s|$)/;
const FROM = /\bfrom\s+/i;
const QTY_SIDE = /(?<![\w.])(\d+(?:\.\d+)?)\s+(BUY|SELL)\b/i;
const SIDE = /\b(BUY|SELL)\b/i;
const PRICE = /\bat\s+\$?(-?\d+(?:\.\d+)?)(?!\d|\.\d)/gi;

/** A value found in the text after the verb, with where it ends. */
interface Found {
  value: string;
  start: number;
  end: number;
}

/** `Strategy: <name>`: the name runs to the next comma or free-standing punctuation. */
function findStrategy(rest: string): Found | undefined {
  const key = STRATEGY_KEY.exec(rest);
  if (key === null) return undefined;
  const from = key.index + key[0].length;
  const comma = rest.indexOf(",", from);
  let segment = rest.slice(from, comma < 0 ? rest.length : comma);
  const sep = SEPARATOR.exec(segment);
  if (sep !== null) segment = segment.slice(0, sep.index);
  const value = segment.trim();
  return value === "" ? undefined : { value, start: key.index, end: from + segment.length };
}

function findMatch(rest: string, re: RegExp): Found | undefined {
  const m = re.exec(rest);
  if (m === null || m[1] === undefined) return undefined;
  return { value: m[1], start: m.index, end: m.index + m[0].length };
}

/** The positional form of `Cleared`: `from <strategy>, <ticker>, <timeframe>`. */
function findFromTriple(rest: string): [Found, Found, Found] | undefined {
  const m = FROM.exec(rest);
  if (m === null) return undefined;
  const from = m.index + m[0].length;
  const [strategy = "", ticker = "", timeframe = ""] = rest.slice(from).split(",", 3);
  const tickerMatch = /^\s*([^\s,]+)/.exec(ticker);
  const timeframeMatch = /^\s*([A-Za-z0-9]+)/.exec(timeframe);
  if (!strategy.trim() || tickerMatch === null || timeframeMatch === null) return undefined;
  const timeframeStart = from + strategy.length + 1 + ticker.length + 1;
  const end = timeframeStart + timeframeMatch[0].length;
  const at = (value: string): Found => ({ value, start: m.index, end });
  return [at(strategy.trim()), at(tickerMatch[1]!), at(timeframeMatch[1]!)];
}

/** The plain text of a raw line: mojibake repaired, HTML stripped, bold removed, trimmed. */
export function logLineText(raw: string): string {
  return stripBold(stripHtml(repairMojibake(raw))).trim();
}

/**
 * Parses one log line. A line needs a tag and a known verb right after it; every other field
 * is optional. Anything else comes back unrecognised with the raw text and the reason. Never
 * throws.
 */
export function parseLogLine(raw: string): LogLine | Unrecognised {
  if (typeof raw !== "string") {
    return unrecognised(toJsonText(raw), `a log line must be a string, got ${typeof raw}`);
  }
  const text = logLineText(raw);
  const tagMatch = TAG.exec(text);
  if (tagMatch === null) return unrecognised(raw, "no [RECORDER], [AUTO] or [TRADER] tag");
  const tag = tagMatch[1]!.toUpperCase() as LogTag;
  const afterTag = text.slice(tagMatch.index + tagMatch[0].length);
  const word = FIRST_WORD.exec(afterTag);
  if (word === null) return unrecognised(raw, `no verb after [${tag}]`);
  const verb = VERBS.get(word[1]!.toUpperCase());
  if (verb === undefined) {
    return unrecognised(
      raw,
      `[${tag}] is followed by ${shown(word[1])}, not OPEN, CLOSE, ADD, TRIM or Cleared`,
    );
  }
  const rest = afterTag.slice(word[0].length);
  const line: LogLine = { kind: "logline", tag, verb, text, raw };

  let strategy = findStrategy(rest);
  let ticker = findMatch(rest, TICKER);
  let timeframe = findMatch(rest, TIMEFRAME);
  if (verb === "CLEARED" && !strategy && !ticker && !timeframe) {
    [strategy, ticker, timeframe] = findFromTriple(rest) ?? [];
  }
  const found = [strategy, ticker, timeframe].filter((f) => f !== undefined);
  const fieldsStart = found.length ? Math.min(...found.map((f) => f.start)) : rest.length;
  const fieldsEnd = found.length ? Math.max(...found.map((f) => f.end)) : 0;
  if (strategy) line.strategy = strategy.value;
  if (ticker) line.ticker = ticker.value;
  if (timeframe) line.timeframe = timeframe.value;

  // "Cleared **BUY** from ..." names the side before the fields; OPEN and the rest after them.
  const tradePart = verb === "CLEARED" ? rest.slice(0, fieldsStart) : rest.slice(fieldsEnd);
  const qtySide = QTY_SIDE.exec(tradePart);
  if (qtySide !== null) {
    line.qty = Number(qtySide[1]);
    line.side = qtySide[2]!.toUpperCase() as Side;
  } else {
    const side = SIDE.exec(tradePart)?.[1];
    if (side !== undefined) line.side = side.toUpperCase() as Side;
  }

  const prices = [...rest.slice(fieldsEnd).matchAll(PRICE)];
  const priceText = prices.at(-1)?.[1];
  if (priceText !== undefined) {
    line.priceText = priceText;
    line.price = Number(priceText);
  }
  return line;
}

const bold = (s: string) => `**${s}**`;

function keyValues(f: LogLineFields): string {
  const parts: string[] = [];
  if (f.strategy !== undefined) parts.push(`Strategy: ${bold(f.strategy)}`);
  if (f.ticker !== undefined) parts.push(`Ticker: ${bold(f.ticker)}`);
  if (f.timeframe !== undefined) parts.push(`Timeframe: ${bold(f.timeframe)}`);
  return parts.join(", ");
}

function trade(f: LogLineFields): string | undefined {
  if (f.side === undefined) return undefined;
  return bold(f.qty === undefined ? f.side : `${plainDecimal(f.qty)} ${f.side}`);
}

/**
 * Writes a line the way Trade Manager does (emoji, em dashes, `**bold**`), for the synthesizer.
 * `parseLogLine(formatLogLine(f))` gives `f` back when the values are of the shapes Trade
 * Manager uses: a strategy of words made of letters, digits and `_.!-` joined by single spaces,
 * a ticker without spaces, commas or `*`, an alphanumeric timeframe, a plain decimal price, and
 * `qty` only together with `side`. Only OPEN and Cleared lines have been seen whole; CLOSE, ADD
 * and TRIM are written like OPEN (CLOSE with `Closed at`, the one part of it that is known).
 */
export function formatLogLine(f: LogLineFields): string {
  const keys = keyValues(f);
  const side = trade(f);
  if (f.verb === "CLEARED") {
    const head = `🧹 ${bold(`[${f.tag}]`)} — Cleared${side ? ` ${side}` : ""}`;
    const price = f.priceText === undefined ? undefined : `at ${bold(f.priceText)}`;
    if (f.strategy !== undefined && f.ticker !== undefined && f.timeframe !== undefined) {
      const from = `${head} from ${bold(f.strategy)}, ${bold(f.ticker)}, ${bold(f.timeframe)}`;
      return price === undefined ? from : `${from} ${price}`;
    }
    return [head, keys || undefined, price].filter((p) => p !== undefined).join(" — ");
  }
  const parts = [`📊 [${f.tag}] ${f.verb}`];
  if (keys) parts.push(keys);
  const at = f.verb === "CLOSE" ? "Closed at" : "at";
  const price = f.priceText === undefined ? undefined : `${at} ${bold(f.priceText)}`;
  const tail = [side, price].filter((p) => p !== undefined).join(" ");
  if (tail) parts.push(tail);
  return parts.join(" — ");
}
