/**
 * The P&L curve: realized, unrealized, fees and net over the tape's time, per key and per venue
 * total. `analyzeEvents` gives the exact figures at the end and one timeline entry per fill; the
 * curve replays those fills (with their exact fees) and the tape's quotes through ledgers of the
 * same matching, snapshotting them at sample points, so its last point equals `tapedeck pnl`.
 */
import type { PnlTapeReport } from "../pnl/from-tape/analyze.js";
import type { TimelineEntry } from "../pnl/from-tape/books.js";
import type { Venue } from "../pnl/from-tape/findings.js";
import { describeKey, Ledger, type LedgerKey, type PositionRow } from "../pnl/ledger.js";
import { formatMicros, type Micros } from "../pnl/money.js";
import { toNumberR } from "../pnl/ratio.js";
import { ticksToPrice, tryPriceToTicks } from "../pnl/ticks.js";
import type { FillMarker, PnlSeries } from "./data.js";
import type { QuoteLog } from "./quote-log.js";

/** Curve settings. */
export interface CurveOptions {
  /** Evenly spaced samples over the tape (fills add their own points up to `maxFillPoints`). */
  readonly samples: number;
  readonly maxFillPoints: number;
  /** Chart x of a tape time. */
  readonly x: (t: number) => number;
  readonly start: number;
  readonly end: number;
}

interface Acc {
  readonly series: {
    -readonly [K in keyof PnlSeries]: PnlSeries[K];
  };
}

const VENUES: readonly Venue[] = ["tradovate", "trademanager"];

const money = (m: Micros) => Number(m) / 1e6;

/** Builds the curves; see the module comment. */
export function pnlCurves(
  report: PnlTapeReport,
  quotes: QuoteLog,
  options: CurveOptions,
): { series: PnlSeries[]; problems: string[] } {
  const keys = new Map<string, { venue: Venue; key: LedgerKey; label: string }>();
  for (const [venue, rows] of [
    ["tradovate", report.accounts],
    ["trademanager", report.records],
  ] as const) {
    for (const r of rows)
      keys.set(describeKey(r.key), { venue, key: r.key, label: label(r, report) });
  }
  const ledgers: Record<Venue, Ledger> = {
    tradovate: new Ledger({ matching: report.matching.tradovate }),
    trademanager: new Ledger({ matching: report.matching.trademanager }),
  };
  const problems: string[] = [];
  const acc = new Map<string, Acc>();
  const fills = report.timeline;
  const sampleAtFills = fills.length <= options.maxFillPoints;
  const grid = gridPoints(options.start, options.end, options.samples);

  const sample = (x: number) => {
    const totals = new Map<
      string,
      { venue: Venue; currency: string; r: Micros; u: Micros | null; f: Micros }
    >();
    for (const venue of VENUES) {
      for (const row of ledgers[venue].snapshot({ mark: report.mark })) {
        const k = keys.get(describeKey(row.key));
        push(acc, row.keyId, k?.label ?? describeKey(row.key), venue, row.currency, x, row);
        const id = `total ${venue} ${row.currency}`;
        const t = totals.get(id) ?? { venue, currency: row.currency, r: 0n, u: 0n, f: 0n };
        t.r += row.realized;
        t.f += row.fees;
        t.u = t.u === null || row.unrealized === null ? null : t.u + row.unrealized;
        totals.set(id, t);
      }
    }
    for (const [id, t] of totals) {
      const name = t.venue === "tradovate" ? "all Tradovate accounts" : "all Trade Manager records";
      pushTotal(acc, id, `${name} (${t.currency})`, t.venue, t.currency, x, t.r, t.u, t.f);
    }
  };

  let q = 0;
  let g = 0;
  const until = (x: number) => {
    while (g < grid.length && (grid[g] as number) < x) sample(grid[g++] as number);
  };
  for (const f of fills) {
    while (q < quotes.length && (quotes.seq[q] as number) < f.seq) {
      until(quotes.x[q] as number);
      applyQuote(ledgers, quotes, q++);
    }
    const x = options.x(f.t);
    until(x);
    const k = keys.get(f.key);
    if (k === undefined) {
      problems.push(`${f.key}: fill at seq ${f.seq} has no position row`);
      continue;
    }
    try {
      ledgers[f.venue].fill({
        key: k.key,
        side: f.side,
        qty: f.qty,
        price: f.price,
        fee: formatMicros(f.fee),
      });
    } catch (err) {
      problems.push(`${f.key}: fill at seq ${f.seq}: ${(err as Error).message}`);
    }
    if (sampleAtFills) sample(x);
  }
  for (; q < quotes.length; q++) {
    until(quotes.x[q] as number);
    applyQuote(ledgers, quotes, q);
  }
  until(Number.POSITIVE_INFINITY);
  sample(options.end);
  return { series: [...acc.values()].map((a) => a.series), problems };
}

