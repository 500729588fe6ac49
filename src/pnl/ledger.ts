/**
 * The P&L ledger: fills in, positions and money out. Positions are netted per (account,
 * contract) for broker fills and per (strategy, ticker, timeframe) for Trade Manager records.
 * It takes neutral inputs (no protocol types) so any source can feed it.
 */

import { InputError } from "../errors.js";
import { type ContractTable, DEFAULT_CONTRACTS } from "./contracts.js";
import { DEFAULT_FEES, type FeeSchedule } from "./fees.js";
import { canonicalSymbol, type Instrument, qtyToUnits, resolveInstrument } from "./instrument.js";
import { chooseMark, type MarkKind, type QuoteTicks } from "./marks.js";
import { type Currency, type Micros, parseMicros } from "./money.js";
import { type BookClose, type Matching, PositionBook, type Side } from "./position-book.js";
import { formatDecimal, mulR, type Ratio, ratio, roundHalfAway } from "./ratio.js";
import { formatPrice, priceToTicks } from "./ticks.js";

/** A broker position: one account's one contract. */
export interface AccountKey {
  readonly account: string;
  readonly symbol: string;
}

/** A Trade Manager record: one strategy on one ticker and timeframe. */
export interface RecordKey {
  readonly strategy: string;
  readonly ticker: string;
  readonly timeframe: string;
}

/** What a position is netted by. */
export type LedgerKey = AccountKey | RecordKey;

/** A time as the source gave it (ISO text or epoch ms); the ledger only carries it. */
export type Timestamp = string | number;

/** One execution. `qty` is in contracts (futures) or coins (spot), always positive. */
export interface FillInput {
  readonly key: LedgerKey;
  readonly side: Side;
  readonly qty: number | string | bigint;
  /** Price as on the wire (24958.5, "71.12", ZN also "110-16.5"); must be on the tick grid. */
  readonly price: number | string;
  readonly time?: Timestamp;
  readonly id?: string;
  /**
   * This fill's fee in currency units ("2.58", 0), replacing the fee schedule: the venue's
   * actual commission, or 0 to seed a carried-in position (Tradovate's prevPos/prevPrice).
   */
  readonly fee?: number | string;
}

/** One quote update. Missing fields keep their previous value; null forgets it. */
export interface QuoteInput {
  readonly symbol: string;
  readonly bid?: number | string | null;
  readonly ask?: number | string | null;
  readonly last?: number | string | null;
  readonly time?: Timestamp;
}

/** A closed piece of a fill, in money. */
export interface Close {
  /** Quantity steps closed. */
  readonly qty: bigint;
  readonly entryTicks: Ratio;
  readonly exitTicks: bigint;
  readonly realized: Micros;
}

/** What `fill` did. Quantities are in quantity steps (contracts, or 1e-8 coin). */
export interface FillResult {
  readonly keyId: string;
  readonly positionBefore: bigint;
  readonly position: bigint;
  readonly closedQty: bigint;
  readonly openedQty: bigint;
  readonly closes: readonly Close[];
  /** Realized P&L this fill added (0 unless it closed something), before fees. */
  readonly realized: Micros;
  readonly fee: Micros;
  /** False when a figure above had digits below the micro-unit and was rounded (spot only). */
  readonly exact: boolean;
}

/** One row of a snapshot: a position and its money under a stated mark. */
export interface PositionRow {
  readonly key: LedgerKey;
  readonly keyId: string;
  /** Canonical symbol or ticker. */
  readonly symbol: string;
  readonly currency: Currency;
  /** Signed quantity steps (contracts, or 1e-8 coin). */
  readonly position: bigint;
  /** Signed quantity in natural units, exact: `-2`, `0.5`. */
  readonly quantity: string;
  /** Average entry price of the open quantity in ticks (FIFO: of the open lots), null when flat. */
  readonly avgPriceTicks: Ratio | null;
  /** The same as a price, as the contract is quoted (`21005.00`, `110-16.5`). */
  readonly avgPrice: string | null;
  readonly bought: bigint;
  readonly sold: bigint;
  /** Sum of quantity steps * price ticks bought / sold. */
  readonly boughtTicks: bigint;
  readonly soldTicks: bigint;
  readonly realized: Micros;
  /** Null when the position is open and no price at all is known for it. */
  readonly unrealized: Micros | null;
  readonly fees: Micros;
  /** realized + unrealized - fees; null when unrealized is. */
  readonly net: Micros | null;
  readonly markRequested: MarkKind;
  /** Null when flat (no mark needed) or when no price is known. */
  readonly markUsed: MarkKind | null;
  readonly markTicks: Ratio | null;
  /** Why markUsed is not markRequested, or that no price was known. */
  readonly markFallback?: string;
  readonly fills: number;
  readonly lastFillTime?: Timestamp;
  /** False when a figure had digits below the micro-unit and was rounded (spot only). */
  readonly exact: boolean;
}

