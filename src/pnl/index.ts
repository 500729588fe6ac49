/**
 * The P&L area's public face: exact money, contracts and symbols, the ledger and the
 * reconciliation core. Protocol-neutral: callers translate venue messages into these inputs.
 */

export {
  type ContractMonth,
  dayNumber,
  expiryDay,
  frontMonth,
  isoDay,
  rollDay,
} from "./calendar.js";
export {
  type ContractSpec,
  ContractTable,
  DEFAULT_CONTRACTS,
  type ExpiryRule,
  type FeeClass,
  type ProductFacts,
} from "./contracts.js";
export {
  DEFAULT_FEES,
  type FeeSchedule,
  type FeeSettings,
  feeSchedule,
  futuresFeePerSide,
  NO_FEES,
  spotFeeRate,
} from "./fees.js";
export { canonicalSymbol, type Instrument, resolveInstrument } from "./instrument.js";
export {
  type AccountKey,
  type Close,
  describeKey,
  type FillInput,
  type FillResult,
  keyId,
  Ledger,
  type LedgerKey,
  type LedgerOptions,
  type PositionRow,
  type QuoteInput,
  type RecordKey,
  type Timestamp,
} from "./ledger.js";
export { chooseMark, type MarkChoice, type MarkKind, type QuoteTicks } from "./marks.js";
export {
  type Currency,
  formatMicros,
  formatMoney,
  formatUsd,
  MICROS_PER_UNIT,
  type Micros,
  parseMicros,
  roundToCents,
} from "./money.js";
export { MONTH_CODES, monthCode, monthOfCode } from "./months.js";
export type { Matching, Side } from "./position-book.js";
export { formatDecimal, parseDecimal, type Ratio, ratio } from "./ratio.js";
export {
  type Disagreement,
  type Observation,
  type RealizedPnlObservation,
  type ReconcileOptions,
  Reconciler,
  reconcile,
  type TradeManagerObservation,
  type TradovatePositionObservation,
  tradeManagerPnl,
} from "./reconcile.js";
export { SPOT_PAIRS, type SpotSpec } from "./spot.js";
export {
  contractMonthOf,
  formatTradingView,
  formatTradovate,
  type ParsedSymbol,
  parseSymbol,
  requireSymbol,
  toTradingView,
  toTradovate,
  type UnrecognisedSymbol,
} from "./symbols.js";
export { formatPrice, priceToTicks, type TickGrid, tryPriceToTicks } from "./ticks.js";
export { formatThirtySeconds, parseThirtySeconds } from "./treasury-price.js";
