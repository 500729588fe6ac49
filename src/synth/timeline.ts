/**
 * Collects the events of every connection, each stamped with its tape time, and hands them
 * back in tape order. Events at the same time keep the order they were added in, so a
 * generator that adds a request before its response never sees them swapped.
 */
import type { EventInput } from "../tape/events.js";

/** An event with its tape time (µs) fixed. */
export type TimedEvent = EventInput & { t: number };

/** The events of a session being built. */
export class Timeline {
  readonly #events: Array<{ order: number; event: TimedEvent }> = [];

  /** Adds `event` at tape time `t` (an integer >= 0). */
  add(t: number, event: EventInput): void {
    if (!Number.isSafeInteger(t) || t < 0) throw new RangeError(`Timeline.add: bad time ${t}`);
    this.#events.push({ order: this.#events.length, event: { ...event, t } as TimedEvent });
  }

  /** How many events were added. */
  get size(): number {
    return this.#events.length;
  }

  /** Every event in tape order (time, then the order added). */
  events(): TimedEvent[] {
    return [...this.#events]
      .sort((a, b) => a.event.t - b.event.t || a.order - b.order)
      .map((x) => x.event);
  }
}
