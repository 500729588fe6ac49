/**
 * A position row in the plain form every output shares: strings only, money as exact decimals
 * (every digit the ledger holds), prices as the contract is quoted (ZN also in decimal).
 */
import type { PositionRow } from "../ledger.js";
import { formatMicros } from "../money.js";
import { formatDecimal, mulR } from "../ratio.js";
import type { TickGrid } from "../ticks.js";
import type { PnlTapeReport } from "./analyze.js";
import type { Venue } from "./findings.js";

/** One position, printable. */
export interface PlainRow {
  readonly venue: Venue;
  /** Account id (Tradovate) or strategy (Trade Manager). */
  readonly owner: string;
  /** Account name when the tape gave one. */
  readonly ownerName?: string;
  /** Contract (ESZ5) or ticker (NQ1!). */
  readonly symbol: string;
  /** Trade Manager timeframe; empty for accounts. */
  readonly timeframe: string;
  /** Signed, natural units: `+2`, `-1`, `0`. */
  readonly position: string;
  /** As quoted (`6723.25`, `110-16.5`); empty when flat. */
  readonly avgPrice: string;
  /** Plain decimal of the average (ZN `110.515625`); empty when flat. */
  readonly avgDecimal: string;
  readonly currency: string;
  readonly realized: string;
  /** Empty when no price was known for an open position. */
  readonly unrealized: string;
  readonly fees: string;
  readonly net: string;
  readonly markRequested: string;
  /** Empty when flat or unpriced. */
  readonly markUsed: string;
  readonly markFallback: string;
  readonly fills: number;
  /** The exact money figures as micro-units (bigint), for totals and tests. */
  readonly micros: {
    readonly realized: bigint;
    readonly unrealized: bigint | null;
    readonly fees: bigint;
    readonly net: bigint | null;
  };
}

/** The rows of a report, accounts first, each in the order first traded. */
export function plainRows(report: PnlTapeReport): PlainRow[] {
  const out: PlainRow[] = [];
  for (const r of report.accounts) {
    const owner = "account" in r.key ? r.key.account : "";
    const name = report.accountNames[owner];
    out.push(plain("tradovate", r, owner, "", report.grids.get(r.keyId), name));
  }
  for (const r of report.records) {
    const k = r.key as { strategy: string; timeframe: string };
    out.push(plain("trademanager", r, k.strategy, k.timeframe, report.grids.get(r.keyId)));
  }
  return out;
}

function plain(
  venue: Venue,
  r: PositionRow,
  owner: string,
  timeframe: string,
  grid: TickGrid | undefined,
  ownerName?: string,
): PlainRow {
  const avgDecimal =
    r.avgPriceTicks === null || grid === undefined
      ? ""
      : formatDecimal(mulR(r.avgPriceTicks, grid.size), 10);
  return {
    venue,
    owner,
    ...(ownerName === undefined ? {} : { ownerName }),
    symbol: r.symbol,
    timeframe,
    position: r.position > 0n ? `+${r.quantity}` : r.quantity,
    avgPrice: r.avgPrice ?? "",
    avgDecimal,
    currency: r.currency,
    realized: formatMicros(r.realized),
    unrealized: r.unrealized === null ? "" : formatMicros(r.unrealized),
    fees: formatMicros(r.fees),
    net: r.net === null ? "" : formatMicros(r.net),
    markRequested: r.markRequested,
    markUsed: r.markUsed ?? "",
    markFallback: r.markFallback ?? "",
    fills: r.fills,
    micros: { realized: r.realized, unrealized: r.unrealized, fees: r.fees, net: r.net },
  };
}
