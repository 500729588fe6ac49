import { isObject, type JsonObject, own, showValue } from "./json.js";

/** A trading day as Tradovate writes it: `{"year":2022,"month":4,"day":13}`. */
export interface TradeDate {
  year: number;
  month: number;
  day: number;
}

/** A string field that must hold one of a few values, e.g. `action` (Buy or Sell). */
export interface OneOf {
  oneOf: readonly string[];
  optional?: true;
}

type BaseKind = "int" | "number" | "string" | "boolean" | "tradeDate";

/** How one field is checked; a trailing `?` means the field may be absent. */
export type FieldSpec = BaseKind | `${BaseKind}?` | OneOf;

type KindOf<T> = [T] extends [number]
  ? "int" | "number"
  : [T] extends [boolean]
    ? "boolean"
    : [T] extends [TradeDate]
      ? "tradeDate"
      : [T] extends [string]
        ? "string" | (OneOf & { optional?: never })
        : never;

type Optional<S> = S extends BaseKind
  ? `${S}?`
  : S extends OneOf
    ? OneOf & { optional: true }
    : never;

/**
 * The checks for an interface T: one entry per field of T, and the compiler rejects a schema
 * whose entries disagree with T (a number checked as a string, an optional field made required).
 */
export type Schema<T> = {
  [K in keyof T]-?: undefined extends T[K]
    ? Optional<KindOf<Exclude<T[K], undefined>>>
    : KindOf<T[K]>;
};

function isTradeDate(value: unknown): value is TradeDate {
  if (!isObject(value)) return false;
  const { year, month, day } = value;
  return (
    Number.isInteger(year) &&
    Number.isInteger(month) &&
    Number.isInteger(day) &&
    (month as number) >= 1 &&
    (month as number) <= 12 &&
    (day as number) >= 1 &&
    (day as number) <= 31
  );
}

/** Why `value` does not fit `kind`, or undefined when it does. */
function kindProblem(kind: BaseKind, value: unknown): string | undefined {
  switch (kind) {
    case "int":
      return Number.isSafeInteger(value)
        ? undefined
        : `must be an integer, got ${showValue(value)}`;
    case "number":
      return typeof value === "number" && Number.isFinite(value)
        ? undefined
        : `must be a number, got ${showValue(value)}`;
    case "string":
      return typeof value === "string" ? undefined : `must be a string, got ${showValue(value)}`;
    case "boolean":
      return typeof value === "boolean"
        ? undefined
        : `must be true or false, got ${showValue(value)}`;
    case "tradeDate":
      return isTradeDate(value) ? undefined : `must be {year,month,day}, got ${showValue(value)}`;
  }
}

/**
 * Checks `obj` against a schema and returns why it does not fit (naming `label` and the first
 * bad field), or undefined when it fits. Fields the schema does not name are allowed and kept.
 */
export function schemaProblem(
  obj: JsonObject,
  schema: Readonly<Record<string, FieldSpec>>,
  label: string,
): string | undefined {
  for (const [field, spec] of Object.entries(schema)) {
    const value = own(obj, field);
    const optional = typeof spec === "string" ? spec.endsWith("?") : spec.optional === true;
    if (value === undefined) {
      if (optional) continue;
      return `${label}: missing field "${field}"`;
    }
    let problem: string | undefined;
    if (typeof spec === "string") {
      problem = kindProblem(spec.replace("?", "") as BaseKind, value);
    } else if (typeof value !== "string" || !spec.oneOf.includes(value)) {
      problem = `must be one of ${spec.oneOf.join("|")}, got ${showValue(value)}`;
    }
    if (problem !== undefined) return `${label}: field "${field}" ${problem}`;
  }
  return undefined;
}
