export {
  isObject,
  type JsonObject,
  type JsonResult,
  jsonType,
  parseJson,
  toJsonText,
} from "../json.js";

import { type JsonObject, jsonType } from "../json.js";

/** An own property of an object; inherited names such as `constructor` never match. */
export function own(obj: JsonObject, key: string): unknown {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}

/**
 * A value as a "why" text shows it: strings quoted, numbers, booleans and null as written, other
 * values by their type; cut short so one bad field cannot flood a report.
 */
export function showValue(value: unknown): string {
  const text =
    typeof value === "string" || typeof value === "boolean" || value === null
      ? JSON.stringify(value)
      : typeof value === "number"
        ? String(value)
        : jsonType(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
