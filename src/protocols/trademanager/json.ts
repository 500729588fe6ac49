/**
 * Small JSON helpers for the Trade Manager codec: parsing without throwing, and reading fields
 * whose wire type varies (Trade Manager's Python backend sends prices as numbers or as strings,
 * and absent values as null).
 */

export { isObject, type JsonObject, jsonType, parseJson, toJsonText } from "../json.js";

import { isObject, type JsonObject, jsonType } from "../json.js";

/** An own field; inherited names such as `constructor` never match. Null counts as absent. */
export function field(obj: JsonObject, key: string): unknown {
  const value = Object.hasOwn(obj, key) ? obj[key] : undefined;
  return value === null ? undefined : value;
}

/** A number as it came on the wire, and its exact decimal text. */
export interface WireNumber {
  value: number;
  /** Plain decimal text (no exponent): the wire's own text for strings, else the shortest form. */
  text: string;
}

const DECIMAL = /^-?\d+(?:\.\d+)?$/;

/**
 * Reads a finite number given as a JSON number or as a plain decimal string (`"6723.25"`).
 * Returns undefined for anything else.
 */
export function wireNumber(value: unknown): WireNumber | undefined {
  if (typeof value === "number") {
    return Number.isFinite(value) ? { value, text: plainDecimal(value) } : undefined;
  }
  if (typeof value === "string" && value.length <= 64 && DECIMAL.test(value)) {
    const n = Number(value);
    return Number.isFinite(n) ? { value: n, text: value } : undefined;
  }
  return undefined;
}

/**
 * The shortest decimal that reads back as `n`, written without an exponent (`1e-7` becomes
 * `0.0000001`), so money code can parse it as an exact decimal.
 */
export function plainDecimal(n: number): string {
  const s = String(Object.is(n, -0) ? 0 : n);
  const m = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
  if (m === null) return s;
  const [, sign = "", int = "", frac = "", exp = "0"] = m;
  const digits = int + frac;
  const point = int.length + Number(exp);
  if (point <= 0) return `${sign}0.${"0".repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${"0".repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/**
 * Reads the fields of one object and remembers the first problem, so a parser can read every
 * field and then decide once. `label` names the message in "why" texts and `path` says where
 * the object sits in it (`data.prices.`).
 */
export class FieldReader {
  /** The first problem found, e.g. `DATA: "data.prices.bid" must be a number, got "abc"`. */
  problem: string | undefined;

  constructor(
    private readonly obj: JsonObject,
    private readonly label: string,
    private readonly path = "",
  ) {}

  private fail(key: string, want: string, value: unknown): undefined {
    if (this.problem === undefined) {
      const got = value === undefined ? "nothing" : shown(value);
      this.problem = `${this.label}: "${this.path}${key}" must be ${want}, got ${got}`;
    }
    return undefined;
  }

  /** A string field; `required` makes absence a problem. */
  string(key: string, required: boolean): string | undefined {
    const value = field(this.obj, key);
    if (typeof value === "string") return value;
    if (value === undefined && !required) return undefined;
    return this.fail(key, "a string", value);
  }

  /** A string field that may also come as a number (kept as its decimal text). */
  text(key: string, required: boolean): string | undefined {
    const value = field(this.obj, key);
    if (typeof value === "number" && Number.isFinite(value)) return plainDecimal(value);
    return this.string(key, required);
  }

  /** A number or plain decimal string. */
  number(key: string, required: boolean): WireNumber | undefined {
    const value = field(this.obj, key);
    if (value === undefined && !required) return undefined;
    return wireNumber(value) ?? this.fail(key, "a number", value);
  }

  /** A string or number identifier, kept as the wire had it. */
  id(key: string): string | number | undefined {
    const value = field(this.obj, key);
    if (value === undefined || typeof value === "string") return value;
    if (typeof value === "number" && Number.isFinite(value)) return value;
    return this.fail(key, "a string or number", value);
  }

  /** A string that must be one of `choices` (compared without case; the choice is returned). */
  oneOf<T extends string>(key: string, choices: readonly T[], required: boolean): T | undefined {
    const value = field(this.obj, key);
    if (value === undefined && !required) return undefined;
    const upper = typeof value === "string" ? value.toUpperCase() : undefined;
    const found = choices.find((c) => c === upper);
    return found ?? this.fail(key, choices.join(" or "), value);
  }

  /** A nested object (absent allowed unless required). */
  object(key: string, required: boolean): JsonObject | undefined {
    const value = field(this.obj, key);
    if (isObject(value)) return value;
    if (value === undefined && !required) return undefined;
    return this.fail(key, "an object", value);
  }
}

/** A value shown in a "why" text, cut short so one bad field cannot flood a report. */
export function shown(value: unknown): string {
  const text = typeof value === "string" ? JSON.stringify(value) : jsonType(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
