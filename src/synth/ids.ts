/**
 * Tradovate-style ids: one increasing sequence per entity type, starting from a large base and
 * stepping by small random gaps (other users' orders take the numbers in between), so ids look
 * like a real server's and never repeat within a tape.
 */
import type { Rng } from "./random.js";

/** Hands out increasing ids for each entity type. */
export class IdSequence {
  readonly #next = new Map<string, number>();
  readonly #rng: Rng;
  readonly #bases: Readonly<Record<string, number>>;

  /** `bases` gives each type's first id; types without one start at 1. */
  constructor(rng: Rng, bases: Readonly<Record<string, number>>) {
    this.#rng = rng;
    this.#bases = bases;
  }

  /** The next id of `type`. */
  next(type: string): number {
    const current = this.#next.get(type) ?? (this.#bases[type] ?? 1) - 1;
    const id = current + this.#rng.int(1, 37);
    this.#next.set(type, id);
    return id;
  }
}
