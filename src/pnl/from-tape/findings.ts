/**
 * What reading a tape for P&L found besides the figures: disagreements between a venue's own
 * numbers and the ledger (located in the tape), notes about inputs that could not be used as
 * they are, and counts of what was checked.
 */
import type { Disagreement } from "../reconcile.js";
import type { TapeMoment } from "./tape-clock.js";

/** The two venues a tape can carry. */
export type Venue = "tradovate" | "trademanager";

/** A disagreement with where in the tape it was found. */
export interface TapeDisagreement extends Disagreement {
  readonly seq: number;
  readonly t: number;
  readonly venue: Venue;
}

/**
 * Something a reader of the figures should know: `problem` when an input could not be used
 * (an off-grid price, a fill for an unknown contract), `note` when a documented assumption was
 * applied (a record cleared at the mark because its log line had no price).
 */
export interface TapeNote {
  readonly seq: number;
  readonly t: number;
  readonly time: string;
  readonly venue: Venue;
  readonly level: "problem" | "note";
  readonly text: string;
}

/** What reconciliation compared: one count per kind of venue figure. */
export interface CheckCounts {
  /** Tradovate position entities (snapshot and props). */
  tradovatePositions: number;
  /** Tradovate cashBalance entities with a realizedPnL. */
  cashBalances: number;
  /** Positions whose fillPairs were summed and compared at a cashBalance. */
  fillPairSums: number;
  /** Trade Manager TRADES rows (and records missing from TRADES). */
  tradeManagerRows: number;
  /** Trade Manager open rows valued again at a later DATA frame. */
  tradeManagerPrices: number;
}

/** How many notes are kept in full; the rest are only counted. */
export const MAX_NOTES = 500;

/** Collects disagreements (all of them), notes (up to MAX_NOTES) and check counts. */
export class Findings {
  readonly disagreements: TapeDisagreement[] = [];
  readonly notes: TapeNote[] = [];
  notesDropped = 0;
  readonly checks: CheckCounts = {
    tradovatePositions: 0,
    cashBalances: 0,
    fillPairSums: 0,
    tradeManagerRows: 0,
    tradeManagerPrices: 0,
  };

  /** Records the disagreements one comparison returned, located at `at`. */
  disagree(at: TapeMoment, venue: Venue, found: readonly Disagreement[]): void {
    for (const d of found) this.disagreements.push({ ...d, seq: at.seq, t: at.t, venue });
  }

  problem(at: TapeMoment, venue: Venue, text: string): void {
    this.#note(at, venue, "problem", text);
  }

  note(at: TapeMoment, venue: Venue, text: string): void {
    this.#note(at, venue, "note", text);
  }

  #note(at: TapeMoment, venue: Venue, level: TapeNote["level"], text: string): void {
    if (this.notes.length >= MAX_NOTES) {
      this.notesDropped++;
      return;
    }
    this.notes.push({ seq: at.seq, t: at.t, time: at.time, venue, level, text });
  }
}