/** Ledger settings. */
export interface LedgerOptions {
  /** Lot matching for realized P&L; default "fifo" (US futures, Tradovate's fillPairs). */
  readonly matching?: Matching;
  /** Default: DEFAULT_FEES (indicative Tradovate commissions, 0.1% spot). */
  readonly fees?: FeeSchedule;
  /** Default: DEFAULT_CONTRACTS; pass `table.withProduct(...)` to apply a tape's products. */
  readonly contracts?: ContractTable;
}

interface Entry {
  readonly key: LedgerKey;
  readonly keyId: string;
  readonly book: PositionBook;
  lastFillTime?: Timestamp;
}

interface QuoteSlot extends QuoteTicks {
  readonly instrument: Instrument;
}

/** Ledger of netted positions with exact realized/unrealized P&L and fees. */
export class Ledger {
  readonly matching: Matching;
  readonly fees: FeeSchedule;
  readonly contracts: ContractTable;
  readonly #entries = new Map<string, Entry>();
  readonly #instruments = new Map<string, Instrument>();
  /** Quote slots by canonical symbol, and the same slots by the raw text last seen. */
  readonly #quotes = new Map<string, QuoteSlot>();
  readonly #quotesByRaw = new Map<string, QuoteSlot>();

  constructor(options: LedgerOptions = {}) {
    this.matching = options.matching ?? "fifo";
    this.fees = options.fees ?? DEFAULT_FEES;
    this.contracts = options.contracts ?? DEFAULT_CONTRACTS;
  }

  /** Applies a fill. Throws InputError for unknown symbols and off-grid prices or quantities. */
  fill(input: FillInput): FillResult {
    const inst = this.instrument(symbolOf(input.key));
    const where = describeKey(input.key) + (input.id !== undefined ? ` fill ${input.id}` : "");
    if (input.side !== "BUY" && input.side !== "SELL") {
      throw new InputError(
        `${where}: side must be BUY or SELL, got ${JSON.stringify(input.side)}`,
        "SIDE",
      );
    }
    const qty = qtyToUnits(input.qty, inst, where);
    const ticks = priceToTicks(input.price, inst.grid, where);
    const fee = input.fee === undefined ? undefined : feeOf(input.fee, inst, where);
    // Only a valid fill creates a position: a rejected one leaves no trace.
    const entry = this.#entry(input.key, inst);
    const r = entry.book.apply(input.side, qty, ticks, fee);
    if (input.time !== undefined) entry.lastFillTime = input.time;
    const conv = new Converter(inst);
    const closes = r.closes.map((c: BookClose) => ({
      qty: c.qty,
      entryTicks: c.entryTicks,
      exitTicks: c.exitTicks,
      realized: conv.micros(c.realized),
    }));
    return {
      keyId: entry.keyId,
      positionBefore: r.positionBefore,
      position: r.position,
      closedQty: r.closedQty,
      openedQty: r.openedQty,
      closes,
      realized: conv.micros(r.realized),
      fee: conv.micros(r.fee),
      exact: conv.exact,
    };
  }

  /**
   * Records a quote. O(1): converts the given prices to ticks and stores them; unrealized P&L
   * is computed only when a snapshot asks. Throws InputError for off-grid prices.
   */
  mark(q: QuoteInput): void {
    let slot = this.#quotesByRaw.get(q.symbol);
    if (slot === undefined) slot = this.#slot(q.symbol);
    const grid = slot.instrument.grid;
    // Convert every field before storing any, so a bad field leaves the quote untouched.
    const bid = q.bid == null ? undefined : priceToTicks(q.bid, grid, q.symbol);
    const ask = q.ask == null ? undefined : priceToTicks(q.ask, grid, q.symbol);
    const last = q.last == null ? undefined : priceToTicks(q.last, grid, q.symbol);
    if (q.bid !== undefined) slot.bid = bid;
    if (q.ask !== undefined) slot.ask = ask;
    if (q.last !== undefined) slot.last = last;
    if (q.time !== undefined) slot.time = q.time;
  }

  /** The latest quote of a symbol in ticks, or undefined. */
  quote(symbol: string): QuoteTicks | undefined {
    const s = this.#quotes.get(canonicalSymbol(symbol));
    return s && { bid: s.bid, ask: s.ask, last: s.last, time: s.time };
  }

  /** One row per key, in the order keys were first seen. */
  snapshot(options: { mark?: MarkKind } = {}): PositionRow[] {
    const mark = options.mark ?? "bidask";
    return [...this.#entries.values()].map((e) => this.#row(e, mark));
  }

  /** The row of one key, or undefined when it never traded. */
  row(key: LedgerKey, options: { mark?: MarkKind } = {}): PositionRow | undefined {
    const e = this.#entries.get(keyId(key));
    return e && this.#row(e, options.mark ?? "bidask");
  }

  /** The live book of a key (for reconciliation and tests; read it, never change it), or undefined. */
  book(key: LedgerKey): PositionBook | undefined {
    return this.#entries.get(keyId(key))?.book;
  }

  /** The instrument a symbol resolves to under this ledger's table and fees. */
  instrument(symbol: string): Instrument {
    const canon = canonicalSymbol(symbol);
    let inst = this.#instruments.get(canon);
    if (inst === undefined) {
      inst = resolveInstrument(canon, this.contracts, this.fees);
      this.#instruments.set(canon, inst);
    }
    return inst;
  }

  #entry(key: LedgerKey, instrument: Instrument): Entry {
    const id = keyId(key);
    let e = this.#entries.get(id);
    if (e === undefined) {
      const book = new PositionBook(instrument, this.matching);
      e = { key, keyId: id, book };
      this.#entries.set(id, e);
    }
    return e;
  }

