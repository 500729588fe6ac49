/**
 * Time as the replay engine sees it. The engine never reads the real clock or calls the global
 * timers itself: it is handed a {@link Timer}, so tests drive it with a {@link VirtualTimer} and
 * check timing exactly, without sleeping.
 */

/** An opaque handle for a scheduled callback. */
export type TimerHandle = { readonly id: number };

/** A clock in milliseconds plus one-shot callbacks. */
export interface Timer {
  /** Milliseconds from an arbitrary origin; never decreases. */
  now(): number;
  /** Runs `fn` once, `ms` (>= 0) from now. */
  setTimeout(fn: () => void, ms: number): TimerHandle;
  /** Cancels a callback; unknown or already-run handles are ignored. */
  clearTimeout(handle: TimerHandle): void;
  /**
   * Waits `ms` (small) without leaving the current turn, if this timer can: a real clock
   * busy-waits. Absent on a virtual timer, whose time moves only between turns.
   */
  spin?(ms: number): void;
}

/**
 * The process's monotonic clock and Node's timers. Node fires timers on whole, possibly stale,
 * event-loop milliseconds and makes a 0 ms timer wait a full millisecond; replay timing wants
 * better, so a wait wakes EARLY_MS early and finishes on setImmediate, and a due-now
 * callback runs on the next setImmediate.
 */
export const realTimer: Timer = (() => {
  // Node's timers fire from 1 ms early to 2 ms late (libuv's millisecond clock, read once per
  // loop turn; measured on this machine: -0.8 .. +1.7 ms for waits of 0.3-0.6 s).
  const EARLY_MS = 2.5;
  type Pending =
    | { kind: "timeout"; t: NodeJS.Timeout }
    | { kind: "immediate"; t: NodeJS.Immediate };
  const live = new Map<number, Pending>();
  let next = 1;
  return {
    now: () => performance.now(),
    setTimeout(fn, ms) {
      const id = next++;
      const due = performance.now() + Math.max(0, ms);
      const fire = () => {
        if (!live.has(id)) return;
        if (performance.now() >= due) {
          live.delete(id);
          fn();
        } else {
          live.set(id, { kind: "immediate", t: setImmediate(fire) });
        }
      };
      live.set(
        id,
        ms > EARLY_MS + 0.5
          ? { kind: "timeout", t: setTimeout(fire, ms - EARLY_MS) }
          : { kind: "immediate", t: setImmediate(fire) },
      );
      return { id };
    },
    spin(ms) {
      const until = performance.now() + ms;
      while (performance.now() < until) {
        // Busy: a turn of the event loop costs more than the wait.
      }
    },
    clearTimeout(handle) {
      const p = live.get(handle.id);
      if (p?.kind === "timeout") clearTimeout(p.t);
      if (p?.kind === "immediate") clearImmediate(p.t);
      live.delete(handle.id);
    },
  };
})();

interface Pending {
  id: number;
  at: number;
  fn: () => void;
}

/**
 * A timer that moves only when told to. `advance(ms)` runs every callback due within the next
 * `ms`, in order of due time (ties in the order they were set), with `now()` set to each one's
 * due time while it runs; callbacks set meanwhile run too if they fall due in the window.
 */
export class VirtualTimer implements Timer {
  #now: number;
  #pending: Pending[] = [];
  #next = 1;

  constructor(start = 0) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const id = this.#next++;
    this.#pending.push({ id, at: this.#now + Math.max(0, ms), fn });
    return { id };
  }

  clearTimeout(handle: TimerHandle): void {
    this.#pending = this.#pending.filter((p) => p.id !== handle.id);
  }

  /** How many callbacks are waiting. */
  get pendingCount(): number {
    return this.#pending.length;
  }

  /** The due time of the earliest waiting callback, if any. */
  nextDue(): number | undefined {
    return this.#earliest()?.at;
  }

  #earliest(): Pending | undefined {
    let best: Pending | undefined;
    for (const p of this.#pending) if (best === undefined || p.at < best.at) best = p;
    return best;
  }

  /** Moves time forward by `ms`, running what falls due on the way. */
  advance(ms: number): void {
    const end = this.#now + ms;
    for (;;) {
      const p = this.#earliest();
      if (p === undefined || p.at > end) break;
      this.#pending = this.#pending.filter((q) => q !== p);
      this.#now = Math.max(this.#now, p.at);
      p.fn();
    }
    this.#now = end;
  }

  /**
   * Runs callbacks in due order until none is left or `limit` have run (a guard against
   * callbacks that keep rescheduling themselves, such as heartbeats), moving time as it goes.
   * Returns how many ran.
   */
  runUntilIdle(limit = 100_000, until = Number.POSITIVE_INFINITY): number {
    let ran = 0;
    while (ran < limit) {
      const p = this.#earliest();
      if (p === undefined || p.at > until) break;
      this.#pending = this.#pending.filter((q) => q !== p);
      this.#now = Math.max(this.#now, p.at);
      p.fn();
      ran++;
    }
    return ran;
  }
}
