/**
 * A contract table that learns from the tape as it is read. A Ledger keeps the table it was
 * built with, but the products of a tape arrive along the way (REST answers, the sync snapshot,
 * Trade Manager's tickinfo). This table lets the venue's answer replace a row until the ledger
 * has used that root; after that a different answer is refused (figures already computed with
 * the old row would not add up with new ones) and the caller reports it.
 */
import { type ContractSpec, ContractTable, type ProductFacts } from "../contracts.js";
import { cmpR } from "../ratio.js";

/** What {@link GrowingTable.learn} did with a product. */
export type LearnResult =
  | { readonly kind: "same" | "replaced" | "added" }
  | { readonly kind: "refused"; readonly inUse: ContractSpec; readonly offered: ContractSpec };

/** A ContractTable whose rows can change until a root is first used. */
export class GrowingTable extends ContractTable {
  #current: ContractTable;
  readonly #used = new Set<string>();

  constructor(base: ContractTable) {
    super([]);
    this.#current = base;
  }

  /** The spec of a root; from now on the root counts as used. */
  override get(root: string): ContractSpec | undefined {
    const spec = this.#current.get(root);
    if (spec !== undefined) this.#used.add(root);
    return spec;
  }

  override require(root: string, where: string): ContractSpec {
    const spec = this.#current.require(root, where);
    this.#used.add(root);
    return spec;
  }

  override roots(): string[] {
    return this.#current.roots();
  }

  override specs(): ContractSpec[] {
    return this.#current.specs();
  }

  override withProduct(facts: ProductFacts, where?: string): ContractTable {
    return this.#current.withProduct(facts, where);
  }

  /** The table as it is now, without marking anything used (for parsing names). */
  get snapshot(): ContractTable {
    return this.#current;
  }

  /**
   * Applies a venue's product facts. Throws InputError for facts that are not exact positive
   * numbers (see ContractTable.withProduct).
   */
  learn(facts: ProductFacts, where: string): LearnResult {
    const next = this.#current.withProduct(facts, where);
    const root = facts.name.trim().toUpperCase();
    const before = this.#current.get(root);
    const after = next.get(root)!;
    if (before !== undefined && sameMoney(before, after)) return { kind: "same" };
    if (before !== undefined && this.#used.has(root)) {
      return { kind: "refused", inUse: before, offered: after };
    }
    this.#current = next;
    return { kind: before === undefined ? "added" : "replaced" };
  }
}

/** Same tick size and tick value: the only facts a P&L figure depends on. */
function sameMoney(a: ContractSpec, b: ContractSpec): boolean {
  return cmpR(a.grid.size, b.grid.size) === 0 && a.tickValue === b.tickValue;
}
