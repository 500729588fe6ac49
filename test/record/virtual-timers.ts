/** A virtual clock for the recorder's injected timers: time moves only when a test says so. */
import type { TimerHandle, Timers } from "../../src/live/timers.js";

interface Pending {
  at: number;
  seq: number;
  fn: () => void;
  handle: TimerHandle;
}

/** Timers that fire in order of due time as `advance` moves the clock. */
export class VirtualTimers implements Timers {
  #now: number;
  #seq = 0;
  #pending: Pending[] = [];

  constructor(start = Date.parse("2026-11-25T14:00:00Z")) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const handle = {};
    this.#pending.push({ at: this.#now + Math.max(0, ms), seq: this.#seq++, fn, handle });
    return handle;
  }

  clearTimeout(handle: TimerHandle): void {
    this.#pending = this.#pending.filter((p) => p.handle !== handle);
  }

  /** How many callbacks are waiting. */
  get pending(): number {
    return this.#pending.length;
  }

  /** Moves the clock by `ms`, running every callback that falls due, in order. */
  advance(ms: number): void {
    const end = this.#now + ms;
    for (;;) {
      this.#pending.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.#pending[0];
      if (!next || next.at > end) break;
      this.#pending.shift();
      this.#now = next.at;
      next.fn();
    }
    this.#now = end;
  }
}
