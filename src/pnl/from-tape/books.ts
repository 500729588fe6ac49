/**
 * The ledgers a tape feeds. Each venue gets a reconciliation ledger that matches lots the way
 * the venue itself does (FIFO for Tradovate accounts, one average price for Trade Manager
 * records), so its own figures can be compared without false alarms, and a display ledger with
 * the matching the user asked for (the same ledger when the two agree). Every fill and quote
 * goes to both; a fill or quote the ledger refuses becomes a problem note, never a crash.
 */
import { InputError } from "../../errors.js";
import { DEFAULT_CONTRACTS, type ProductFacts } from "../contracts.js";
import type { FeeSchedule } from "../fees.js";
import {
  describeKey,
  type FillInput,
  type FillResult,
  Ledger,
  type LedgerKey,
  type QuoteInput,
} from "../ledger.js";
import { type Currency, formatMicros, type Micros } from "../money.js";
import type { Matching } from "../position-book.js";
import { Reconciler } from "../reconcile.js";
import { formatPrice, formatTick, priceToTicks } from "../ticks.js";
import type { Findings, Venue } from "./findings.js";
import { GrowingTable } from "./growing-table.js";
import type { TapeMoment } from "./tape-clock.js";

/** How each venue matches closing quantity against open lots. */
export const VENUE_MATCHING: Readonly<Record<Venue, Matching>> = {
  tradovate: "fifo",
  trademanager: "average",
};

/** One fill as the timeline shows it (display ledger figures). */
export interface TimelineEntry {
  readonly seq: number;
  readonly t: number;
  readonly time: string;
  readonly venue: Venue;
  /** The key as people read it: `account 11 ESZ5`, `record ROG-15SV NQ1! 15`. */
  readonly key: string;
  readonly side: "BUY" | "SELL";
  /** Quantity in natural units, as given. */
  readonly qty: string;
  /** The fill price as the contract is quoted. */
  readonly price: string;
  /** Signed position after the fill, natural units. */
  readonly position: string;
  readonly currency: Currency;
  /** Realized P&L this fill added (before fees). */
  readonly realized: Micros;
  readonly fee: Micros;
  /** Running realized P&L of the key, before fees. */
  readonly keyRealized: Micros;
  /** Running realized P&L minus fees over every key of this currency. */
  readonly totalNet: Micros;
  /** Why the fill was made up rather than read (a carried-in position, a cleared record). */
  readonly note?: string;
}

/** Settings of the ledgers. */
export interface BooksOptions {
  /** Matching for the display ledgers; undefined: each venue's own. */
  readonly matching?: Matching;
  readonly fees: FeeSchedule;
  /** Keep a timeline entry per fill. */
  readonly timeline: boolean;
}

/** The reconciliation and display ledgers of both venues, over one growing contract table. */
export class Books {
  readonly table = new GrowingTable(DEFAULT_CONTRACTS);
  readonly recon: Readonly<Record<Venue, Ledger>>;
  readonly display: Readonly<Record<Venue, Ledger>>;
  readonly reconcilers: Readonly<Record<Venue, Reconciler>>;
  readonly timeline: TimelineEntry[] = [];
  readonly fills: Record<Venue, number> = { tradovate: 0, trademanager: 0 };
  readonly #options: BooksOptions;
  readonly #findings: Findings;
  readonly #totalNet = new Map<Currency, Micros>();

  constructor(options: BooksOptions, findings: Findings) {
    this.#options = options;
    this.#findings = findings;
    const ledger = (matching: Matching) =>
      new Ledger({ matching, fees: options.fees, contracts: this.table });
    const recon = { tradovate: ledger("fifo"), trademanager: ledger("average") };
    const shown = (venue: Venue) =>
      options.matching === undefined || options.matching === VENUE_MATCHING[venue]
        ? recon[venue]
        : ledger(options.matching);
    this.recon = recon;
    this.display = { tradovate: shown("tradovate"), trademanager: shown("trademanager") };
    this.reconcilers = {
      tradovate: new Reconciler(recon.tradovate),
      trademanager: new Reconciler(recon.trademanager),
    };
  }

  /** Matching of the display ledger of a venue. */
  matching(venue: Venue): Matching {
    return this.display[venue].matching;
  }

  /** Applies a venue's product facts (tick size, value per point or tick value). */
  product(facts: ProductFacts, at: TapeMoment, venue: Venue, where: string): void {
    try {
      const r = this.table.learn(facts, where);
      if (r.kind !== "refused") return;
      const show = (s: typeof r.inUse) =>
        `tick ${formatTick(s.grid)} = ${formatMicros(s.tickValue)}`;
      this.#findings.problem(
        at,
        venue,
        `${where}: ${r.offered.root} ${show(r.offered)} differs from the ${show(r.inUse)} ` +
          "already used for its prices; figures keep using the latter",
      );
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      this.#findings.problem(at, venue, err.message);
    }
  }

  /**
   * Applies a fill to both ledgers of a venue. Returns the reconciliation ledger's result, or
   * null when the ledger refused it (the reason becomes a problem note).
   */
  fill(venue: Venue, input: FillInput, at: TapeMoment, note?: string): FillResult | null {
    let result: FillResult;
    try {
      result = this.recon[venue].fill(input);
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      this.#findings.problem(at, venue, `fill not counted: ${err.message}`);
      return null;
    }
    this.fills[venue]++;
    const display = this.display[venue];
    // Same table, fees and checks: a fill the reconciliation ledger took cannot fail here.
    const shown = display === this.recon[venue] ? result : display.fill(input);
    if (this.#options.timeline) this.#record(venue, input, shown, at, note);
    return result;
  }

  /** Applies a quote to both ledgers of a venue; an off-grid price becomes a problem note. */
  mark(venue: Venue, quote: QuoteInput, at: TapeMoment): void {
    try {
      this.recon[venue].mark(quote);
      if (this.display[venue] !== this.recon[venue]) this.display[venue].mark(quote);
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      this.#findings.problem(at, venue, `quote not used: ${err.message}`);
    }
  }

  #record(venue: Venue, input: FillInput, r: FillResult, at: TapeMoment, note?: string): void {
    const ledger = this.display[venue];
    const row = ledger.row(input.key)!;
    const inst = ledger.instrument(row.symbol);
    const total = (this.#totalNet.get(row.currency) ?? 0n) + r.realized - r.fee;
    this.#totalNet.set(row.currency, total);
    // The ledger accepted this price, so it is on the grid and cannot throw here.
    const price = formatPrice(priceToTicks(input.price, inst.grid, row.symbol), inst.grid);
    const entry: TimelineEntry = {
      seq: at.seq,
      t: at.t,
      time: at.time,
      venue,
      key: describeKey(input.key as LedgerKey),
      side: input.side,
      qty: String(input.qty),
      price,
      position: row.quantity,
      currency: row.currency,
      realized: r.realized,
      fee: r.fee,
      keyRealized: row.realized,
      totalNet: total,
    };
    this.timeline.push(note === undefined ? entry : { ...entry, note });
  }
}
