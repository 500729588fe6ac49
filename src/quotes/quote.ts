/**
 * One quote shape for every source: what a price consumer (the ledger's marks, the report's
 * charts) needs, whatever frame it came from. Every field but `source` is optional because
 * venues send partial updates.
 */
export interface Quote {
  /** Which extractor produced it: the venue's own format, or the generic JSON heuristics. */
  source: QuoteSource;
  /** A name: TradingView ticker (`ES1!`), Tradovate contract name (`ESZ5`) or any symbol. */
  symbol?: string;
  /** Tradovate's numeric contract id (quotes are keyed by it, not by name). */
  contractId?: number;
  bid?: number;
  ask?: number;
  last?: number;
  bidSize?: number;
  askSize?: number;
  /** The frame's own timestamp as sent (ISO text or epoch number), not the tape's time. */
  time?: string | number;
}

export type QuoteSource = "tradovate-quote" | "tradovate-dom" | "trademanager" | "json";

/** The price and size fields of a {@link Quote}. */
export const QUOTE_NUMBER_FIELDS = ["bid", "ask", "last", "bidSize", "askSize"] as const;
export type QuoteNumberField = (typeof QUOTE_NUMBER_FIELDS)[number];
