import { type TmData, tmMessageFromObject } from "../protocols/trademanager/messages.js";
import { parseServerFrame, type ServerFrame } from "../protocols/tradovate/frames.js";
import type { MdPayload } from "../protocols/tradovate/md.js";
import { parseServerMessage } from "../protocols/tradovate/messages.js";
import { extractJsonQuotes } from "./extract-json.js";
import type { Quote } from "./quote.js";

/**
 * Every quote a frame carries, in the one {@link Quote} shape: Tradovate `md` quotes and DOM
 * tops (from `a[...]` frames), Trade Manager `DATA`, and any other JSON by key names. A frame
 * with no prices, or that is not JSON at all, gives `[]`. Never throws.
 */
export function extractQuotes(frame: string): Quote[] {
  const text = frame.trimStart();
  if (text.startsWith("a[")) return serverFrameQuotes(parseServerFrame(text));
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return [];
  }
  // Known envelopes are typed from the value already parsed, never parsed a second time.
  if (hasField(value, "type", "DATA")) {
    const m = tmMessageFromObject(value);
    if (m.kind !== "unrecognised" && m.type === "DATA") return tmDataQuotes(m);
  }
  if (hasField(value, "e", "md")) {
    // A bare Tradovate event, unwrapped from its a[...] frame.
    const m = parseServerMessage(value, text);
    return m.type === "event" && m.e === "md" ? tradovateMdQuotes(m) : [];
  }
  return extractJsonQuotes(value);
}

/** Quotes of an already parsed Tradovate server frame: those of its md events. */
export function serverFrameQuotes(frame: ServerFrame): Quote[] {
  if (frame.kind !== "messages") return [];
  const quotes: Quote[] = [];
  for (const m of frame.messages) {
    if (m.type === "event" && m.e === "md") quotes.push(...tradovateMdQuotes(m));
  }
  return quotes;
}

/** The quote of an already parsed Trade Manager DATA message, if it has a bid or an ask. */
export function tmDataQuotes(m: TmData): Quote[] {
  const q: Quote = { source: "trademanager", symbol: m.ticker };
  if (m.bid !== undefined) q.bid = m.bid;
  if (m.ask !== undefined) q.ask = m.ask;
  return q.bid !== undefined || q.ask !== undefined ? [q] : [];
}

/** Quotes from the `d` of a Tradovate md event: one per quote update, one per DOM (its top). */
export function tradovateMdQuotes(md: MdPayload): Quote[] {
  const out: Quote[] = [];
  for (const q of md.quotes ?? []) {
    const quote: Quote = { source: "tradovate-quote", contractId: q.contractId, time: q.timestamp };
    const { Bid, Offer, Trade } = q.entries ?? {};
    if (Bid?.price !== undefined) quote.bid = Bid.price;
    if (Bid?.size !== undefined) quote.bidSize = Bid.size;
    if (Offer?.price !== undefined) quote.ask = Offer.price;
    if (Offer?.size !== undefined) quote.askSize = Offer.size;
    if (Trade?.price !== undefined) quote.last = Trade.price;
    if (quote.bid !== undefined || quote.ask !== undefined || quote.last !== undefined) {
      out.push(quote);
    }
  }
  for (const d of md.doms ?? []) {
    const quote: Quote = { source: "tradovate-dom", contractId: d.contractId, time: d.timestamp };
    // Best levels by price rather than by position: the wire's order is not a promise.
    const bestBid = d.bids.reduce<(typeof d.bids)[number] | undefined>(
      (best, l) => (best === undefined || l.price > best.price ? l : best),
      undefined,
    );
    const bestAsk = d.offers.reduce<(typeof d.offers)[number] | undefined>(
      (best, l) => (best === undefined || l.price < best.price ? l : best),
      undefined,
    );
    if (bestBid) Object.assign(quote, { bid: bestBid.price, bidSize: bestBid.size });
    if (bestAsk) Object.assign(quote, { ask: bestAsk.price, askSize: bestAsk.size });
    if (bestBid || bestAsk) out.push(quote);
  }
  return out;
}

function hasField(v: unknown, key: string, value: string): boolean {
  return typeof v === "object" && v !== null && (v as Record<string, unknown>)[key] === value;
}
