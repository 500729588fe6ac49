/**
 * Fees: futures pay a fixed commission per contract per side; crypto spot pays a fraction of
 * notional per side. Defaults are the spec's indicative Tradovate rates and a 0.1% spot fee.
 */

import { InputError } from "../errors.js";
import type { ContractSpec, FeeClass } from "./contracts.js";
import { type Micros, parseMicros } from "./money.js";
import { decimalPlaces, isNotADecimal, parseDecimal, type Ratio, ratio } from "./ratio.js";
import type { SpotSpec } from "./spot.js";

/** What each fill pays, per side. */
export interface FeeSchedule {
  /** Per contract per side, by fee class, in micro-dollars. */
  readonly perClass: Readonly<Record<FeeClass, Micros>>;
  /** Per contract per side for particular roots, overriding the class. */
  readonly perRoot: Readonly<Record<string, Micros>>;
  /** Spot: fraction of notional per side (0.001 = 0.1%). Must be a terminating decimal. */
  readonly spotRate: Ratio;
  /** Spot rate for particular pairs, overriding `spotRate`. */
  readonly spotRateByPair: Readonly<Record<string, Ratio>>;
}

/** Indicative Tradovate commissions ($0.79 micro, $1.29 E-mini, $1.79 standard) and 0.1% spot. */
export const DEFAULT_FEES: FeeSchedule = {
  perClass: { micro: 790_000n, emini: 1_290_000n, standard: 1_790_000n },
  perRoot: {},
  spotRate: ratio(1n, 1000n),
  spotRateByPair: {},
};

/** No fees at all: gross figures only. */
export const NO_FEES: FeeSchedule = {
  perClass: { micro: 0n, emini: 0n, standard: 0n },
  perRoot: {},
  spotRate: ratio(0n),
  spotRateByPair: {},
};

/** Fee settings as a user writes them: dollars per side and spot rates as decimals. */
export interface FeeSettings {
  readonly micro?: number | string;
  readonly emini?: number | string;
  readonly standard?: number | string;
  /** `{ "NQ": 1.5 }`: dollars per contract per side for one root. */
  readonly perRoot?: Readonly<Record<string, number | string>>;
  /** `0.001` for 0.1% of notional per side. */
  readonly spotRate?: number | string;
  readonly spotRateByPair?: Readonly<Record<string, number | string>>;
}

function dollars(value: number | string, what: string): Micros {
  const m = parseMicros(value);
  if (m === null || m < 0n) {
    throw new InputError(
      `fee ${what}: ${JSON.stringify(value)} is not a non-negative dollar amount`,
      "FEES",
    );
  }
  return m;
}

function rate(value: number | string, what: string): Ratio {
  const r = parseDecimal(value);
  if (isNotADecimal(r) || r.num < 0n || decimalPlaces(r) === null) {
    throw new InputError(
      `fee rate ${what}: ${JSON.stringify(value)} is not a non-negative decimal`,
      "FEES",
    );
  }
  return r;
}

/** Builds a schedule from user settings on top of `base` (default: DEFAULT_FEES). Exact. */
export function feeSchedule(settings: FeeSettings, base: FeeSchedule = DEFAULT_FEES): FeeSchedule {
  const perRoot = { ...base.perRoot };
  for (const [root, v] of Object.entries(settings.perRoot ?? {})) {
    perRoot[root.toUpperCase()] = dollars(v, root);
  }
  const spotRateByPair = { ...base.spotRateByPair };
  for (const [pair, v] of Object.entries(settings.spotRateByPair ?? {})) {
    spotRateByPair[pair.toUpperCase()] = rate(v, pair);
  }
  return {
    perClass: {
      micro: settings.micro === undefined ? base.perClass.micro : dollars(settings.micro, "micro"),
      emini: settings.emini === undefined ? base.perClass.emini : dollars(settings.emini, "emini"),
      standard:
        settings.standard === undefined
          ? base.perClass.standard
          : dollars(settings.standard, "standard"),
    },
    perRoot,
    spotRate: settings.spotRate === undefined ? base.spotRate : rate(settings.spotRate, "spot"),
    spotRateByPair,
  };
}

/** Commission per contract per side for a futures contract, in micro-dollars. */
export function futuresFeePerSide(schedule: FeeSchedule, spec: ContractSpec): Micros {
  return schedule.perRoot[spec.root] ?? schedule.perClass[spec.feeClass];
}

/** Fraction of notional a spot pair pays per side. */
export function spotFeeRate(schedule: FeeSchedule, spec: SpotSpec): Ratio {
  return schedule.spotRateByPair[spec.pair] ?? schedule.spotRate;
}
