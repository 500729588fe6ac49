/**
 * `tapedeck pnl --csv` and `--json`: the same figures for machines. Money is exact (every digit
 * the ledger holds, e.g. `109.375`), never rounded to cents; positions are signed decimals.
 */
import { formatMicros } from "../money.js";
import type { PnlTapeReport } from "./analyze.js";
import { plainRows } from "./rows.js";

function csvCell(value: string | number): string {
  const s = String(value);
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

function csv(lines: ReadonlyArray<ReadonlyArray<string | number>>): string {
  return lines.map((l) => `${l.map(csvCell).join(",")}\n`).join("");
}

/** One line per position: accounts, then Trade Manager records. */
export function formatPnlCsv(report: PnlTapeReport): string {
  const head = [
    "venue",
    "owner",
    "owner_name",
    "symbol",
    "timeframe",
    "position",
    "avg_price",
    "avg_price_decimal",
    "currency",
    "realized",
    "unrealized",
    "fees",
    "net",
    "mark_requested",
    "mark_used",
    "mark_note",
    "fills",
  ];
  const rows = plainRows(report).map((r) => [
    r.venue,
    r.owner,
    r.ownerName ?? "",
    r.symbol,
    r.timeframe,
    r.position,
    r.avgPrice,
    r.avgDecimal,
    r.currency,
    r.realized,
    r.unrealized,
    r.fees,
    r.net,
    r.markRequested,
    r.markUsed,
    r.markFallback,
    r.fills,
  ]);
  return csv([head, ...rows]);
}

/** One line per fill, in tape order. */
export function formatTimelineCsv(report: PnlTapeReport): string {
  const head = [
    "seq",
    "t_us",
    "time",
    "venue",
    "key",
    "side",
    "qty",
    "price",
    "position",
    "currency",
    "realized",
    "fee",
    "key_realized",
    "net_total",
    "note",
  ];
  const rows = report.timeline.map((e) => [
    e.seq,
    e.t,
    e.time,
    e.venue,
    e.key,
    e.side,
    e.qty,
    e.price,
    e.position,
    e.currency,
    formatMicros(e.realized),
    formatMicros(e.fee),
    formatMicros(e.keyRealized),
    formatMicros(e.totalNet),
    e.note ?? "",
  ]);
  return csv([head, ...rows]);
}

/** The whole report as JSON (timeline only when it was collected). */
export function formatPnlJson(report: PnlTapeReport): string {
  const rows = plainRows(report).map(({ micros: _, ...r }) => r);
  const timeline = report.timeline.map((e) => ({
    ...e,
    realized: formatMicros(e.realized),
    fee: formatMicros(e.fee),
    keyRealized: formatMicros(e.keyRealized),
    totalNet: formatMicros(e.totalNet),
  }));
  const doc = {
    tape: report.tape,
    mark: report.mark,
    matching: report.matching,
    positions: rows,
    ...(timeline.length > 0 ? { timeline } : {}),
    reconciliation: report.reconciliation,
    notes: report.notes,
    notesDropped: report.notesDropped,
    stats: report.stats,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