  #slot(raw: string): QuoteSlot {
    const canon = canonicalSymbol(raw);
    let slot = this.#quotes.get(canon);
    if (slot === undefined) {
      const instrument = this.instrument(canon);
      slot = { instrument, bid: undefined, ask: undefined, last: undefined, time: undefined };
      this.#quotes.set(canon, slot);
    }
    this.#quotesByRaw.set(raw, slot);
    return slot;
  }

  #row(e: Entry, requested: MarkKind): PositionRow {
    const { book } = e;
    const inst = book.instrument;
    const conv = new Converter(inst);
    const avg = book.avgTicks();
    let unrealized: Micros | null = 0n;
    let markUsed: MarkKind | null = null;
    let markTicks: Ratio | null = null;
    let markFallback: string | undefined;
    if (book.position !== 0n) {
      const choice = chooseMark(
        this.#quotes.get(inst.symbol),
        requested,
        book.position,
        inst.symbol,
      );
      if (choice === null) {
        unrealized = null;
        markFallback = `no price known for ${inst.symbol}`;
      } else {
        const u = book.unrealizedAt(choice.ticks);
        unrealized = conv.micros(u.num, u.den);
        markUsed = choice.used;
        markTicks = choice.ticks;
        markFallback = choice.fallback;
      }
    }
    const realized = conv.micros(book.realized);
    const fees = conv.micros(book.fees);
    const netFine =
      unrealized === null ? null : addFine(book.realized - book.fees, book, markTicks);
    const row: PositionRow = {
      key: e.key,
      keyId: e.keyId,
      symbol: inst.symbol,
      currency: inst.currency,
      position: book.position,
      quantity: formatDecimal(mulR(ratio(book.position), inst.qtyStep), 18),
      avgPriceTicks: avg,
      avgPrice: avg === null ? null : formatPrice(avg, inst.grid),
      bought: book.bought,
      sold: book.sold,
      boughtTicks: book.boughtTicks,
      soldTicks: book.soldTicks,
      realized,
      unrealized,
      fees,
      net: netFine === null ? null : conv.micros(netFine.num, netFine.den),
      markRequested: requested,
      markUsed,
      markTicks,
      fills: book.fills,
      exact: conv.exact,
    };
    const extra: { markFallback?: string; lastFillTime?: Timestamp } = {};
    if (markFallback !== undefined) extra.markFallback = markFallback;
    if (e.lastFillTime !== undefined) extra.lastFillTime = e.lastFillTime;
    return { ...row, ...extra };
  }
}

/** A per-fill fee override in fine units; InputError unless a non-negative whole micro-amount. */
function feeOf(value: number | string, inst: Instrument, where: string): bigint {
  const m = parseMicros(value);
  if (m === null || m < 0n) {
    throw new InputError(
      `${where}: fee ${JSON.stringify(value)} is not a non-negative amount`,
      "FEES",
    );
  }
  return m * inst.finePerMicro;
}

/** realized - fees + unrealized at the mark, exact in fine units (a ratio for half ticks). */
function addFine(base: bigint, book: PositionBook, markTicks: Ratio | null): Ratio {
  if (markTicks === null) return ratio(base);
  const u = book.unrealizedAt(markTicks);
  return ratio(base * u.den + u.num, u.den);
}

/** Fine units to micro-units, remembering whether anything had to be rounded. */
class Converter {
  exact = true;
  readonly #per: bigint;

  constructor(inst: Instrument) {
    this.#per = inst.finePerMicro;
  }

  micros(fine: bigint, den = 1n): Micros {
    const d = den * this.#per;
    if (d === 1n) return fine;
    if (fine % d !== 0n) this.exact = false;
    return roundHalfAway(fine, d);
  }
}

function isAccountKey(key: LedgerKey): key is AccountKey {
  return (key as AccountKey).account !== undefined;
}

function symbolOf(key: LedgerKey): string {
  return isAccountKey(key) ? key.symbol : key.ticker;
}

/** A stable identity for a key: the same position however its symbol was spelled. */
export function keyId(key: LedgerKey): string {
  return isAccountKey(key)
    ? JSON.stringify(["account", String(key.account), canonicalSymbol(key.symbol)])
    : JSON.stringify(["record", key.strategy, canonicalSymbol(key.ticker), String(key.timeframe)]);
}

/** A key as people read it: `account 123 ESZ5`, `record ROG-15SV NQ1! 15`. */
export function describeKey(key: LedgerKey): string {
  return isAccountKey(key)
    ? `account ${key.account} ${key.symbol}`
    : `record ${key.strategy} ${key.ticker} ${key.timeframe}`;
}
