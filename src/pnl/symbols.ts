/**
 * Instrument names as Tradovate and TradingView write them, parsed and mapped both ways.
 * Tradovate: root + month code + 1 or 2 year digits (`ESZ5`, `MNQH6`, `ESM24`).
 * TradingView: continuous `NQ1!` / `NQ2!`, dated `NQZ2025`, optionally behind an exchange
 * prefix (`CME_MINI:NQ1!`); crypto spot pairs such as `BTCUSDT`.
 */

import { InputError } from "../errors.js";
import { type ContractMonth, frontMonth, toDayNumber } from "./calendar.js";
import { type ContractSpec, type ContractTable, DEFAULT_CONTRACTS } from "./contracts.js";
import { monthCode, monthOfCode } from "./months.js";
import { SPOT_PAIRS, type SpotSpec } from "./spot.js";

/** A dated futures contract: `ESZ5`, `ESM24` (Tradovate) or `NQZ2025` (TradingView). */
export interface DatedSymbol extends ContractMonth {
  readonly kind: "dated";
  /** How many year digits the text had: 1 or 2 (Tradovate), 4 (TradingView). Kept as data. */
  readonly yearDigits: 1 | 2 | 4;
  readonly exchange?: string;
  readonly spec: ContractSpec;
}

/** TradingView's continuous contract: `NQ1!` is the front month, `NQ2!` the next. */
export interface ContinuousSymbol {
  readonly kind: "continuous";
  readonly root: string;
  /** 1 = front month. */
  readonly n: number;
  readonly exchange?: string;
  readonly spec: ContractSpec;
}

/** A crypto spot pair: `BTCUSDT`. */
export interface SpotSymbol {
  readonly kind: "spot";
  readonly pair: string;
  readonly exchange?: string;
  readonly spec: SpotSpec;
}

/** A name this module could not read, with the raw text and the reason. Never thrown. */
export interface UnrecognisedSymbol {
  readonly kind: "unrecognised";
  readonly raw: string;
  readonly why: string;
}

/** What `parseSymbol` returns. */
export type ParsedSymbol = DatedSymbol | ContinuousSymbol | SpotSymbol;

/** Options for reading and mapping names. */
export interface SymbolOptions {
  /** Contract table to look roots up in (default: the built-in table). */
  readonly table?: ContractTable;
  /**
   * Reference date: decides the decade of one-digit Tradovate years and which month `NQ1!` is.
   * Default: now. Replay and tests should always pass the tape's own time.
   */
  readonly at?: Date | string | number;
}

const PREFIX = /^([A-Z][A-Z0-9_]*):(.+)$/;
const CONTINUOUS = /^([A-Z0-9]*[A-Z])(\d{1,2})!$/;
const DATED = /^([A-Z0-9]*[A-Z0-9])([FGHJKMNQUVXZ])(\d{1,2}|\d{4})$/;

/** The reference year for one- and two-digit years. */
function refYear(at: SymbolOptions["at"]): number {
  return new Date(toDayNumber(at ?? Date.now()) * 86_400_000).getUTCFullYear();
}

/**
 * Resolves a Tradovate year: one digit lands in [ref - 2, ref + 7] (contracts trade up to a few
 * years out; tapes are seldom older than two years), two digits in [ref - 50, ref + 49].
 */
export function expandYear(digits: string, ref: number): number {
  const value = Number(digits);
  if (digits.length === 4) return value;
  const span = digits.length === 1 ? 10 : 100;
  const base = digits.length === 1 ? ref - 2 : ref - 50;
  return base + ((((value - base) % span) + span) % span);
}

/** Reads a Tradovate or TradingView name. Never throws; unknown roots are "unrecognised". */
export function parseSymbol(
  text: string,
  options: SymbolOptions = {},
): ParsedSymbol | UnrecognisedSymbol {
  const table = options.table ?? DEFAULT_CONTRACTS;
  if (typeof text !== "string") return unknown(String(text), "not a string");
  let body = text.trim().toUpperCase();
  let exchange: string | undefined;
  const prefixed = PREFIX.exec(body);
  if (prefixed) {
    exchange = prefixed[1];
    body = prefixed[2] ?? "";
  }
  const spot = SPOT_PAIRS.get(body.replaceAll("-", ""));
  if (spot) return withExchange({ kind: "spot", pair: spot.pair, spec: spot }, exchange);

  const cont = CONTINUOUS.exec(body);
  if (cont) {
    const [, root = "", n = "1"] = cont;
    const spec = table.get(root);
    if (!spec) return unknown(text, unknownRoot(root, table));
    if (Number(n) < 1) return unknown(text, "continuous contract number must be 1 or more");
    return withExchange({ kind: "continuous", root, n: Number(n), spec }, exchange);
  }
  const dated = DATED.exec(body);
  if (dated) {
    const [, root = "", code = "", digits = ""] = dated;
    const spec = table.get(root);
    if (!spec) return unknown(text, unknownRoot(root, table));
    const month = monthOfCode(code) ?? 0;
    if (spec.months !== null && !spec.months.includes(month)) {
      return unknown(text, `${root} does not list month ${code}`);
    }
    const yearDigits = digits.length as 1 | 2 | 4;
    const year = expandYear(digits, yearDigits === 4 ? 0 : refYear(options.at));
    return withExchange({ kind: "dated", root, month, year, yearDigits, spec }, exchange);
  }
  return unknown(
    text,
    "not a contract name (expected e.g. ESZ5, ESM24, NQZ2025, NQ1!, CME_MINI:NQ1!, BTCUSDT)",
  );
}

