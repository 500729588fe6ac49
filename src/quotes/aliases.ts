import type { QuoteNumberField } from "./quote.js";

/**
 * Key aliases seen in the wild, lower-cased with `_`/`-` removed. One-letter aliases (`b`, `a`)
 * are accepted because compact feeds use them; they only count when the value is numeric.
 */
const PRICE_ALIASES: Record<string, QuoteNumberField> = {
  bid: "bid",
  bidprice: "bid",
  bestbid: "bid",
  b: "bid",
  bp: "bid",
  ask: "ask",
  offer: "ask",
  askprice: "ask",
  offerprice: "ask",
  bestask: "ask",
  bestoffer: "ask",
  a: "ask",
  ap: "ask",
  last: "last",
  lastprice: "last",
  price: "last",
  trade: "last",
  tradeprice: "last",
  lasttradeprice: "last",
  close: "last",
  bidsize: "bidSize",
  bidqty: "bidSize",
  bidvolume: "bidSize",
  bs: "bidSize",
  asksize: "askSize",
  offersize: "askSize",
  askqty: "askSize",
  askvolume: "askSize",
  as: "askSize",
};

/** Keys that name what is quoted. */
const SYMBOL_ALIASES = new Set([
  "symbol",
  "ticker",
  "instrument",
  "contract",
  "contractname",
  "sym",
]);
const CONTRACT_ID_ALIASES = new Set(["contractid"]);
const TIME_ALIASES = new Set(["timestamp", "time", "ts", "datetime", "date"]);

/** Folds a key for alias lookup: case, `_` and `-` do not matter. */
export function foldKey(key: string): string {
  return key.toLowerCase().replace(/[_-]/g, "");
}

export type KeyRole =
  | { role: "number"; field: QuoteNumberField }
  | { role: "symbol" }
  | { role: "contractId" }
  | { role: "time" }
  | { role: "other" };

/** What a key means for quote extraction. */
export function keyRole(key: string): KeyRole {
  const k = foldKey(key);
  const field = PRICE_ALIASES[k];
  if (field) return { role: "number", field };
  if (SYMBOL_ALIASES.has(k)) return { role: "symbol" };
  if (CONTRACT_ID_ALIASES.has(k)) return { role: "contractId" };
  if (TIME_ALIASES.has(k)) return { role: "time" };
  return { role: "other" };
}
