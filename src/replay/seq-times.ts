/**
 * Tape time by event seq, for seeking by seq, in 4 bytes per event: times packed and seqs as runs (a tape's seqs are consecutive, so a run per hole). Lookups are O(log n).
 */
import { type PackedColumn, PackedNumbers } from "./packed-numbers.js";

/** SeqTimes as stored in an index file. */
export interface SavedSeqTimes {
  runAt: number[];
  runSeq: number[];
  lastSeq: number;
  times: PackedColumn;
}

/** Collects (seq, t) in tape order, then answers {@link timeOfSeq}. */
export class SeqTimes {
  #times = new PackedNumbers();
  /** Index of each run's first event, and that event's seq. */
  #runAt: number[] = [];
  #runSeq: number[] = [];
  #lastSeq = Number.NaN;

  /** How many events were added. */
  get length(): number {
    return this.#times.length;
  }

  /** Time of the first and last event (0 when there are none). */
  get firstT(): number {
    return this.length > 0 ? this.#times.get(0) : 0;
  }
  get lastT(): number {
    return this.length > 0 ? this.#times.get(this.length - 1) : 0;
  }

  /** Adds the next event. */
  add(seq: number, t: number): void {
    if (seq !== this.#lastSeq + 1) {
      this.#runAt.push(this.length);
      this.#runSeq.push(seq);
    }
    this.#times.push(t);
    this.#lastSeq = seq;
  }

  /** Tape time of the event numbered `seq`, or undefined if there is none. */
  timeOfSeq(seq: number): number | undefined {
    // The last run starting at or before seq (runs are in seq order on a well-formed tape).
    let lo = 0;
    let hi = this.#runSeq.length - 1;
    let run = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.#runSeq[mid]! <= seq) {
        run = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (run < 0) return undefined;
    const at = this.#runAt[run]! + (seq - this.#runSeq[run]!);
    const end = this.#runAt[run + 1] ?? this.length;
    return Number.isInteger(at) && at < end ? this.#times.get(at) : undefined;
  }

  /** The table for an index file (see PackedNumbers.save). */
  save(put: (bytes: Uint8Array) => number): SavedSeqTimes {
    return {
      runAt: this.#runAt,
      runSeq: this.#runSeq,
      lastSeq: this.#lastSeq,
      times: this.#times.save(put),
    };
  }

  /** A table read back from an index file. */
  static load(saved: SavedSeqTimes, data: ArrayBuffer, dataAt: number): SeqTimes {
    const st = new SeqTimes();
    st.#runAt = saved.runAt;
    st.#runSeq = saved.runSeq;
    st.#lastSeq = saved.lastSeq;
    st.#times = PackedNumbers.load(saved.times, data, dataAt);
    return st;
  }
}
