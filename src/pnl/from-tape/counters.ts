/**
 * Tradovate's position counters (bought, boughtValue, sold, soldValue) cover one trade date and
 * only that day's fills. When the ledger had to be seeded (a position carried in from an earlier
 * day at prevPrice, or a snapshot whose fills are not in the tape), its counters include the
 * seed, so they are compared net of an offset taken when seeding. With a zero offset this is the
 * Reconciler's comparison; it exists because Reconciler observations take plain numbers and an
 * offset must be subtracted exactly.
 */
import type { AccountKey, Ledger } from "../ledger.js";
import { describeKey } from "../ledger.js";
import {
  cmpR,
  formatDecimal,
  isNotADecimal,
  mulR,
  parseDecimal,
  type Ratio,
  ratio,
  subR,
} from "../ratio.js";
import type { Disagreement } from "../reconcile.js";

/** What the ledger's counters hold beyond the venue's, for one key. */
export interface CounterOffset {
  readonly bought: bigint;
  readonly sold: bigint;
  /** In price points (quantity * price), exact. */
  readonly boughtValue: Ratio;
  readonly soldValue: Ratio;
}

/** The venue's counters as the position entity printed them. */
export interface VenueCounters {
  readonly bought: number;
  readonly boughtValue: number;
  readonly sold: number;
  readonly soldValue: number;
}

/** The ledger's counters for a key, in price points, exact. */
export function ledgerCounters(
  ledger: Ledger,
  key: AccountKey,
): { bought: bigint; sold: bigint; boughtValue: Ratio; soldValue: Ratio } {
  const book = ledger.book(key);
  const tick = ledger.instrument(key.symbol).grid.size;
  return {
    bought: book?.bought ?? 0n,
    sold: book?.sold ?? 0n,
    boughtValue: mulR(ratio(book?.boughtTicks ?? 0n), tick),
    soldValue: mulR(ratio(book?.soldTicks ?? 0n), tick),
  };
}

/** The offset that makes the ledger's counters equal the venue's now (null: unreadable). */
export function offsetFrom(
  ledger: Ledger,
  key: AccountKey,
  v: VenueCounters,
): CounterOffset | null {
  const mine = ledgerCounters(ledger, key);
  const bv = parseDecimal(v.boughtValue);
  const sv = parseDecimal(v.soldValue);
  if (isNotADecimal(bv) || isNotADecimal(sv)) return null;
  return {
    bought: mine.bought - BigInt(v.bought),
    sold: mine.sold - BigInt(v.sold),
    boughtValue: subR(mine.boughtValue, bv),
    soldValue: subR(mine.soldValue, sv),
  };
}

/**
 * Compares the venue's counters with the ledger's minus `offset`: quantities exactly, values
 * within half a tick (venues sum prices in doubles).
 */
export function compareCounters(
  ledger: Ledger,
  key: AccountKey,
  v: VenueCounters,
  offset: CounterOffset,
  time: string,
): Disagreement[] {
  const out: Disagreement[] = [];
  const name = describeKey(key);
  const mine = ledgerCounters(ledger, key);
  const tick = ledger.instrument(key.symbol).grid.size;
  const halfTick = ratio(tick.num, tick.den * 2n);
  const add = (field: string, external: string, value: string) =>
    out.push({ time, key: name, field, external, ledger: value });
  for (const [field, ext, own] of [
    ["bought", v.bought, mine.bought - offset.bought],
    ["sold", v.sold, mine.sold - offset.sold],
  ] as const) {
    if (!Number.isSafeInteger(ext) || BigInt(ext) !== own) add(field, String(ext), String(own));
  }
  for (const [field, ext, own] of [
    ["boughtValue", v.boughtValue, subR(mine.boughtValue, offset.boughtValue)],
    ["soldValue", v.soldValue, subR(mine.soldValue, offset.soldValue)],
  ] as const) {
    const r = parseDecimal(ext);
    if (isNotADecimal(r)) {
      add(field, String(ext), formatDecimal(own));
      continue;
    }
    const diff = subR(r, own);
    const absDiff = diff.num < 0n ? ratio(-diff.num, diff.den) : diff;
    if (cmpR(absDiff, halfTick) >= 0) add(field, String(ext), formatDecimal(own));
  }
  return out;
}

/** True when nothing needs subtracting. */
export function isZeroOffset(o: CounterOffset): boolean {
  return o.bought === 0n && o.sold === 0n && o.boughtValue.num === 0n && o.soldValue.num === 0n;
}
