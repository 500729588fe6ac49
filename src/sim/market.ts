/**
 * The replayed market as the simulator sees it: for each contract, the book after every
 * recorded quote or DOM update, in tape order, with prices as integer ticks. Built once per tape
 * from the recorded md events of every connection (whether or not a client subscribes to them),
 * so an order on any contract the tape has a market for can be matched.
 *
 * Memory: one small object per update of each contract (the DOM's levels when recorded). It is
 * built only when a session simulates orders.
 */
import { isObject } from "../protocols/tradovate/json.js";
import type { Dom, Quote } from "../protocols/tradovate/md.js";

/** One price level: price in ticks, size in contracts. */
export interface Level {
  readonly ticks: number;
  readonly size: number;
}

/** The market of one contract after one recorded update. Prices are ticks. */
export interface Book {
  /** Tape time of the update, µs. */
  readonly t: number;
  readonly seq: number;
  readonly bid: number | undefined;
  readonly bidSize: number | undefined;
  readonly ask: number | undefined;
  readonly askSize: number | undefined;
  /** The last trade price (Tradovate refreshes it on bid/ask updates too). */
  readonly last: number | undefined;
  readonly totalVolume: number | undefined;
  /** Contracts that traded in this update (0: none), at `last`. */
  readonly traded: number;
  /** DOM levels, best first, when a DOM was recorded; `domT` says when. */
  readonly bids: readonly Level[] | undefined;
  readonly offers: readonly Level[] | undefined;
  readonly domT: number | undefined;
  /** When the top of book (Bid/Offer entries) last changed. */
  readonly topT: number | undefined;
}

/** One update of the merged market stream: which contract and which of its books. */
export interface MarketUpdate {
  readonly t: number;
  readonly seq: number;
  readonly contractId: number;
  /** Index into the contract's books. */
  readonly index: number;
}

/** A recorded md message: its tape time, seq and JSON text (`{"e":"md","d":{...}}`). */
export interface MdMessage {
  readonly t: number;
  readonly seq: number;
  readonly text: string;
}

/** Converts a wire price of a contract to ticks; undefined when the contract is unknown. */
export type TicksOf = (contractId: number, price: number) => number | undefined;

/** The market of a whole tape. Read-only once built. */
export class MarketTape {
  readonly #books = new Map<number, Book[]>();
  readonly #updates: MarketUpdate[] = [];

  /** Contracts the tape has a market for. */
  contracts(): number[] {
    return [...this.#books.keys()];
  }

  /** True when the tape recorded any quote or DOM of `contractId`. */
  has(contractId: number): boolean {
    return this.#books.has(contractId);
  }

  /** Every update of every contract, in tape order. */
  get updates(): readonly MarketUpdate[] {
    return this.#updates;
  }

  /** The book of update `u`. */
  book(u: MarketUpdate): Book {
    return this.#books.get(u.contractId)![u.index]!;
  }

  /** The latest book of `contractId` at or before tape time `t`, or undefined. */
  at(contractId: number, t: number): Book | undefined {
    const list = this.#books.get(contractId);
    if (!list) return undefined;
    let lo = 0;
    let hi = list.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid]!.t <= t) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found < 0 ? undefined : list[found];
  }

  /** The index of the first merged update at or after tape time `t`. */
  firstUpdateAt(t: number): number {
    let lo = 0;
    let hi = this.#updates.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.#updates[mid]!.t < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Adds one update (tape order). Used by {@link buildMarketTape} and tests. */
  push(contractId: number, next: Omit<Book, "traded"> & { traded?: number }): Book {
    let list = this.#books.get(contractId);
    if (!list) {
      list = [];
      this.#books.set(contractId, list);
    }
    const book: Book = { ...next, traded: next.traded ?? 0 };
    list.push(book);
    this.#updates.push({ t: book.t, seq: book.seq, contractId, index: list.length - 1 });
    return book;
  }

  /** The latest book of a contract so far (while building). */
  latest(contractId: number): Book | undefined {
    return this.#books.get(contractId)?.at(-1);
  }
}

const EMPTY: Omit<Book, "t" | "seq" | "traded"> = {
  bid: undefined,
  bidSize: undefined,
  ask: undefined,
  askSize: undefined,
  last: undefined,
  totalVolume: undefined,
  bids: undefined,
  offers: undefined,
  domT: undefined,
  topT: undefined,
};

/**
 * Builds the market from recorded md messages in tape order. The same update recorded on two
 * sockets (md and replay) is kept once: a message with the same text as the contract's previous
 * one adds nothing. Messages that are not md events, or name unknown contracts, are skipped.
 */
export function buildMarketTape(messages: Iterable<MdMessage>, ticksOf: TicksOf): MarketTape {
  const tape = new MarketTape();
  const lastText = new Map<number, string>();
  for (const m of messages) {
    if (!m.text.includes('"md"')) continue;
    let value: unknown;
    try {
      value = JSON.parse(m.text);
    } catch {
      continue;
    }
    if (!isObject(value) || value.e !== "md" || !isObject(value.d)) continue;
    const d = value.d;
    if (Array.isArray(d.quotes)) {
      for (const q of d.quotes)
        if (isObject(q)) applyQuote(tape, m, q as unknown as Quote, ticksOf, lastText);
    }
    if (Array.isArray(d.doms)) {
      for (const x of d.doms)
        if (isObject(x)) applyDom(tape, m, x as unknown as Dom, ticksOf, lastText);
    }
  }
  return tape;
}

