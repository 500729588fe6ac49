/**
 * Market data payloads: the `d` of `{"e":"md","d":{...}}` events on the md and replay sockets.
 * Updates are partial: any quote entry may be missing, and a quote carries only what changed.
 */
import { type Unrecognised, unrecognised } from "../unrecognised.js";
import { type Schema, schemaProblem, type TradeDate } from "./fields.js";
import { isObject, type JsonObject, jsonType, own, toJsonText } from "./json.js";

/** The entry names a quote may carry. */
export const QUOTE_ENTRY_NAMES = [
  "Bid",
  "Offer",
  "Trade",
  "TotalTradeVolume",
  "OpenInterest",
  "OpeningPrice",
  "HighPrice",
  "LowPrice",
  "SettlementPrice",
  "EmptyBook",
] as const;

/** One of {@link QUOTE_ENTRY_NAMES}. */
export type QuoteEntryName = (typeof QUOTE_ENTRY_NAMES)[number];

/**
 * One quote entry. Bid, Offer and Trade carry price and size; TotalTradeVolume and OpenInterest
 * only size; OpeningPrice, HighPrice, LowPrice and SettlementPrice only price. Both are optional
 * here because updates are partial. `Trade` is the last trade price, refreshed on bid/ask
 * updates too: it is not a tick stream.
 */
export interface QuoteEntry {
  price?: number;
  size?: number;
}

/** The entries of one quote update; names outside {@link QuoteEntryName} are kept but untyped. */
export type QuoteEntries = Partial<Record<QuoteEntryName, QuoteEntry>>;

/** A quote update of one contract (`md/subscribeQuote`). */
export interface Quote {
  timestamp: string;
  contractId: number;
  entries: QuoteEntries;
}

/** One price level of a book. */
export interface DomLevel {
  price: number;
  size: number;
}

/** A depth-of-market snapshot of one contract (`md/subscribeDOM`). */
export interface Dom {
  contractId: number;
  timestamp: string;
  bids: DomLevel[];
  offers: DomLevel[];
}

/** Volume at price of one contract (`md/subscribeHistogram`). */
export interface Histogram {
  contractId: number;
  timestamp: string;
  tradeDate: TradeDate;
  /** The price the item offsets count from. */
  base: number;
  /** Volume by offset in ticks from `base`, keyed by the offset as a decimal string (`"-14"`). */
  items: Record<string, number>;
  /** True when this replaces the whole histogram rather than updating it. */
  refresh: boolean;
}

/** The `d` of an md event: one or more of quotes, doms and histograms. */
export interface MdPayload {
  /** Never set: lets `result.kind === "unrecognised"` tell a parse result from an Unrecognised. */
  kind?: never;
  quotes?: Quote[];
  doms?: Dom[];
  histograms?: Histogram[];
}

const quoteSchema: Schema<Omit<Quote, "entries">> = { timestamp: "string", contractId: "int" };
const domSchema: Schema<Omit<Dom, "bids" | "offers">> = { contractId: "int", timestamp: "string" };
const levelSchema: Schema<DomLevel> = { price: "number", size: "number" };
const entrySchema: Schema<QuoteEntry> = { price: "number?", size: "number?" };
const histogramSchema: Schema<Omit<Histogram, "items">> = {
  contractId: "int",
  timestamp: "string",
  tradeDate: "tradeDate",
  base: "number",
  refresh: "boolean",
};

const OFFSET = /^-?(0|[1-9]\d*)$/;

function quoteProblem(value: unknown, at: () => string): string | undefined {
  if (!isObject(value)) return `${at()}: expected an object, got ${jsonType(value)}`;
  const problem = schemaProblem(value, quoteSchema, at);
  if (problem !== undefined) return problem;
  const { entries } = value;
  if (!isObject(entries)) return `${at()}: field "entries" must be an object`;
  for (const name in entries) {
    if (!Object.hasOwn(entries, name)) continue;
    const entry = entries[name];
    if (!isObject(entry)) return `${at()}: entry ${name} must be an object`;
    const entryProblem = schemaProblem(entry, entrySchema, () => `${at()}.entries.${name}`);
    if (entryProblem !== undefined) return entryProblem;
  }
  return undefined;
}

function levelsProblem(value: unknown, at: () => string): string | undefined {
  if (!Array.isArray(value)) return `${at()} must be an array, got ${jsonType(value)}`;
  for (let i = 0; i < value.length; i++) {
    const level: unknown = value[i];
    if (!isObject(level)) return `${at()}[${i}]: expected an object, got ${jsonType(level)}`;
    const problem = schemaProblem(level, levelSchema, () => `${at()}[${i}]`);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

function domProblem(value: unknown, at: () => string): string | undefined {
  if (!isObject(value)) return `${at()}: expected an object, got ${jsonType(value)}`;
  return (
    schemaProblem(value, domSchema, at) ??
    levelsProblem(value.bids, () => `${at()}.bids`) ??
    levelsProblem(value.offers, () => `${at()}.offers`)
  );
}

function histogramProblem(value: unknown, at: () => string): string | undefined {
  if (!isObject(value)) return `${at()}: expected an object, got ${jsonType(value)}`;
  const problem = schemaProblem(value, histogramSchema, at);
  if (problem !== undefined) return problem;
  const { items } = value;
  if (!isObject(items)) return `${at()}: field "items" must be an object`;
  for (const [offset, volume] of Object.entries(items)) {
    if (!OFFSET.test(offset)) return `${at()}.items: key ${JSON.stringify(offset)} is no offset`;
    if (typeof volume !== "number") return `${at()}.items.${offset} must be a number`;
  }
  return undefined;
}

const parts = [
  ["quotes", quoteProblem],
  ["doms", domProblem],
  ["histograms", histogramProblem],
] as const;

/** Why `d` is not an md payload, or undefined when it is one. */
export function mdPayloadProblem(d: unknown): string | undefined {
  if (!isObject(d)) return `md: d must be an object, got ${jsonType(d)}`;
  let found = false;
  for (const [key, problemOf] of parts) {
    const list = own(d, key);
    if (list === undefined) continue;
    found = true;
    if (!Array.isArray(list)) return `md: ${key} must be an array, got ${jsonType(list)}`;
    for (let i = 0; i < list.length; i++) {
      const problem = problemOf(list[i], () => `md.${key}[${i}]`);
      if (problem !== undefined) return problem;
    }
  }
  return found ? undefined : "md: d has none of quotes, doms, histograms";
}

/**
 * Checks and types the `d` of an md event. Every item of every list must fit its shape; the
 * first one that does not makes the payload unrecognised, naming the item. Never throws.
 */
export function parseMdPayload(d: unknown): MdPayload | Unrecognised {
  const problem = mdPayloadProblem(d);
  if (problem !== undefined) return unrecognised(toJsonText(d), problem);
  return mdPayloadOf(d as JsonObject);
}

/** The lists of an md `d` that {@link mdPayloadProblem} has already passed (no second check). */
export function mdPayloadOf(d: JsonObject): MdPayload {
  const payload: MdPayload = {};
  for (const [key] of parts) {
    const list = own(d, key);
    if (list !== undefined) payload[key] = list as never;
  }
  return payload;
}

/** A histogram's items as numeric tick offsets from `base`, in ascending order. */
export function histogramLevels(h: Histogram): { offset: number; volume: number }[] {
  return Object.entries(h.items)
    .map(([offset, volume]) => ({ offset: Number(offset), volume }))
    .sort((a, b) => a.offset - b.offset);
}
