/**
 * Clocks for tape timestamps. A tape's `t` must never go backwards, so the writer reads a
 * monotonic clock, never the wall clock (which NTP may step). Tests inject a {@link ManualClock}.
 */

/** A source of integer microseconds that never decrease. The origin is arbitrary. */
export interface MonotonicClock {
  nowMicros(): number;
}

/** The process's monotonic high-resolution clock, in integer microseconds. */
export const systemClock: MonotonicClock = {
  nowMicros: () => Number(process.hrtime.bigint() / 1000n),
};

/** A clock that moves only when told to: deterministic timestamps for tests and synthesis. */
export class ManualClock implements MonotonicClock {
  #now: number;

  constructor(start = 0) {
    this.#now = checkMicros(start, "start");
  }

  nowMicros(): number {
    return this.#now;
  }

  /** Jumps to `us`; moving backwards would break the monotonic promise, so it throws. */
  set(us: number): void {
    const next = checkMicros(us, "set");
    if (next < this.#now) {
      throw new RangeError(
        `ManualClock.set(${us}): the clock is at ${this.#now} and never goes back`,
      );
    }
    this.#now = next;
  }

  /** Moves forward by `us` (an integer >= 0). */
  advance(us: number): void {
    this.set(this.#now + checkMicros(us, "advance"));
  }
}

function checkMicros(us: number, what: string): number {
  if (!Number.isSafeInteger(us) || us < 0) {
    throw new RangeError(`ManualClock ${what}: expected an integer >= 0 microseconds, got ${us}`);
  }
  return us;
}