function withExchange<T extends ParsedSymbol>(s: T, exchange: string | undefined): T {
  return exchange === undefined ? s : { ...s, exchange };
}

function unknown(raw: string, why: string): UnrecognisedSymbol {
  return { kind: "unrecognised", raw, why };
}

function unknownRoot(root: string, table: ContractTable): string {
  return `unknown contract root "${root}" (known: ${table.roots().join(", ")})`;
}

/** A reference date alone, or full options: `toTradovate("NQ1!", date)` reads naturally. */
export type SymbolOptionsOrDate<T extends SymbolOptions = SymbolOptions> =
  | T
  | Date
  | string
  | number;

function optionsOf<T extends SymbolOptions>(o: SymbolOptionsOrDate<T> | undefined): T {
  if (o === undefined) return {} as T;
  if (o instanceof Date || typeof o === "string" || typeof o === "number") return { at: o } as T;
  return o;
}

/** Reads a name or throws an InputError with the reason (for callers that cannot go on). */
export function requireSymbol(text: string, options: SymbolOptions = {}): ParsedSymbol {
  const s = parseSymbol(text, options);
  if (s.kind === "unrecognised")
    throw new InputError(`symbol ${JSON.stringify(text)}: ${s.why}`, "SYMBOL");
  return s;
}

/** Tradovate's name of a contract month: `NQZ5` (or `NQZ25` with two year digits). */
export function formatTradovate(cm: ContractMonth, yearDigits: 1 | 2 = 1): string {
  const y = String(cm.year % (yearDigits === 1 ? 10 : 100)).padStart(yearDigits, "0");
  return `${cm.root}${monthCode(cm.month)}${y}`;
}

/** TradingView's name of a contract month: `NQZ2025`, or `CME_MINI:NQZ2025` with an exchange. */
export function formatTradingView(cm: ContractMonth, exchange?: string): string {
  const name = `${cm.root}${monthCode(cm.month)}${cm.year}`;
  return exchange ? `${exchange}:${name}` : name;
}

/**
 * The contract month a name stands for on a date: dated names are themselves; `NQ2!` is the
 * second listed month by the roll rules of calendar.ts. Throws InputError for spot pairs and
 * unreadable names.
 */
export function contractMonthOf(text: string, optionsOrDate?: SymbolOptionsOrDate): ContractMonth {
  const options = optionsOf(optionsOrDate);
  const s = requireSymbol(text, options);
  switch (s.kind) {
    case "dated":
      return { root: s.root, year: s.year, month: s.month };
    case "continuous":
      return frontMonth(s.spec, options.at ?? Date.now(), s.n);
    case "spot":
      throw new InputError(
        `symbol ${JSON.stringify(text)}: a spot pair has no contract month`,
        "SYMBOL",
      );
  }
}

/**
 * Tradovate's name for any name: `toTradovate("NQ1!", { at: "2025-11-25" })` is `NQZ5`,
 * `toTradovate("NQZ2025")` is `NQZ5`. A resolved mapping belongs in the tape with the signal;
 * replay must read it from there, never call this again.
 */
export function toTradovate(
  text: string,
  optionsOrDate?: SymbolOptionsOrDate<SymbolOptions & { yearDigits?: 1 | 2 }>,
): string {
  const options = optionsOf(optionsOrDate);
  return formatTradovate(contractMonthOf(text, options), options.yearDigits ?? 1);
}

/**
 * TradingView's name for any name: `toTradingView("NQZ5")` is `NQZ2025`. Continuous names
 * (`NQ1!`) stay continuous; spot pairs stay as they are. `exchange: true` adds the table's
 * exchange prefix (`CME_MINI:NQZ2025`).
 */
export function toTradingView(
  text: string,
  optionsOrDate?: SymbolOptionsOrDate<SymbolOptions & { exchange?: boolean }>,
): string {
  const options = optionsOf(optionsOrDate);
  const s = requireSymbol(text, options);
  const prefix = options.exchange ? (s.exchange ?? s.spec.exchange) : "";
  const name =
    s.kind === "dated"
      ? formatTradingView(s)
      : s.kind === "continuous"
        ? `${s.root}${s.n}!`
        : s.pair;
  return prefix ? `${prefix}:${name}` : name;
}
