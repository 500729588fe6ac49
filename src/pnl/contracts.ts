/**
 * The futures contract table: tick size, tick value, value per point and listed months for the
 * roots tapedeck knows, plus the calendar rule front-month resolution falls back on. A product
 * read from a tape (Tradovate `/product/find`) overrides its row: the venue's answer wins.
 */

import { InputError } from "../errors.js";
import { MICROS_PER_UNIT, type Micros } from "./money.js";
import { parseMonthList } from "./months.js";
import { isNotADecimal, mulR, parseDecimal, type Ratio, ratio } from "./ratio.js";
import { type PriceStyle, type TickGrid, tickGrid } from "./ticks.js";

/**
 * When a contract stops being the one people trade (see calendar.ts for each rule):
 * `thirdFriday` equity index, `fx` currency, `firstNotice` physically delivered bonds and metals,
 * `crude` / `microCrude` WTI, `lastFriday` CME crypto.
 */
export type ExpiryRule =
  | "thirdFriday"
  | "fx"
  | "firstNotice"
  | "crude"
  | "microCrude"
  | "lastFriday";

/** Which indicative per-side commission a contract pays by default (see fees.ts). */
export type FeeClass = "micro" | "emini" | "standard";

/** One futures root. Every figure is exact; `tickValue = tickSize * valuePerPoint`. */
export interface ContractSpec {
  /** Product code: `ES`, `MNQ`, `6E`. */
  readonly root: string;
  readonly name: string;
  /** TradingView's exchange prefix: `CME_MINI` in `CME_MINI:NQ1!`. Empty when unknown. */
  readonly exchange: string;
  readonly grid: TickGrid;
  /** Dollar value of one tick for one contract, in micro-dollars (ZN: 15_625_000). */
  readonly tickValue: Micros;
  /** Dollars per full point of price, exact (MYM: 1/2). */
  readonly valuePerPoint: Ratio;
  /** Listed contract months 1..12, or null when unknown (a root only a tape told us about). */
  readonly months: readonly number[] | null;
  /** Expiry rule and how many calendar days before it the front month rolls; null if unknown. */
  readonly roll: { readonly rule: ExpiryRule; readonly daysBefore: number } | null;
  readonly feeClass: FeeClass;
}

type Row = [
  root: string,
  name: string,
  exchange: string,
  tick: string,
  tickValue: string,
  valuePerPoint: string,
  months: string,
  rule: ExpiryRule,
  rollDaysBefore: number,
  feeClass: FeeClass,
];

/**
 * The table of docs/pnl.md. Roll offsets: index and FX futures roll 8 days before expiry (CME's
 * customary second-Thursday roll); bonds and metals 3 days before first notice; crude 3 days
 * before last trade; CME crypto 5 days before its last-Friday expiry.
 */
