/**
 * What the ledger needs to know about the thing a symbol names, with every money figure
 * pre-scaled to one integer "fine unit" so that fills, fees and marks are pure bigint sums.
 *
 * Futures: the fine unit is the micro-dollar (every tick value is whole micro-dollars).
 * Spot: one satoshi moving one cent is 1e-10 USDT and a 0.1% fee on that is 1e-13, so the fine
 * unit is 10^-fineDigits micro-units with fineDigits just large enough (7 for BTCUSDT at 0.1%).
 */

import { InputError } from "../errors.js";
import type { ContractSpec, ContractTable } from "./contracts.js";
import { type FeeSchedule, futuresFeePerSide, spotFeeRate } from "./fees.js";
import { type Currency, MICROS_PER_UNIT } from "./money.js";
import {
  decimalPlaces,
  divR,
  formatDecimal,
  isNotADecimal,
  mulR,
  parseDecimal,
  type Ratio,
  ratio,
} from "./ratio.js";
import type { SpotSpec } from "./spot.js";
import { parseSymbol } from "./symbols.js";
import type { TickGrid } from "./ticks.js";

/** A per-side fee in fine units: fixed per quantity step, or a rate of notional. */
export type FineFee =
  | { readonly kind: "perUnit"; readonly perUnit: bigint }
  | { readonly kind: "rate"; readonly num: bigint; readonly den: bigint };

/** A resolved instrument, ready for bigint-only accounting. */
export interface Instrument {
  readonly kind: "future" | "spot";
  /** The canonical symbol (see canonicalSymbol): the key marks are stored under. */
  readonly symbol: string;
  /** Futures root or spot pair. */
  readonly root: string;
  readonly grid: TickGrid;
  /** One quantity step in natural units: 1 contract, or 1e-8 coin. */
  readonly qtyStep: Ratio;
  readonly currency: Currency;
  /** The fine unit is 10^-fineDigits micro-units; 0 for futures. */
  readonly fineDigits: number;
  /** 10n ** fineDigits */
  readonly finePerMicro: bigint;
  /** Value of one quantity step moving one tick, in fine units. */
  readonly tickUnitValue: bigint;
  readonly fee: FineFee;
  readonly contract?: ContractSpec;
  readonly spot?: SpotSpec;
}

/**
 * The form a symbol is keyed by: trimmed, upper-case, exchange prefix dropped, and `-` removed
 * from spot pairs (`CME_MINI:NQ1!` -> `NQ1!`, `btc-usdt` -> `BTCUSDT`).
 */
export function canonicalSymbol(text: string): string {
  let s = text.trim().toUpperCase();
  const colon = s.indexOf(":");
  if (colon >= 0) s = s.slice(colon + 1);
  return /^[A-Z]+-[A-Z]+$/.test(s) ? s.replace("-", "") : s;
}

/**
 * Resolves a symbol (any name parseSymbol reads) to an instrument under a contract table and
 * fee schedule. Throws InputError for names it cannot read and unknown roots.
 */
export function resolveInstrument(
  text: string,
  table: ContractTable,
  fees: FeeSchedule,
): Instrument {
  const symbol = canonicalSymbol(text);
  // The reference date only matters for one-digit years, which do not change the instrument.
  const parsed = parseSymbol(symbol, { table, at: 0 });
  if (parsed.kind === "unrecognised") {
    throw new InputError(`symbol ${JSON.stringify(text)}: ${parsed.why}`, "SYMBOL");
  }
  if (parsed.kind === "spot")
    return spotInstrument(symbol, parsed.spec, spotFeeRate(fees, parsed.spec));
  return futureInstrument(symbol, parsed.spec, futuresFeePerSide(fees, parsed.spec));
}

function futureInstrument(symbol: string, spec: ContractSpec, feePerSide: bigint): Instrument {
  return {
    kind: "future",
    symbol,
    root: spec.root,
    grid: spec.grid,
    qtyStep: ratio(1n),
    currency: "USD",
    fineDigits: 0,
    finePerMicro: 1n,
    tickUnitValue: spec.tickValue,
    fee: { kind: "perUnit", perUnit: feePerSide },
    contract: spec,
  };
}

function spotInstrument(symbol: string, spec: SpotSpec, rate: Ratio): Instrument {
  const unitMicros = mulR(mulR(spec.grid.size, spec.qtyStep), ratio(MICROS_PER_UNIT));
  const unitPlaces = decimalPlaces(unitMicros);
  const ratePlaces = decimalPlaces(rate);
  if (unitPlaces === null || ratePlaces === null) {
    throw new InputError(`${spec.pair}: tick, quantity step and fee rate must be decimals`, "FEES");
  }
  const fineDigits = unitPlaces + ratePlaces;
  const finePerMicro = 10n ** BigInt(fineDigits);
  const unitFine = mulR(unitMicros, ratio(finePerMicro));
  return {
    kind: "spot",
    symbol,
    root: spec.pair,
    grid: spec.grid,
    qtyStep: spec.qtyStep,
    currency: spec.quote,
    fineDigits,
    finePerMicro,
    tickUnitValue: unitFine.num,
    fee: { kind: "rate", num: rate.num, den: rate.den },
    spot: spec,
  };
}

/**
 * A quantity in natural units (contracts, coins) as a count of quantity steps. Throws
 * InputError for anything that is not a positive whole number of steps.
 */
export function qtyToUnits(qty: number | string | bigint, inst: Instrument, what: string): bigint {
  const q = typeof qty === "bigint" ? ratio(qty) : parseDecimal(qty);
  if (isNotADecimal(q))
    throw new InputError(`${what}: quantity ${JSON.stringify(qty)} ${q.why}`, "QTY");
  const units = divR(q, inst.qtyStep);
  if (units.den !== 1n || units.num <= 0n) {
    const step = inst.kind === "future" ? "whole contracts" : `multiples of ${formatStep(inst)}`;
    throw new InputError(
      `${what}: quantity ${String(qty)} is not a positive number of ${step}`,
      "QTY",
    );
  }
  return units.num;
}

function formatStep(inst: Instrument): string {
  return formatDecimal(inst.qtyStep, 18);
}
