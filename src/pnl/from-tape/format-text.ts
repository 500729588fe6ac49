/**
 * `tapedeck pnl` for people: a table per venue (accounts, then Trade Manager records), the
 * timeline when asked, notes, and the reconciliation summary. Money is rounded to cents here
 * and only here; a mark that stood in for the requested one is flagged and footnoted.
 */
import { type Currency, formatMoney, type Micros } from "../money.js";
import type { PnlTapeReport } from "./analyze.js";
import type { CheckCounts } from "./findings.js";
import { type PlainRow, plainRows } from "./rows.js";
import { type Column, textTable } from "./text-table.js";

/** How many notes and disagreements the text form lists before pointing at --json. */
export const TEXT_LIST_LIMIT = 50;

const MATCHING_NAMES = { fifo: "FIFO", average: "average price" } as const;

/** The report as text. */
export function formatPnlText(report: PnlTapeReport, options: { timeline?: boolean } = {}): string {
  const rows = plainRows(report);
  const footnotes: string[] = [];
  let out = `tape ${report.tape.label ?? report.tape.id}, started ${report.tape.started}\n`;
  const sections: Array<[PlainRow["venue"], string]> = [
    ["tradovate", "Tradovate accounts"],
    ["trademanager", "Trade Manager records"],
  ];
  for (const [venue, title] of sections) {
    const mine = rows.filter((r) => r.venue === venue);
    if (mine.length === 0) continue;
    out += `\n${title} (${MATCHING_NAMES[report.matching[venue]]}, mark ${report.mark})\n`;
    out += venueTable(venue, mine, footnotes);
  }
  if (rows.length === 0) out += "\nno fills in this tape\n";
  for (const [i, text] of footnotes.entries())
    out += `${i === 0 ? "\n" : ""}  [${i + 1}] ${text}\n`;
  if (options.timeline) out += timelineText(report);
  out += notesText(report);
  out += reconciliationText(report);
  return out;
}

function money(micros: Micros | null, currency: string): string {
  return micros === null ? "n/a" : formatMoney(micros, currency as Currency);
}

function venueTable(venue: PlainRow["venue"], rows: PlainRow[], footnotes: string[]): string {
  const head: Column[] =
    venue === "tradovate"
      ? [{ title: "account" }, { title: "contract" }]
      : [{ title: "strategy" }, { title: "ticker" }, { title: "tf" }];
  const columns: Column[] = [
    ...head,
    { title: "position", right: true },
    { title: "avg price", right: true },
    { title: "mark" },
    { title: "realized", right: true },
    { title: "unrealized", right: true },
    { title: "fees", right: true },
    { title: "net", right: true },
  ];
  const cells = rows.map((r) => {
    const owner = r.ownerName === undefined ? r.owner : `${r.ownerName} (${r.owner})`;
    const keyCells = venue === "tradovate" ? [owner, r.symbol] : [r.owner, r.symbol, r.timeframe];
    const avg =
      r.avgPrice !== "" && r.avgPrice !== r.avgDecimal && r.avgPrice.includes("-")
        ? `${r.avgPrice} (${r.avgDecimal})`
        : r.avgPrice;
    return [
      ...keyCells,
      r.position,
      avg,
      markCell(r, footnotes),
      money(r.micros.realized, r.currency),
      money(r.micros.unrealized, r.currency),
      money(r.micros.fees, r.currency),
      money(r.micros.net, r.currency),
    ];
  });
  for (const [currency, total] of totals(rows)) {
    const pad = head.map((_, i) =>
      i === 0 ? `total${currency === "USD" ? "" : ` ${currency}`}` : "",
    );
    cells.push([
      ...pad,
      "",
      "",
      "",
      money(total.realized, currency),
      money(total.unrealized, currency),
      money(total.fees, currency),
      money(total.net, currency),
    ]);
  }
  return textTable(columns, cells);
}

/** The mark a row used; a fallback gets a footnote number, an unpriced open row says so. */
function markCell(r: PlainRow, footnotes: string[]): string {
  if (r.markFallback === "") return r.markUsed === "" ? "-" : r.markUsed;
  let n = footnotes.indexOf(r.markFallback);
  if (n < 0) n = footnotes.push(r.markFallback) - 1;
  return `${r.markUsed === "" ? "none" : r.markUsed} [${n + 1}]`;
}