function entry(q: Quote, name: "Bid" | "Offer" | "Trade" | "TotalTradeVolume") {
  const e = isObject(q.entries) ? (q.entries as Record<string, unknown>)[name] : undefined;
  if (!isObject(e)) return undefined;
  const price = typeof e.price === "number" && Number.isFinite(e.price) ? e.price : undefined;
  const size = typeof e.size === "number" && Number.isFinite(e.size) ? e.size : undefined;
  return { price, size };
}

function applyQuote(
  tape: MarketTape,
  m: MdMessage,
  q: Quote,
  ticksOf: TicksOf,
  lastText: Map<number, string>,
): void {
  if (typeof q.contractId !== "number") return;
  const id = q.contractId;
  const key = JSON.stringify(q);
  if (lastText.get(id) === key) return;
  lastText.set(id, key);
  const prev = tape.latest(id);
  const base = prev ?? { ...EMPTY, t: m.t, seq: m.seq, traded: 0 };
  const bid = entry(q, "Bid");
  const offer = entry(q, "Offer");
  const trade = entry(q, "Trade");
  const volume = entry(q, "TotalTradeVolume");
  const tick = (p: number | undefined) => (p === undefined ? undefined : ticksOf(id, p));
  const bidT = tick(bid?.price);
  const askT = tick(offer?.price);
  const lastT = tick(trade?.price);
  const totalVolume = volume?.size ?? base.totalVolume;
  // A trade happened when the day's volume grew; without a volume entry, when the last trade
  // itself changed (the Trade entry alone is refreshed on quote updates, so it is no signal).
  let traded = 0;
  if (volume?.size !== undefined && base.totalVolume !== undefined) {
    traded = Math.max(0, volume.size - base.totalVolume);
  } else if (volume?.size === undefined && prev !== undefined && lastT !== undefined) {
    if (lastT !== base.last) traded = Math.max(1, Math.round(trade?.size ?? 1));
  }
  const topChanged = bidT !== undefined || askT !== undefined;
  tape.push(id, {
    ...base,
    t: m.t,
    seq: m.seq,
    bid: bidT ?? base.bid,
    bidSize: bidT !== undefined ? bid?.size : base.bidSize,
    ask: askT ?? base.ask,
    askSize: askT !== undefined ? offer?.size : base.askSize,
    last: lastT ?? base.last,
    totalVolume,
    traded,
    topT: topChanged ? m.t : base.topT,
  });
}

function levels(list: unknown, id: number, ticksOf: TicksOf, bids: boolean): Level[] {
  if (!Array.isArray(list)) return [];
  const out: Level[] = [];
  for (const l of list) {
    if (!isObject(l) || typeof l.price !== "number" || typeof l.size !== "number") continue;
    const ticks = ticksOf(id, l.price);
    if (ticks === undefined || !(l.size > 0)) continue;
    out.push({ ticks, size: l.size });
  }
  // Best first, whatever order the wire used.
  out.sort((a, b) => (bids ? b.ticks - a.ticks : a.ticks - b.ticks));
  return out;
}

function applyDom(
  tape: MarketTape,
  m: MdMessage,
  dom: Dom,
  ticksOf: TicksOf,
  lastText: Map<number, string>,
): void {
  if (typeof dom.contractId !== "number") return;
  const id = dom.contractId;
  const key = `dom:${JSON.stringify(dom)}`;
  if (lastText.get(-id - 1) === key) return;
  lastText.set(-id - 1, key);
  const base = tape.latest(id) ?? { ...EMPTY, t: m.t, seq: m.seq, traded: 0 };
  const bids = levels(dom.bids, id, ticksOf, true);
  const offers = levels(dom.offers, id, ticksOf, false);
  tape.push(id, { ...base, t: m.t, seq: m.seq, bids, offers, domT: m.t, traded: 0 });
}

/**
 * The levels a taker of `side` can trade against in `book`, best first: the DOM when it is at
 * least as fresh as the top of book, else the top of book with its recorded size (a missing
 * size counts as unlimited: the tape does not say).
 */
export function takeableLevels(book: Book, side: "Buy" | "Sell"): Level[] {
  const domFresh = book.domT !== undefined && (book.topT === undefined || book.domT >= book.topT);
  if (domFresh) {
    const list = side === "Buy" ? book.offers : book.bids;
    if (list && list.length > 0) return [...list];
  }
  const price = side === "Buy" ? book.ask : book.bid;
  const size = side === "Buy" ? book.askSize : book.bidSize;
  if (price === undefined) return [];
  return [{ ticks: price, size: size !== undefined && size > 0 ? size : Number.POSITIVE_INFINITY }];
}

/** The best price a taker of `side` faces in `book` (ask for a buy, bid for a sell). */
export function bestOpposite(book: Book, side: "Buy" | "Sell"): number | undefined {
  return takeableLevels(book, side)[0]?.ticks;
}
