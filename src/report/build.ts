/**
 * Builds a report's data from a tape in one read: the events go through `analyzeEvents` (the
 * figures of `tapedeck pnl`) and, on the way, through the report's own collector.
 */
import { analyzeEvents, type PnlTapeOptions } from "../pnl/from-tape/analyze.js";
import { plainRows } from "../pnl/from-tape/rows.js";
import type { TapeEvent, TapeHeader } from "../tape/events.js";
import { openTape } from "../tape/reader.js";
import { TapeCollector } from "./collect.js";
import type { PriceSeries, RateData, ReportData } from "./data.js";
import { downsampleIndices, pick } from "./downsample.js";
import { fillMarkers, pnlCurves } from "./pnl-curve.js";
import type { QuoteLog } from "./quote-log.js";

/** Report settings; P&L options are those of `tapedeck pnl`. */
export interface ReportOptions extends Omit<PnlTapeOptions, "timeline"> {
  /** Most points per chart series (default 2000). */
  readonly maxPoints?: number;
  /** Frames embedded for the frame browser (default 20000). */
  readonly maxFrames?: number;
  /** Most fill markers (default 5000). */
  readonly maxFills?: number;
}

/** Kinds drawn separately in the rates chart; the rest are summed as "other". */
const RATE_KINDS = 10;
/** Buckets of the rates chart: enough to see bursts, few enough to read. */
const RATE_BUCKETS = 150;

/** Reads `path` and returns everything the page shows. InputError for a bad tape. */
export async function buildReportData(
  path: string,
  options: ReportOptions = {},
): Promise<ReportData> {
  const tape = await openTape(path);
  try {
    return await buildReportDataFromEvents(tape.header, tape.events, options);
  } finally {
    await tape.close();
  }
}

/** The page's data for a tape's events (a file being read, or events held in memory). */
export async function buildReportDataFromEvents(
  header: TapeHeader,
  events: AsyncIterable<TapeEvent> | Iterable<TapeEvent>,
  options: ReportOptions = {},
): Promise<ReportData> {
  const maxPoints = options.maxPoints ?? 2000;
  const maxFrames = options.maxFrames ?? 20000;
  const collector = new TapeCollector(header, { maxFrames });
  async function* tee(): AsyncGenerator<TapeEvent> {
    for await (const e of events) {
      collector.event(e);
      yield e;
    }
  }
  const { maxPoints: _p, maxFrames: _f, maxFills: _m, ...pnlOptions } = options;
  const report = await analyzeEvents(header, tee(), { ...pnlOptions, timeline: true });
  const start = collector.x(0);
  const end = collector.x(collector.lastT);
  const x = (t: number) => collector.x(t);
  const curves = pnlCurves(report, collector.quotes, {
    samples: Math.min(600, Math.floor(maxPoints / 2)),
    maxFillPoints: Math.floor(maxPoints / 2),
    x,
    start,
    end,
  });
  const fills = fillMarkers(report, x, options.maxFills ?? 5000);
  const notes = [
    ...report.notes.map((n) => `${n.time} ${n.venue}: ${n.text}`),
    ...curves.problems.map((p) => `P&L curve: ${p}`),
  ];
  return {
    title: `tapedeck report: ${report.tape.label ?? report.tape.id}`,
    tape: report.tape,
    wallClock: collector.wallClock,
    span: { start, end },
    counts: {
      events: report.stats.events,
      frames: report.stats.frames,
      fills: report.timeline.length,
    },
    connections: collector.connections.map((c) => c.info),
    moments: collector.moments,
    momentsDropped: collector.momentsDropped,
    rates: rates(collector.perSecond, start, collector.lastT, Math.min(RATE_BUCKETS, maxPoints)),
    prices: prices(collector.quotes, maxPoints),
    fills: fills.markers,
    fillsDropped: fills.dropped,
    pnl: curves.series,
    positions: plainRows(report).map(({ micros: _, ...r }) => r),
    mark: report.mark,
    notes,
    frames: { total: collector.framesTotal, rows: collector.frames },
    caps: { maxPoints, maxFrames },
  };
}

function rates(
  perSecond: ReadonlyMap<string, ReadonlyMap<number, number>>,
  start: number,
  lastT: number,
  maxBuckets: number,
): RateData {
  const seconds = Math.floor(lastT / 1e6) + 1;
  const bucketSeconds = Math.max(1, Math.ceil(seconds / maxBuckets));
  const n = Math.ceil(seconds / bucketSeconds);
  const all = [...perSecond].map(([kind, m]) => {
    const counts = new Array<number>(n).fill(0);
    let total = 0;
    for (const [s, c] of m) {
      const b = Math.floor(s / bucketSeconds);
      counts[b] = (counts[b] ?? 0) + c;
      total += c;
    }
    return { kind, total, counts };
  });
  all.sort((a, b) => b.total - a.total || a.kind.localeCompare(b.kind));
  const kinds = all.slice(0, RATE_KINDS);
  const rest = all.slice(RATE_KINDS);
  if (rest.length > 0) {
    const counts = new Array<number>(n).fill(0);
    for (const r of rest) {
      r.counts.forEach((c, i) => {
        counts[i] = (counts[i] ?? 0) + c;
      });
    }
    kinds.push({
      kind: `other (${rest.length} kinds)`,
      total: rest.reduce((s, r) => s + r.total, 0),
      counts,
    });
  }
  // Counts become per-second rates so bucket size does not change the scale.
  // The last bucket may cover fewer seconds than the others.
  const covered = (i: number) => Math.min(bucketSeconds, seconds - i * bucketSeconds);
  for (const k of kinds) k.counts = k.counts.map((c, i) => c / covered(i));
  return {
    x: Array.from({ length: n }, (_, i) => start + i * bucketSeconds),
    bucketSeconds,
    kinds,
  };
}

function prices(quotes: QuoteLog, maxPoints: number): PriceSeries[] {
  const bySymbol = quotes.symbols.map(() => [] as number[]);
  for (let i = 0; i < quotes.length; i++) bySymbol[quotes.sym[i] as number]?.push(i);
  return quotes.symbols.map((symbol, s) => {
    const idx = bySymbol[s] as number[];
    const mid = (j: number) => {
      const i = idx[j] as number;
      return quotes.last[i] ?? quotes.bid[i] ?? quotes.ask[i] ?? null;
    };
    const keep = pick(idx, downsampleIndices(idx.length, mid, maxPoints));
    return {
      symbol,
      x: pick(quotes.x, keep),
      bid: pick(quotes.bid, keep),
      ask: pick(quotes.ask, keep),
      last: pick(quotes.last, keep),
      updates: idx.length,
    };
  });
}
