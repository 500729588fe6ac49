/**
 * Matching rules, pure: what a taker gets from a book, when a resting limit fills under each
 * fill model, when a stop triggers. Prices are integer ticks; a buy never pays above its limit
 * nor below what the market offered, a sell never gets below its limit nor above what the
 * market bid (docs/replay.md, "Simulated orders").
 */
import type { Action } from "../protocols/tradovate/entities.js";
import { type Book, takeableLevels } from "./market.js";
import type { FillModel, StopTrigger } from "./types.js";

/** One execution: quantity and price in ticks. */
export interface Execution {
  readonly qty: number;
  readonly ticks: number;
}

/**
 * Liquidity already taken from each level of one book by earlier orders in the same update, so
 * two orders cannot both take the same displayed size. Keyed by side and price.
 */
export class Consumed {
  readonly #taken = new Map<string, number>();

  get(side: Action, ticks: number): number {
    return this.#taken.get(`${side}:${ticks}`) ?? 0;
  }

  add(side: Action, ticks: number, qty: number): void {
    this.#taken.set(`${side}:${ticks}`, this.get(side, ticks) + qty);
  }
}

/** True when `limit` is at or better than `ticks` for a taker of `side`. */
function within(side: Action, ticks: number, limit: number | undefined): boolean {
  if (limit === undefined) return true;
  return side === "Buy" ? ticks <= limit : ticks >= limit;
}

/**
 * What a taker order of `side` for `qty` gets from `book` now: the opposite levels best first
 * (the DOM when fresh, else the top of book and its size), each no worse than `limit`
 * (undefined: a market order). One execution per level. Records what it took in `consumed`.
 */
export function take(
  book: Book,
  side: Action,
  qty: number,
  limit: number | undefined,
  consumed: Consumed,
): Execution[] {
  const out: Execution[] = [];
  let left = qty;
  for (const level of takeableLevels(book, side)) {
    if (left <= 0 || !within(side, level.ticks, limit)) break;
    const free = level.size - consumed.get(side, level.ticks);
    if (free <= 0) continue;
    const q = Math.min(left, free);
    out.push({ qty: q, ticks: level.ticks });
    consumed.add(side, level.ticks, q);
    left -= q;
  }
  return out;
}

/** How much a taker could get now within `limit`, ignoring what others took (for FOK). */
export function available(
  book: Book,
  side: Action,
  limit: number | undefined,
  consumed: Consumed,
): number {
  let n = 0;
  for (const level of takeableLevels(book, side)) {
    if (!within(side, level.ticks, limit)) break;
    n += Math.max(0, level.size - consumed.get(side, level.ticks));
  }
  return n;
}

/** True when a limit of `side` at `price` could trade with the book at once. */
export function marketable(book: Book, side: Action, price: number): boolean {
  const best = takeableLevels(book, side)[0];
  return best !== undefined && within(side, best.ticks, price);
}

/**
 * The size ahead of a new resting order at `price`: the DOM size at that price on its own side,
 * else the top-of-book size when it is the best price, else 0 (a new best price, or a level the
 * tape shows no size for).
 */
export function queueAheadAt(book: Book, side: Action, price: number): number {
  const own = side === "Buy" ? book.bids : book.offers;
  const level = own?.find((l) => l.ticks === price);
  if (level) return level.size;
  const best = side === "Buy" ? book.bid : book.ask;
  const size = side === "Buy" ? book.bidSize : book.askSize;
  return best === price && size !== undefined ? size : 0;
}

/** The result of checking a resting limit against one update. */
export interface RestingResult {
  readonly qty: number;
  readonly queueAhead: number;
}

/**
 * A resting limit of `side` at `price` with `remaining` qty against update `book`:
 * - touch: fills everything when the market trades at or through its price, or the opposite
 *   side reaches it;
 * - through: only when it trades or is offered (bid) beyond its price;
 * - queue: going through fills everything; a trade at its price first uses up `queueAhead`,
 *   and only what trades beyond that fills it.
 * Fills are at the order's own price.
 */
export function restingFill(
  book: Book,
  side: Action,
  price: number,
  remaining: number,
  queueAhead: number,
  model: FillModel,
): RestingResult {
  const buy = side === "Buy";
  const opposite = buy ? book.ask : book.bid;
  const printed = book.traded > 0 && book.last !== undefined ? book.last : undefined;
  const beyond = (p: number | undefined) => p !== undefined && (buy ? p < price : p > price);
  const at = (p: number | undefined) => p !== undefined && p === price;
  if (beyond(opposite) || beyond(printed)) return { qty: remaining, queueAhead: 0 };
  if (model === "touch" && (at(opposite) || at(printed))) return { qty: remaining, queueAhead: 0 };
  if (model === "queue" && at(printed)) {
    const through = book.traded - queueAhead;
    const ahead = Math.max(0, queueAhead - book.traded);
    return { qty: Math.max(0, Math.min(remaining, through)), queueAhead: ahead };
  }
  return { qty: 0, queueAhead };
}

/**
 * True when a stop of `side` at `stop` triggers on `book`: a buy stop when the last trade (or,
 * with "bidask", the ask) reaches it or above, a sell stop at or below.
 */
export function stopTriggered(
  book: Book,
  side: Action,
  stop: number,
  trigger: StopTrigger,
): boolean {
  const p = trigger === "last" ? book.last : side === "Buy" ? book.ask : book.bid;
  if (p === undefined) return false;
  return side === "Buy" ? p >= stop : p <= stop;
}
