/**
 * Every quote update of a tape in order, as the state of its symbol after the update (missing
 * fields keep their previous value, as the ledger treats them). Columns of numbers, so a
 * million updates stay a few tens of megabytes.
 */

/** One symbol's latest bid/ask/last. */
interface Top {
  bid: number | null;
  ask: number | null;
  last: number | null;
}

/** Quote updates in tape order. */
export class QuoteLog {
  readonly symbols: string[] = [];
  readonly venues: Array<"tradovate" | "trademanager"> = [];
  readonly seq: number[] = [];
  readonly x: number[] = [];
  readonly sym: number[] = [];
  readonly bid: Array<number | null> = [];
  readonly ask: Array<number | null> = [];
  readonly last: Array<number | null> = [];
  readonly #index = new Map<string, number>();
  readonly #tops: Top[] = [];

  /** Appends an update of `symbol` (quoted on `venue`) at event `seq`, chart time `x`. */
  add(
    venue: "tradovate" | "trademanager",
    symbol: string,
    seq: number,
    x: number,
    q: { bid?: number; ask?: number; last?: number },
  ): void {
    const id = `${venue} ${symbol}`;
    let s = this.#index.get(id);
    if (s === undefined) {
      s = this.symbols.length;
      this.#index.set(id, s);
      this.symbols.push(symbol);
      this.venues.push(venue);
      this.#tops.push({ bid: null, ask: null, last: null });
    }
    const top = this.#tops[s] as Top;
    if (q.bid !== undefined) top.bid = q.bid;
    if (q.ask !== undefined) top.ask = q.ask;
    if (q.last !== undefined) top.last = q.last;
    this.seq.push(seq);
    this.x.push(x);
    this.sym.push(s);
    this.bid.push(top.bid);
    this.ask.push(top.ask);
    this.last.push(top.last);
  }

  get length(): number {
    return this.seq.length;
  }
}
