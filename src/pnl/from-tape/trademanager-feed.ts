/**
 * Trade Manager into the ledger: recorder log lines are the fills of each record (strategy,
 * ticker, timeframe), DATA frames are its marks and tick facts, and TRADES rows are Trade
 * Manager's own view, compared with the ledger together with its P&L formula.
 *
 * Verbs: OPEN and ADD fill in the line's side; TRIM closes the line's quantity (all of it when
 * absent); CLOSE closes the whole record; an [AUTO] `Cleared` line (no price on the wire) closes
 * the record at its liquidation mark, long at the bid and short at the ask, and says so.
 */
import type { TmData, TmLogs, TmTrades } from "../../protocols/trademanager/messages.js";
import { parseTmFrame } from "../../protocols/trademanager/messages.js";
import type { TradeRow } from "../../protocols/trademanager/trades.js";
import { canonicalSymbol, type Instrument } from "../instrument.js";
import { keyId, type RecordKey } from "../ledger.js";
import { cmpR, formatDecimal, isNotADecimal, parseDecimal, ratio } from "../ratio.js";
import { parseSymbol } from "../symbols.js";
import type { Books } from "./books.js";
import type { Findings } from "./findings.js";
import type { TapeMoment } from "./tape-clock.js";

/** The latest DATA of a ticker, as exact decimal text. */
interface Prices {
  bid?: string;
  ask?: string;
  step?: string;
  amnt?: string;
}

/** Feeds one tape's Trade Manager traffic into the books and compares its own figures. */
export class TradeManagerFeed {
  readonly #books: Books;
  readonly #findings: Findings;
  readonly #prices = new Map<string, Prices>();
  readonly #tickFacts = new Map<string, string>();
  /** The open-trade list of the latest TRADES frame, by key id. */
  #rows = new Map<string, { key: RecordKey; row: TradeRow }>();
  /** Keys a log line changed since the latest TRADES frame: their rows are stale. */
  readonly #stale = new Set<string>();
  /** The last line applied per key since the latest TRADES frame, to spot a repeated frame. */
  readonly #lastLine = new Map<string, string>();
  readonly #keys = new Map<string, RecordKey>();
  duplicateLines = 0;
  unrecognisedFrames = 0;

  constructor(books: Books, findings: Findings) {
    this.#books = books;
    this.#findings = findings;
  }

  /** A frame the client received. */
  recv(text: string, at: TapeMoment): void {
    const m = parseTmFrame(text);
    if (m.kind === "unrecognised") {
      this.unrecognisedFrames++;
      return;
    }
    if (m.type === "DATA") this.#data(m, at);
    else if (m.type === "LOGS") this.#log(m, at);
    else if (m.type === "TRADES") this.#trades(m, at);
  }

