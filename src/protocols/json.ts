/**
 * JSON helpers both codecs share: parsing without throwing, and naming what a value is in the
 * "why" of an unrecognised result.
 */

/** A JSON object, as JSON.parse returns it. */
export type JsonObject = Record<string, unknown>;

/** The outcome of {@link parseJson}: the value, or the parser's own message. */
export type JsonResult = { ok: true; value: unknown } | { ok: false; error: string };

/** JSON.parse that reports failure as a value instead of throwing. */
export function parseJson(text: string): JsonResult {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}

/** True for plain JSON objects (not arrays, not null). */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A short name of a value's JSON type, for "why" texts: `object`, `array`, `null`, `string`... */
export function jsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

/**
 * JSON text of any value, for the `raw` of an unrecognised result. Never throws: values JSON
 * cannot hold (undefined, functions, cycles, bigint) fall back to String() or a type tag.
 */
export function toJsonText(value: unknown): string {
  try {
    const text = JSON.stringify(value);
    if (text !== undefined) return text;
  } catch {
    // fall through: a bigint or a cycle
  }
  try {
    return String(value);
  } catch {
    // An object without a prototype has no toString.
    return Object.prototype.toString.call(value);
  }
}
