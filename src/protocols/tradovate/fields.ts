import { isObject, type JsonObject, showValue } from "./json.js";

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

/** One field's check, compiled once per schema. */
interface FieldCheck {
  readonly field: string;
  readonly optional: boolean;
  readonly kind: BaseKind | undefined;
  readonly oneOf: readonly string[] | undefined;
}

// Schemas are module constants: compiling each once keeps the per-message check to a loop over
// plain records (parsing ran at a quarter of JSON.parse's speed, most of it here).
const compiled = new WeakMap<object, readonly FieldCheck[]>();

function checksOf(schema: Readonly<Record<string, FieldSpec>>): readonly FieldCheck[] {
  let checks = compiled.get(schema);
  if (checks === undefined) {
    checks = Object.entries(schema).map(([field, spec]) =>
      typeof spec === "string"
        ? {
            field,
            optional: spec.endsWith("?"),
            kind: spec.replace("?", "") as BaseKind,
            oneOf: undefined,
          }
        : { field, optional: spec.optional === true, kind: undefined, oneOf: spec.oneOf },
    );
    compiled.set(schema, checks);
  }
  return checks;
}

/** True when `value` fits `kind` (the hot path: no text is built). */
function fits(kind: BaseKind, value: unknown): boolean {
  switch (kind) {
    case "int":
      return Number.isSafeInteger(value);
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "string":
      return typeof value === "string";
    case "boolean":
      return typeof value === "boolean";
    case "tradeDate":
      return isTradeDate(value);
  }
}

/**
 * Checks `obj` against a schema and returns why it does not fit (naming `label` and the first
 * bad field), or undefined when it fits. Fields the schema does not name are allowed and kept.
 * `label` may be a function, so callers build it only when there is a problem to name.
 */
export function schemaProblem(
  obj: JsonObject,
  schema: Readonly<Record<string, FieldSpec>>,
  label: string | (() => string),
): string | undefined {
  for (const c of checksOf(schema)) {
    const value = Object.hasOwn(obj, c.field) ? obj[c.field] : undefined;
    if (value === undefined) {
      if (c.optional) continue;
      return `${labelText(label)}: missing field "${c.field}"`;
    }
    if (c.kind !== undefined) {
      if (fits(c.kind, value)) continue;
      return `${labelText(label)}: field "${c.field}" ${kindProblem(c.kind, value)}`;
    }
    if (typeof value === "string" && c.oneOf!.includes(value)) continue;
    return `${labelText(label)}: field "${c.field}" must be one of ${c.oneOf!.join("|")}, got ${showValue(value)}`;
  }
  return undefined;
}

function labelText(label: string | (() => string)): string {
  return typeof label === "string" ? label : label();
}
