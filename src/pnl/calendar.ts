/**
 * Expiry and roll dates, for resolving "the front month" when the venue has not said. These
 * are rules of thumb: business days are Monday to Friday (exchange holidays are not modelled)
 * and days are UTC calendar days. A venue's own answer (Tradovate's `isFront`, a resolved
 * mapping recorded with a signal) always wins over this fallback.
 */

import { InputError } from "../errors.js";
import {
  type ContractSpec,
  type ContractTable,
  DEFAULT_CONTRACTS,
  type ExpiryRule,
} from "./contracts.js";

/** A contract month of a root: `{ root: "NQ", year: 2025, month: 12 }` is NQZ5. */
export interface ContractMonth {
  readonly root: string;
  readonly year: number;
  /** 1..12 */
  readonly month: number;
}

/** Days since 1970-01-01 (UTC): the calendar arithmetic below works on these. */
export type DayNumber = number;

const MS_PER_DAY = 86_400_000;

/** The day number of a calendar date (month 1..12; day may run past the month's end). */
export function dayNumber(year: number, month: number, day: number): DayNumber {
  return Date.UTC(year, month - 1, day) / MS_PER_DAY;
}

/** ISO date `YYYY-MM-DD` of a day number. */
export function isoDay(day: DayNumber): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** 0 = Sunday ... 6 = Saturday. */
function weekday(day: DayNumber): number {
  return (((day + 4) % 7) + 7) % 7;
}

function isBusinessDay(day: DayNumber): boolean {
  const w = weekday(day);
  return w !== 0 && w !== 6;
}

/** The business day `n` business days before `day` (n >= 1). */
function businessDaysBefore(day: DayNumber, n: number): DayNumber {
  let d = day;
  let left = n;
  while (left > 0) {
    d--;
    if (isBusinessDay(d)) left--;
  }
  return d;
}

/** The `nth` (1-based) given weekday of a month. */
function nthWeekday(year: number, month: number, wd: number, nth: number): DayNumber {
  const first = dayNumber(year, month, 1);
  return first + ((wd - weekday(first) + 7) % 7) + 7 * (nth - 1);
}

function lastWeekdayOfMonth(year: number, month: number, wd: number): DayNumber {
  const last = dayNumber(year, month + 1, 0);
  return last - ((weekday(last) - wd + 7) % 7);
}

function lastBusinessDayOfMonth(year: number, month: number): DayNumber {
  let d = dayNumber(year, month + 1, 0);
  while (!isBusinessDay(d)) d--;
  return d;
}

const FRIDAY = 5;
const WEDNESDAY = 3;

/**
 * The day a contract month stops being tradeable for a speculator:
 * - `thirdFriday`: the third Friday of the contract month (equity index futures).
 * - `fx`: two business days before the third Wednesday of the contract month.
 * - `firstNotice`: the last business day of the month before the contract month (first notice
 *   day of bonds and metals: longs must be out before it).
 * - `crude`: three business days before the 25th of the month before the contract month, or
 *   four when the 25th is not a business day (NYMEX CL).
 * - `microCrude`: the business day before `crude` (NYMEX MCL).
 * - `lastFriday`: the last Friday of the contract month (CME crypto).
 */
export function expiryDay(rule: ExpiryRule, year: number, month: number): DayNumber {
  switch (rule) {
    case "thirdFriday":
      return nthWeekday(year, month, FRIDAY, 3);
    case "fx":
      return businessDaysBefore(nthWeekday(year, month, WEDNESDAY, 3), 2);
    case "firstNotice":
      return lastBusinessDayOfMonth(year, month - 1);
    case "crude":
    case "microCrude": {
      const the25th = dayNumber(year, month - 1, 25);
      const crude = businessDaysBefore(the25th, isBusinessDay(the25th) ? 3 : 4);
      return rule === "crude" ? crude : businessDaysBefore(crude, 1);
    }
    case "lastFriday":
      return lastWeekdayOfMonth(year, month, FRIDAY);
  }
}

/** The first day on which the next listed month is the front: `daysBefore` days before expiry. */
export function rollDay(spec: ContractSpec, year: number, month: number): DayNumber {
  const roll = needRoll(spec);
  return expiryDay(roll.rule, year, month) - roll.daysBefore;
}

function needRoll(
  spec: ContractSpec,
): NonNullable<ContractSpec["roll"]> & { months: readonly number[] } {
  if (spec.roll === null || spec.months === null || spec.months.length === 0) {
    throw new InputError(
      `${spec.root}: no listed months or roll rule known, so its front month cannot be resolved`,
      "NO_ROLL_RULE",
    );
  }
  return { ...spec.roll, months: spec.months };
}

/** Reads a date given as a Date, an ISO string or epoch milliseconds into a UTC day number. */
export function toDayNumber(date: Date | string | number): DayNumber {
  const ms = date instanceof Date ? date.getTime() : new Date(date).getTime();
  if (!Number.isFinite(ms))
    throw new InputError(`not a date: ${JSON.stringify(String(date))}`, "DATE");
  return Math.floor(ms / MS_PER_DAY);
}

/**
 * The n-th contract month (1 = front, 2 = next, ...) of a root on a date: the n-th listed month
 * whose roll day is after that date's UTC day. NQ on 2025-11-25 -> NQZ5; on 2025-12-11 (the
 * second Thursday before the 19 Dec expiry) -> NQH6.
 */
export function frontMonth(
  root: ContractSpec | string,
  date: Date | string | number,
  n = 1,
  table: ContractTable = DEFAULT_CONTRACTS,
): ContractMonth {
  const spec =
    typeof root === "string" ? table.require(root.trim().toUpperCase(), "frontMonth") : root;
  if (!Number.isInteger(n) || n < 1)
    throw new InputError(`contract number must be 1 or more, got ${n}`);
  const { months } = needRoll(spec);
  const today = toDayNumber(date);
  const start = new Date(today * MS_PER_DAY);
  // Roll days fall at the earliest in the month before the contract month, so start there.
  let year = start.getUTCFullYear();
  let month = start.getUTCMonth(); // the previous month, 1-based
  if (month === 0) {
    month = 12;
    year--;
  }
  let found = 0;
  for (let i = 0; i < 12 * (n + 2); i++) {
    if (months.includes(month) && rollDay(spec, year, month) > today) {
      found++;
      if (found === n) return { root: spec.root, year, month };
    }
    month++;
    if (month === 13) {
      month = 1;
      year++;
    }
  }
  throw new RangeError(`frontMonth: no listed month found for ${spec.root}`);
}
