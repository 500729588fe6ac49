/**
 * Entity ids of a simulated account: one counter per entity type, so an order id, a fill id and
 * a position id each count on their own, the same over every socket and REST. Each counter
 * starts above the largest id of its type the tape recorded, so simulated ids never collide
 * with the recorded account's.
 */

/** Hands out the next id of each entity type. */
export class SimIds {
  readonly #next = new Map<string, number>();

  /** `above` gives, per entity type, the largest id already in use. */
  constructor(above: Readonly<Record<string, number>> = {}) {
    for (const [type, max] of Object.entries(above)) this.#next.set(type, max + 1);
  }

  /** The next id of `type` (the first is 1 unless the tape used ids of that type). */
  next(type: string): number {
    const id = this.#next.get(type) ?? 1;
    this.#next.set(type, id + 1);
    return id;
  }
}

/** The largest numeric `id` per snapshot list, keyed by entity type (e.g. `order`). */
export function maxIds(
  snapshot: Record<string, unknown> | undefined,
  listToType: Readonly<Record<string, string>>,
): Record<string, number> {
  const out: Record<string, number> = {};
  if (!snapshot) return out;
  for (const [list, type] of Object.entries(listToType)) {
    const items = snapshot[list];
    if (!Array.isArray(items)) continue;
    for (const item of items) {
      const id = (item as { id?: unknown } | null)?.id;
      if (typeof id === "number" && Number.isSafeInteger(id))
        out[type] = Math.max(out[type] ?? 0, id);
    }
  }
  return out;
}