/** Fill markers for the price charts, from the timeline. */
export function fillMarkers(
  report: PnlTapeReport,
  x: (t: number) => number,
  max: number,
): { markers: FillMarker[]; dropped: number } {
  const symbols = new Map<string, string>();
  for (const r of [...report.accounts, ...report.records])
    symbols.set(describeKey(r.key), r.symbol);
  const keyIds = new Map<string, string>();
  for (const r of [...report.accounts, ...report.records]) keyIds.set(describeKey(r.key), r.keyId);
  const markers: FillMarker[] = [];
  for (const f of report.timeline.slice(0, max)) {
    const symbol = symbols.get(f.key) ?? f.key;
    const grid = report.grids.get(keyIds.get(f.key) ?? "");
    markers.push({
      symbol,
      x: x(f.t),
      seq: f.seq,
      time: f.time,
      price: priceNumber(f.price, grid),
      priceText: f.price,
      side: f.side,
      qty: f.qty,
      key: f.key,
      venue: f.venue,
      ...(f.venue === "trademanager" ? { tm: tmVerb(f) } : {}),
      realized: formatMicros(f.realized),
      fee: formatMicros(f.fee),
    });
  }
  return { markers, dropped: Math.max(0, report.timeline.length - max) };
}

function tmVerb(f: TimelineEntry): "OPEN" | "CLOSE" {
  const after = Math.abs(Number(f.position));
  const before = Math.abs(Number(f.position) + (f.side === "BUY" ? -1 : 1) * Number(f.qty));
  return after < before ? "CLOSE" : "OPEN";
}

function priceNumber(
  price: string,
  grid: Parameters<typeof tryPriceToTicks>[1] | undefined,
): number {
  const n = Number(price);
  if (Number.isFinite(n) || grid === undefined) return n;
  // Quoted in 32nds (110-16.5): place it by its ticks.
  const r = tryPriceToTicks(price, grid);
  return r.ok ? toNumberR(ticksToPrice(r.ticks, grid)) : Number.NaN;
}

function applyQuote(ledgers: Record<Venue, Ledger>, quotes: QuoteLog, i: number): void {
  const s = quotes.sym[i] as number;
  const venue = quotes.venues[s] as Venue;
  const quote: { symbol: string; bid?: number; ask?: number; last?: number } = {
    symbol: quotes.symbols[s] as string,
  };
  const bid = quotes.bid[i];
  const ask = quotes.ask[i];
  const last = quotes.last[i];
  if (bid != null) quote.bid = bid;
  if (ask != null) quote.ask = ask;
  if (last != null) quote.last = last;
  try {
    ledgers[venue].mark(quote);
  } catch {
    // An unknown symbol or off-grid price: the analysis already noted it; the curve skips it.
  }
}

function gridPoints(start: number, end: number, n: number): number[] {
  if (!(end > start) || n < 2) return [start];
  return Array.from({ length: n }, (_, i) => start + ((end - start) * i) / (n - 1));
}

function label(r: PositionRow, report: PnlTapeReport): string {
  const k = r.key;
  if ("account" in k) {
    const name = report.accountNames[k.account];
    return `${name === undefined ? k.account : `${name} (${k.account})`} ${k.symbol}`;
  }
  return `${k.strategy} ${k.ticker} ${k.timeframe}`;
}

function entry(
  acc: Map<string, Acc>,
  id: string,
  name: string,
  venue: Venue,
  currency: string,
): Acc {
  let a = acc.get(id);
  if (a === undefined) {
    a = {
      series: {
        id,
        label: name,
        venue,
        currency,
        x: [],
        realized: [],
        unrealized: [],
        fees: [],
        net: [],
        final: { realized: "0.00", unrealized: "0.00", fees: "0.00", net: "0.00" },
      },
    };
    acc.set(id, a);
  }
  return a;
}

function push(
  acc: Map<string, Acc>,
  id: string,
  name: string,
  venue: Venue,
  currency: string,
  x: number,
  row: PositionRow,
): void {
  const s = entry(acc, id, name, venue, currency).series;
  s.x.push(x);
  s.realized.push(money(row.realized));
  s.unrealized.push(row.unrealized === null ? null : money(row.unrealized));
  s.fees.push(money(row.fees));
  s.net.push(row.net === null ? null : money(row.net));
  s.final = {
    realized: formatMicros(row.realized),
    unrealized: row.unrealized === null ? "" : formatMicros(row.unrealized),
    fees: formatMicros(row.fees),
    net: row.net === null ? "" : formatMicros(row.net),
  };
}

function pushTotal(
  acc: Map<string, Acc>,
  id: string,
  name: string,
  venue: Venue,
  currency: string,
  x: number,
  r: Micros,
  u: Micros | null,
  f: Micros,
): void {
  const s = entry(acc, id, name, venue, currency).series;
  const net = u === null ? null : r + u - f;
  s.x.push(x);
  s.realized.push(money(r));
  s.unrealized.push(u === null ? null : money(u));
  s.fees.push(money(f));
  s.net.push(net === null ? null : money(net));
  s.final = {
    realized: formatMicros(r),
    unrealized: u === null ? "" : formatMicros(u),
    fees: formatMicros(f),
    net: net === null ? "" : formatMicros(net),
  };
}
