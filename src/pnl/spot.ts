/**
 * Crypto spot pairs (Trade Manager trades `BTCUSDT` and `BTCUSD` from TradingView alerts).
 * Spot is linear in coins: P&L = coins * price move, with coins as scaled integers.
 */

import type { Currency } from "./money.js";
import { type Ratio, ratio } from "./ratio.js";
import { type TickGrid, tickGrid } from "./ticks.js";

/** One spot pair. Quantities are whole multiples of `qtyStep`, prices of the grid's tick. */
export interface SpotSpec {
  /** `BTCUSDT` */
  readonly pair: string;
  readonly base: string;
  /** The currency P&L and fees are in. */
  readonly quote: Currency;
  /** TradingView's usual exchange prefix for the pair. */
  readonly exchange: string;
  readonly grid: TickGrid;
  /** Smallest quantity step: 1e-8 coin (one satoshi for BTC). */
  readonly qtyStep: Ratio;
}

const SATOSHI = ratio(1n, 100_000_000n);
const CENT = tickGrid(ratio(1n, 100n));

function pair(base: string, quote: Currency, exchange: string): SpotSpec {
  return { pair: `${base}${quote}`, base, quote, exchange, grid: CENT, qtyStep: SATOSHI };
}

/** The spot pairs tapedeck knows, keyed by pair name without separators. */
export const SPOT_PAIRS: ReadonlyMap<string, SpotSpec> = new Map(
  [
    pair("BTC", "USDT", "BINANCE"),
    pair("BTC", "USD", "COINBASE"),
    pair("ETH", "USDT", "BINANCE"),
    pair("ETH", "USD", "COINBASE"),
  ].map((s) => [s.pair, s]),
);
