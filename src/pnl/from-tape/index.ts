/**
 * P&L from a tape: Tradovate and Trade Manager traffic fed through the ledger in one pass, the
 * venues' own figures reconciled against it, and the outputs of `tapedeck pnl`.
 */
export {
  analyzeEvents,
  analyzeTape,
  type PnlTapeOptions,
  type PnlTapeReport,
  type PnlTapeStats,
} from "./analyze.js";
export { Books, type TimelineEntry, VENUE_MATCHING } from "./books.js";
export { parseFeeSpec } from "./fee-spec.js";
export {
  type CheckCounts,
  MAX_NOTES,
  type TapeDisagreement,
  type TapeNote,
  type Venue,
} from "./findings.js";
export { formatPnlCsv, formatPnlJson, formatTimelineCsv } from "./format-machine.js";
export { formatPnlText, reconciliationText } from "./format-text.js";
export { type PlainRow, plainRows } from "./rows.js";
export { type TapeMoment, tapeClock } from "./tape-clock.js";
