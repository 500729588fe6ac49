/**
 * One streaming pass over a tape: each frame of each connection goes to its venue's feed, REST
 * exchanges to the Tradovate directory, and at the end the display ledgers are valued at the
 * chosen mark. Memory grows with positions and ids, not with the tape.
 */
import type { ProtocolName, TapeEvent, TapeHeader } from "../../tape/events.js";
import { openTape } from "../../tape/reader.js";
import { DEFAULT_FEES, type FeeSchedule } from "../fees.js";
import type { PositionRow } from "../ledger.js";
import type { MarkKind } from "../marks.js";
import type { Matching } from "../position-book.js";
import type { TickGrid } from "../ticks.js";
import { Books, type TimelineEntry } from "./books.js";
import {
  type CheckCounts,
  Findings,
  type TapeDisagreement,
  type TapeNote,
  type Venue,
} from "./findings.js";
import { tapeClock } from "./tape-clock.js";
import { TradeManagerFeed } from "./trademanager-feed.js";
import { TradovateFeed } from "./tradovate-feed.js";

/** How to read a tape for P&L. */
export interface PnlTapeOptions {
  /** Mark for unrealized P&L (default bidask). */
  readonly mark?: MarkKind;
  /** Lot matching for the figures shown; default each venue's own (Tradovate FIFO, TM average). */
  readonly matching?: Matching;
  /** Default DEFAULT_FEES. */
  readonly fees?: FeeSchedule;
  /** Keep one timeline entry per fill (default false). */
  readonly timeline?: boolean;
}

/** Counts of what the pass read. */
export interface PnlTapeStats {
  readonly events: number;
  readonly frames: number;
  readonly fills: Readonly<Record<Venue, number>>;
  /** Tradovate fills seen again (same id) and Trade Manager log lines repeated: not counted. */
  readonly duplicates: Readonly<Record<Venue, number>>;
  readonly unrecognisedFrames: Readonly<Record<Venue, number>>;
}

/** Everything `tapedeck pnl` prints, as data. */
export interface PnlTapeReport {
  readonly tape: { readonly id: string; readonly started: string; readonly label?: string };
  readonly mark: MarkKind;
  readonly matching: Readonly<Record<Venue, Matching>>;
  /** Tradovate positions per (account id, contract), valued at `mark`. */
  readonly accounts: readonly PositionRow[];
  /** Account names by id, as the tape gave them. */
  readonly accountNames: Readonly<Record<string, string>>;
  /** Trade Manager records per (strategy, ticker, timeframe), valued at `mark`. */
  readonly records: readonly PositionRow[];
  /** Each row's tick grid by keyId, to print its prices as its contract is quoted. */
  readonly grids: ReadonlyMap<string, TickGrid>;
  readonly timeline: readonly TimelineEntry[];
  readonly reconciliation: {
    readonly checks: CheckCounts;
    readonly disagreements: readonly TapeDisagreement[];
  };
  readonly notes: readonly TapeNote[];
  readonly notesDropped: number;
  readonly stats: PnlTapeStats;
}

/** Reads a tape file and computes its P&L. InputError for a missing or corrupt tape. */
export async function analyzeTape(
  path: string,
  options: PnlTapeOptions = {},
): Promise<PnlTapeReport> {
  const tape = await openTape(path);
  try {
    return await analyzeEvents(tape.header, tape.events, options);
  } finally {
    await tape.close();
  }
}

/** Computes the P&L of a tape's events (any iterable: a file being read, or an array in tests). */
export async function analyzeEvents(
  header: TapeHeader,
  events: AsyncIterable<TapeEvent> | Iterable<TapeEvent>,
  options: PnlTapeOptions = {},
): Promise<PnlTapeReport> {
  const mark = options.mark ?? "bidask";
  const findings = new Findings();
  const books = new Books(
    {
      ...(options.matching === undefined ? {} : { matching: options.matching }),
      fees: options.fees ?? DEFAULT_FEES,
      timeline: options.timeline ?? false,
    },
    findings,
  );
  const tv = new TradovateFeed(books, findings);
  const tm = new TradeManagerFeed(books, findings);
  const clock = tapeClock(header.started);
  const protocols = new Map<number, ProtocolName>();
  let count = 0;
  let frames = 0;
  for await (const e of events) {
    count++;
    switch (e.k) {
      case "open":
        protocols.set(e.c, e.proto);
        break;
      case "recv":
      case "send": {
        frames++;
        const text = e.text ?? Buffer.from(e.b64 ?? "", "base64").toString("utf8");
        const proto = protocols.get(e.c);
        if (proto === "tradovate") {
          if (e.k === "send") tv.send(e.c, text);
          else tv.recv(e.c, text, clock(e.seq, e.t));
        } else if (proto === "trademanager" && e.k === "recv") {
          tm.recv(text, clock(e.seq, e.t));
        }
        break;
      }
      case "http":
        tv.http(e, clock(e.seq, e.t));
        break;
      case "gap":
        findings.note(
          clock(e.seq, e.t),
          e.c !== undefined && protocols.get(e.c) === "trademanager" ? "trademanager" : "tradovate",
          `the tape has a gap (${e.reason}): fills in it are missing from the figures`,
        );
        break;
      default:
        break;
    }
  }
  tv.finish();
  const accounts = books.display.tradovate.snapshot({ mark });
  const records = books.display.trademanager.snapshot({ mark });
  const grids = new Map<string, TickGrid>();
  for (const row of accounts)
    grids.set(row.keyId, books.display.tradovate.instrument(row.symbol).grid);
  for (const row of records)
    grids.set(row.keyId, books.display.trademanager.instrument(row.symbol).grid);
  return {
    tape: {
      id: header.id,
      started: header.started,
      ...(header.label === undefined ? {} : { label: header.label }),
    },
    mark,
    matching: {
      tradovate: books.matching("tradovate"),
      trademanager: books.matching("trademanager"),
    },
    accounts,
    accountNames: Object.fromEntries([...tv.accountNames].map(([id, name]) => [String(id), name])),
    records,
    grids,
    timeline: books.timeline,
    reconciliation: { checks: findings.checks, disagreements: findings.disagreements },
    notes: findings.notes,
    notesDropped: findings.notesDropped,
    stats: {
      events: count,
      frames,
      fills: { ...books.fills },
      duplicates: { tradovate: tv.duplicateFills, trademanager: tm.duplicateLines },
      unrecognisedFrames: { tradovate: tv.unrecognisedFrames, trademanager: tm.unrecognisedFrames },
    },
  };
}