const ROWS: readonly Row[] = [
  ["ES", "E-mini S&P 500", "CME_MINI", "0.25", "12.50", "50", "HMUZ", "thirdFriday", 8, "emini"],
  ["MES", "Micro E-mini S&P", "CME_MINI", "0.25", "1.25", "5", "HMUZ", "thirdFriday", 8, "micro"],
  ["NQ", "E-mini Nasdaq-100", "CME_MINI", "0.25", "5.00", "20", "HMUZ", "thirdFriday", 8, "emini"],
  ["MNQ", "Micro Nasdaq-100", "CME_MINI", "0.25", "0.50", "2", "HMUZ", "thirdFriday", 8, "micro"],
  ["YM", "E-mini Dow", "CBOT_MINI", "1", "5.00", "5", "HMUZ", "thirdFriday", 8, "emini"],
  ["MYM", "Micro Dow", "CBOT_MINI", "1", "0.50", "0.5", "HMUZ", "thirdFriday", 8, "micro"],
  [
    "RTY",
    "E-mini Russell 2000",
    "CME_MINI",
    "0.1",
    "5.00",
    "50",
    "HMUZ",
    "thirdFriday",
    8,
    "emini",
  ],
  ["M2K", "Micro Russell 2000", "CME_MINI", "0.1", "0.50", "5", "HMUZ", "thirdFriday", 8, "micro"],
  ["CL", "WTI crude", "NYMEX", "0.01", "10.00", "1000", "all", "crude", 3, "standard"],
  ["MCL", "Micro WTI", "NYMEX", "0.01", "1.00", "100", "all", "microCrude", 3, "micro"],
  ["GC", "Gold", "COMEX", "0.1", "10.00", "100", "GJMQVZ", "firstNotice", 3, "standard"],
  ["MGC", "Micro gold", "COMEX", "0.1", "1.00", "10", "GJMQVZ", "firstNotice", 3, "micro"],
  ["SI", "Silver", "COMEX", "0.005", "25.00", "5000", "HKNUZ", "firstNotice", 3, "standard"],
  ["ZB", "30Y bond", "CBOT", "1/32", "31.25", "1000", "HMUZ", "firstNotice", 3, "standard"],
  ["ZN", "10Y note", "CBOT", "1/64", "15.625", "1000", "HMUZ", "firstNotice", 3, "standard"],
  ["6E", "Euro FX", "CME", "0.00005", "6.25", "125000", "HMUZ", "fx", 8, "standard"],
  ["BTC", "CME Bitcoin", "CME", "5", "25.00", "5", "all", "lastFriday", 5, "standard"],
  ["MBT", "Micro Bitcoin", "CME", "5", "0.50", "0.1", "all", "lastFriday", 5, "micro"],
  ["ETH", "CME Ether", "CME", "0.25", "12.50", "50", "all", "lastFriday", 5, "standard"],
  ["MET", "Micro Ether", "CME", "0.5", "0.05", "0.1", "all", "lastFriday", 5, "micro"],
];

const THIRTY_SECONDS_ROOTS = new Set(["ZB", "ZN"]);

/** Reads "0.25" or "1/64" exactly; RangeError on anything else (table data, so a bug). */
function exact(text: string): Ratio {
  const slash = text.indexOf("/");
  if (slash > 0) return ratio(BigInt(text.slice(0, slash)), BigInt(text.slice(slash + 1)));
  const r = parseDecimal(text);
  if (isNotADecimal(r)) throw new RangeError(`contract table: ${text} is not a number`);
  return r;
}

/** tickSize * valuePerPoint in whole micro-dollars, or null when it has sub-micro digits. */
function tickValueOf(tick: Ratio, valuePerPoint: Ratio): Micros | null {
  const v = mulR(mulR(tick, valuePerPoint), ratio(MICROS_PER_UNIT));
  return v.den === 1n ? v.num : null;
}

function specOfRow(row: Row): ContractSpec {
  const [root, name, exchange, tick, tickValue, vpp, months, rule, daysBefore, feeClass] = row;
  const size = exact(tick);
  const valuePerPoint = exact(vpp);
  const value = tickValueOf(size, valuePerPoint);
  const stated = mulR(exact(tickValue), ratio(MICROS_PER_UNIT));
  if (value === null || stated.den !== 1n || stated.num !== value) {
    throw new RangeError(`contract table: ${root} tick * value per point != tick value`);
  }
  const style: PriceStyle = THIRTY_SECONDS_ROOTS.has(root) ? "32nds" : "decimal";
  return {
    root,
    name,
    exchange,
    grid: tickGrid(size, style),
    tickValue: value,
    valuePerPoint,
    months: parseMonthList(months),
    roll: { rule, daysBefore },
    feeClass,
  };
}