interface Total {
  realized: Micros;
  unrealized: Micros | null;
  fees: Micros;
  net: Micros | null;
}

/** Sums per currency; an unpriced row makes the unrealized and net totals unknown. */
function totals(rows: PlainRow[]): Map<string, Total> {
  const out = new Map<string, Total>();
  if (rows.length < 2) return out;
  for (const r of rows) {
    const t = out.get(r.currency) ?? { realized: 0n, unrealized: 0n, fees: 0n, net: 0n };
    t.realized += r.micros.realized;
    t.fees += r.micros.fees;
    t.unrealized =
      t.unrealized === null || r.micros.unrealized === null
        ? null
        : t.unrealized + r.micros.unrealized;
    t.net = t.net === null || r.micros.net === null ? null : t.net + r.micros.net;
    out.set(r.currency, t);
  }
  return out;
}

/** `14:03:08.020` from an ISO time; other forms as they are. */
function clockTime(time: string): string {
  return /^\d{4}-\d{2}-\d{2}T/.test(time) ? time.slice(11, 23) : time;
}

function timelineText(report: PnlTapeReport): string {
  if (report.timeline.length === 0) return "\nTimeline: no fills\n";
  const columns: Column[] = [
    { title: "time" },
    { title: "seq", right: true },
    { title: "key" },
    { title: "side" },
    { title: "qty", right: true },
    { title: "price", right: true },
    { title: "position", right: true },
    { title: "realized", right: true },
    { title: "fee", right: true },
    { title: "key realized", right: true },
    { title: "net total", right: true },
    { title: "note" },
  ];
  const rows = report.timeline.map((e) => [
    clockTime(e.time),
    String(e.seq),
    e.key,
    e.side,
    e.qty,
    e.price,
    e.position.startsWith("-") || e.position === "0" ? e.position : `+${e.position}`,
    formatMoney(e.realized, e.currency),
    formatMoney(e.fee, e.currency),
    formatMoney(e.keyRealized, e.currency),
    formatMoney(e.totalNet, e.currency),
    e.note ?? "",
  ]);
  return `\nTimeline (${report.timeline.length} fills)\n${textTable(columns, rows)}`;
}

function notesText(report: PnlTapeReport): string {
  if (report.notes.length === 0) return "";
  const problems = report.notes.filter((n) => n.level === "problem").length;
  let out = `\nNotes (${problems} problem${problems === 1 ? "" : "s"}, ${report.notes.length - problems} other)\n`;
  for (const n of report.notes.slice(0, TEXT_LIST_LIMIT)) {
    out += `  seq ${n.seq} ${clockTime(n.time)} ${n.venue}${n.level === "problem" ? " PROBLEM" : ""}: ${n.text}\n`;
  }
  const more = report.notes.length - TEXT_LIST_LIMIT + report.notesDropped;
  if (more > 0)
    out += `  ... ${more} more (--json lists ${report.notesDropped > 0 ? "the first 500" : "all"})\n`;
  return out;
}

const CHECK_NAMES: ReadonlyArray<[keyof CheckCounts, string]> = [
  ["tradovatePositions", "position updates"],
  ["cashBalances", "cash balances"],
  ["fillPairSums", "fillPair sums"],
  ["tradeManagerRows", "Trade Manager rows"],
  ["tradeManagerPrices", "Trade Manager price checks"],
];

/** `reconciled: 42 position updates, 3 cash balances: 0 disagreements`, then each one. */
export function reconciliationText(report: PnlTapeReport): string {
  const { checks, disagreements } = report.reconciliation;
  const parts = CHECK_NAMES.filter(([k]) => checks[k] > 0).map(
    ([k, name]) => `${checks[k]} ${name}`,
  );
  const n = disagreements.length;
  let out = `\nreconciled: ${parts.length === 0 ? "nothing (the tape has no venue figures to compare)" : parts.join(", ")}: ${n} disagreement${n === 1 ? "" : "s"}\n`;
  for (const d of disagreements.slice(0, TEXT_LIST_LIMIT)) {
    out += `  seq ${d.seq} ${clockTime(String(d.time))} ${d.key} ${d.field}: tape ${d.external}, ledger ${d.ledger}${d.note ? ` (${d.note})` : ""}\n`;
  }
  if (n > TEXT_LIST_LIMIT) out += `  ... ${n - TEXT_LIST_LIMIT} more (--json lists all)\n`;
  return out;
}