  #data(m: TmData, at: TapeMoment): void {
    if (m.ticker === "") return;
    const ticker = canonicalSymbol(m.ticker);
    const prices = { ...this.#prices.get(ticker), ...m.decimals };
    this.#prices.set(ticker, prices);
    const { step, amnt } = m.decimals;
    if (
      step !== undefined &&
      amnt !== undefined &&
      this.#tickFacts.get(ticker) !== `${step} ${amnt}`
    ) {
      this.#tickFacts.set(ticker, `${step} ${amnt}`);
      const parsed = parseSymbol(ticker, { table: this.#books.table.snapshot });
      if (parsed.kind === "continuous" || parsed.kind === "dated") {
        this.#books.product(
          { name: parsed.root, tickSize: step, tickValue: amnt },
          at,
          "trademanager",
          `DATA ${m.ticker} tickinfo`,
        );
      }
    }
    const quote: { symbol: string; bid?: string; ask?: string } = { symbol: m.ticker };
    if (m.decimals.bid !== undefined) quote.bid = m.decimals.bid;
    if (m.decimals.ask !== undefined) quote.ask = m.decimals.ask;
    if (quote.bid !== undefined || quote.ask !== undefined) {
      this.#books.mark("trademanager", quote, at);
    }
    for (const [id, { key, row }] of this.#rows) {
      if (this.#stale.has(id) || canonicalSymbol(row.Ticker) !== ticker) continue;
      this.#findings.checks.tradeManagerPrices++;
      this.#observe(key, row, at);
    }
  }

  #log(m: TmLogs, at: TapeMoment): void {
    const log = m.log;
    if (log.kind !== "logline") return;
    if (log.strategy === undefined || log.ticker === undefined || log.timeframe === undefined) {
      if (log.tag === "RECORDER") {
        this.#findings.problem(
          at,
          "trademanager",
          `log line without strategy, ticker and timeframe: ${log.text}`,
        );
      }
      return;
    }
    const key: RecordKey = { strategy: log.strategy, ticker: log.ticker, timeframe: log.timeframe };
    const id = keyId(key);
    if (this.#lastLine.get(id) === m.line) {
      this.duplicateLines++;
      return;
    }
    this.#keys.set(id, key);
    const ledger = this.#books.recon.trademanager;
    const row = ledger.row(key);
    const position = row?.position ?? 0n;
    const held = (row?.quantity ?? "0").replace("-", "");
    const price = log.priceText;
    const fill = (side: "BUY" | "SELL", qty: string, p: string, note?: string) => {
      this.#books.fill("trademanager", { key, side, qty, price: p, time: at.time }, at, note);
    };
    this.#lastLine.set(id, m.line);
    this.#stale.add(id);
    switch (log.verb) {
      case "OPEN":
      case "ADD":
        if (log.side === undefined || log.qty === undefined || price === undefined) {
          this.#findings.problem(
            at,
            "trademanager",
            `${log.verb} line without quantity, side and price: ${log.text}`,
          );
          return;
        }
        fill(log.side, String(log.qty), price);
        return;
      case "TRIM":
      case "CLOSE":
      case "CLEARED": {
        if (position === 0n) {
          if (log.verb !== "CLEARED") {
            this.#findings.problem(at, "trademanager", `${log.verb} of a flat record: ${log.text}`);
          }
          return;
        }
        const side = position > 0n ? "SELL" : "BUY";
        let qty = held;
        if (log.verb === "TRIM" && log.qty !== undefined) qty = String(log.qty);
        if (exceeds(qty, held)) {
          this.#findings.problem(
            at,
            "trademanager",
            `${log.verb} of ${qty} but the record holds ${held}: closed ${held}`,
          );
          qty = held;
        }
        if (price !== undefined) {
          fill(side, qty, price);
          return;
        }
        const mark = this.#liquidation(key.ticker, position > 0n);
        if (mark === undefined) {
          this.#findings.problem(
            at,
            "trademanager",
            `${log.verb} line has no price and no ${position > 0n ? "bid" : "ask"} is known for ${key.ticker}: not counted`,
          );
          return;
        }
        fill(
          side,
          qty,
          mark,
          `${log.verb} without a price: closed at the ${position > 0n ? "bid" : "ask"} ${mark}`,
        );
        this.#findings.note(
          at,
          "trademanager",
          `${log.verb} of ${key.strategy} ${key.ticker} ${key.timeframe} has no price: closed at the ${position > 0n ? "bid" : "ask"} ${mark}`,
        );
        return;
      }
    }
  }

  #liquidation(ticker: string, long: boolean): string | undefined {
    const p = this.#prices.get(canonicalSymbol(ticker));
    return long ? p?.bid : p?.ask;
  }

  #trades(m: TmTrades, at: TapeMoment): void {
    for (const s of m.skipped) this.#findings.problem(at, "trademanager", s.why);
    const rows = new Map<string, { key: RecordKey; row: TradeRow }>();
    for (const row of m.rows) {
      const key: RecordKey = {
        strategy: row.Strat_Name,
        ticker: row.Ticker,
        timeframe: row.TimeFrame ?? "",
      };
      const id = keyId(key);
      rows.set(id, { key, row });
      this.#keys.set(id, key);
      this.#findings.checks.tradeManagerRows++;
      this.#observe(key, row, at);
    }
    // A record the ledger holds but Trade Manager no longer lists disagrees too.
    for (const [id, key] of this.#keys) {
      if (rows.has(id)) continue;
      const row = this.#books.recon.trademanager.row(key);
      if (row === undefined || row.position === 0n) continue;
      this.#findings.checks.tradeManagerRows++;
      this.#findings.disagree(at, "trademanager", [
        {
          time: at.time,
          key: `record ${key.strategy} ${key.ticker} ${key.timeframe}`,
          field: "position",
          external: "not in TRADES",
          ledger: row.quantity,
        },
      ]);
    }
    this.#rows = rows;
    this.#stale.clear();
    this.#lastLine.clear();
  }

  /**
   * One row against the ledger, valued at the ticker's latest DATA prices. Before any DATA
   * priced the ticker only position and Open_Price are compared.
   */
  #observe(key: RecordKey, row: TradeRow, at: TapeMoment): void {
    let inst: Instrument;
    try {
      inst = this.#books.recon.trademanager.instrument(row.Ticker);
    } catch (err) {
      this.#findings.problem(
        at,
        "trademanager",
        `TRADES row ${row.Strat_Name} ${row.Ticker}: ${(err as Error).message}`,
      );
      return;
    }
    const p = this.#prices.get(canonicalSymbol(row.Ticker)) ?? {};
    const priced = p.bid !== undefined && p.ask !== undefined;
    const open = row.decimals.Open_Price ?? String(row.Open_Price);
    const running = row.decimals.Running_Pos ?? row.decimals.Position_Size;
    if (running === undefined) {
      this.#findings.problem(
        at,
        "trademanager",
        `TRADES row ${row.Strat_Name} ${row.Ticker}: no Running_Pos`,
      );
      return;
    }
    const found = this.#books.reconcilers.trademanager.observe({
      kind: "tradeManagerRecord",
      time: at.time,
      key,
      direction: row.Direction,
      openPrice: open,
      runningPos: running,
      bid: priced ? p.bid! : open,
      ask: priced ? p.ask! : open,
      step: p.step ?? formatDecimal(inst.grid.size, 12),
      amnt: p.amnt ?? formatDecimal(ratio(inst.tickUnitValue, 1_000_000n * inst.finePerMicro), 12),
    });
    this.#findings.disagree(
      at,
      "trademanager",
      priced ? found : found.filter((d) => d.field !== "pnl"),
    );
  }
}

/** True when decimal text `a` is larger than `b` (both as the ledger printed or the log gave). */
function exceeds(a: string, b: string): boolean {
  const x = parseDecimal(a);
  const y = parseDecimal(b);
  return !isNotADecimal(x) && !isNotADecimal(y) && cmpR(x, y) > 0;
}