/** What a venue says about a product (Tradovate `/product/find`: `name`, `tickSize`, `valuePerPoint`). */
export interface ProductFacts {
  /** The root, e.g. `NQ`. */
  readonly name: string;
  readonly tickSize: number | string;
  /** Dollars per point. Give this or `tickValue`. */
  readonly valuePerPoint?: number | string;
  /** Dollars per tick (Trade Manager's `amnt`). Give this or `valuePerPoint`. */
  readonly tickValue?: number | string;
}

/** An immutable set of contract specs keyed by root. */
export class ContractTable {
  readonly #byRoot: ReadonlyMap<string, ContractSpec>;

  /** Builds a table from specs; a later spec for the same root replaces an earlier one. */
  constructor(specs: Iterable<ContractSpec>) {
    this.#byRoot = new Map([...specs].map((s) => [s.root, s]));
  }

  /** The spec of a root, or undefined. Roots are upper-case (`6E`, `MNQ`). */
  get(root: string): ContractSpec | undefined {
    return this.#byRoot.get(root);
  }

  /** The spec of a root, or an InputError naming it and `where` it came from. */
  require(root: string, where: string): ContractSpec {
    const spec = this.#byRoot.get(root);
    if (spec) return spec;
    throw new InputError(
      `${where}: unknown contract root "${root}" (known: ${this.roots().join(", ")})`,
      "UNKNOWN_ROOT",
    );
  }

  /** All roots, longest first, so prefix matching never takes `M` for `MNQ`. */
  roots(): string[] {
    return [...this.#byRoot.keys()].sort((a, b) => b.length - a.length || a.localeCompare(b));
  }

  /** All specs in table order. */
  specs(): ContractSpec[] {
    return [...this.#byRoot.values()];
  }

  /**
   * A new table where a venue's product facts override the row of `facts.name` (or add a row
   * for a root the table lacks, with no listed months). Throws InputError when the facts are
   * not exact decimals, the tick is not positive, or the tick value has sub-micro-dollar digits.
   */
  withProduct(facts: ProductFacts, where = `product ${facts.name}`): ContractTable {
    const root = facts.name.trim().toUpperCase();
    const tick = parseDecimal(facts.tickSize);
    if (isNotADecimal(tick) || tick.num <= 0n) {
      throw new InputError(
        `${where}: tickSize ${JSON.stringify(facts.tickSize)} is not a positive number`,
      );
    }
    let valuePerPoint: Ratio;
    if (facts.valuePerPoint !== undefined) {
      const v = parseDecimal(facts.valuePerPoint);
      if (isNotADecimal(v) || v.num <= 0n) {
        throw new InputError(
          `${where}: valuePerPoint ${JSON.stringify(facts.valuePerPoint)} is not a positive number`,
        );
      }
      valuePerPoint = v;
    } else if (facts.tickValue !== undefined) {
      const v = parseDecimal(facts.tickValue);
      if (isNotADecimal(v) || v.num <= 0n) {
        throw new InputError(
          `${where}: tick value ${JSON.stringify(facts.tickValue)} is not a positive number`,
        );
      }
      valuePerPoint = ratio(v.num * tick.den, v.den * tick.num);
    } else {
      throw new InputError(`${where}: needs valuePerPoint or tickValue`);
    }
    const tickValue = tickValueOf(tick, valuePerPoint);
    if (tickValue === null) {
      throw new InputError(`${where}: tick value is not a whole number of micro-dollars`);
    }
    const old = this.#byRoot.get(root);
    const spec: ContractSpec = {
      root,
      name: old?.name ?? root,
      exchange: old?.exchange ?? "",
      grid: tickGrid(tick, old?.grid.style ?? "decimal"),
      tickValue,
      valuePerPoint,
      months: old?.months ?? null,
      roll: old?.roll ?? null,
      feeClass: old?.feeClass ?? "standard",
    };
    return new ContractTable([...this.#byRoot.values(), spec]);
  }
}

/** The built-in table: the 20 roots of docs/pnl.md. */
export const DEFAULT_CONTRACTS = new ContractTable(ROWS.map(specOfRow));
