/**
 * Tape time by event seq, for seeking by seq, in 8 bytes per event: times in a typed array and
 * seqs as runs (a tape's seqs are consecutive, so a run per hole). Lookups are O(log n).
 */

/** Collects (seq, t) in tape order, then answers {@link timeOfSeq}. */
export class SeqTimes {
  #times = new Float64Array(1024);
  #n = 0;
  /** Index of each run's first event, and that event's seq. */
  readonly #runAt: number[] = [];
  readonly #runSeq: number[] = [];
  #lastSeq = Number.NaN;

  /** How many events were added. */
  get length(): number {
    return this.#n;
  }

  /** Time of the first and last event (0 when there are none). */
  get firstT(): number {
    return this.#n > 0 ? this.#times[0]! : 0;
  }
  get lastT(): number {
    return this.#n > 0 ? this.#times[this.#n - 1]! : 0;
  }

  /** Adds the next event. */
  add(seq: number, t: number): void {
    if (this.#n === this.#times.length) {
      const grown = new Float64Array(Math.ceil(this.#times.length * 1.5));
      grown.set(this.#times);
      this.#times = grown;
    }
    if (seq !== this.#lastSeq + 1) {
      this.#runAt.push(this.#n);
      this.#runSeq.push(seq);
    }
    this.#times[this.#n++] = t;
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
    const end = this.#runAt[run + 1] ?? this.#n;
    return Number.isInteger(at) && at < end ? this.#times[at] : undefined;
  }
}
