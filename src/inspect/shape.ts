/**
 * Shape inference: what fields the messages of one kind have, of which JSON types, how often,
 * with a few example values. State is bounded whatever the number of messages: per path a
 * handful of counters and at most {@link MAX_EXAMPLES} short examples, and at most `maxPaths`
 * paths (further paths are dropped and the shape says it was capped).
 */
import { appendSegment, keySegment, parsePath, splitLast } from "./path.js";

/** JSON types, with numbers split into integers and floats. */
export type ValueType = "string" | "integer" | "float" | "boolean" | "null" | "object" | "array";

/** Every {@link ValueType}, in the order reports list them. */
export const VALUE_TYPES: readonly ValueType[] = [
  "object",
  "array",
  "string",
  "integer",
  "float",
  "boolean",
  "null",
];

/** The plain JSON type a {@link ValueType} belongs to: integers and floats are both numbers. */
export type JsonTypeName = "string" | "number" | "boolean" | "null" | "object" | "array";

/** How many values of each type were seen at one path. */
export type TypeCounts = Partial<Record<ValueType, number>>;

/** What was seen at one path, over all messages of a kind. */
export interface FieldShape {
  /** e.g. `d.quotes[].entries.Bid.price`; "" is the message itself. */
  path: string;
  types: TypeCounts;
  /** How many values were seen at this path (all elements of arrays count). */
  seen: number;
  /**
   * How many objects there were that could have had this field (values of type object at the
   * parent path), so `seen / of` is how often it is present; null for array elements, `*` keys
   * and the root, where presence means nothing.
   */
  of: number | null;
  /** Up to 3 distinct scalar values as JSON text, cut to 40 characters. */
  examples: string[];
}

/** The inferred shape of one kind of message. */
export interface Shape {
  /** Messages observed (values given to {@link ShapeBuilder.observe}). */
  messages: number;
  /** Every path seen, each followed by the paths under it. */
  fields: FieldShape[];
  /** True when paths beyond the cap were dropped. */
  capped: boolean;
  /** Values not recorded because their path was beyond the cap. */
  dropped: number;
}

/** Default cap on distinct paths per kind. */
export const MAX_PATHS = 500;
/** Examples kept per path. */
export const MAX_EXAMPLES = 3;
/** Characters of an example kept. */
export const EXAMPLE_CHARS = 40;
/** Nesting deeper than this is counted at the deepest path, not descended into. */
export const MAX_DEPTH = 32;

interface PathStats {
  types: TypeCounts;
  seen: number;
  examples: string[];
}

/** The {@link ValueType} of a JSON value, or undefined for anything JSON cannot hold. */
export function valueType(value: unknown): ValueType | undefined {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  switch (typeof value) {
    case "string":
      return "string";
    case "boolean":
      return "boolean";
    case "number":
      return Number.isInteger(value) ? "integer" : "float";
    case "object":
      return "object";
    default:
      return undefined;
  }
}

/** The JSON type names present in `types`, integers and floats both as `number`, sorted. */
export function jsonTypes(types: TypeCounts): JsonTypeName[] {
  const names = new Set<JsonTypeName>();
  for (const t of VALUE_TYPES) {
    if ((types[t] ?? 0) > 0) names.add(t === "integer" || t === "float" ? "number" : t);
  }
  return [...names].sort();
}

/** How often a field is present, in percent (one decimal), or null where that means nothing. */
export function presencePercent(f: FieldShape): number | null {
  if (f.of === null || f.of === 0) return null;
  return Math.round((f.seen * 1000) / f.of) / 10;
}

function example(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > EXAMPLE_CHARS ? `${text.slice(0, EXAMPLE_CHARS - 1)}…` : text;
}

/** Accumulates the shape of one kind of message, one value at a time. */
export class ShapeBuilder {
  readonly #paths = new Map<string, PathStats>();
  readonly #maxPaths: number;
  #messages = 0;
  #capped = false;
  #dropped = 0;

  constructor(maxPaths = MAX_PATHS) {
    this.#maxPaths = maxPaths;
  }

  /** Records one message's value. Never throws, whatever the value. */
  observe(value: unknown): void {
    this.#messages++;
    this.#walk(value, "", 0);
  }

  /** Counts one message that has no JSON value to record (a text or binary frame). */
  count(): void {
    this.#messages++;
  }

  #walk(value: unknown, path: string, depth: number): void {
    const type = valueType(value);
    if (type === undefined) return;
    let stats = this.#paths.get(path);
    if (stats === undefined) {
      if (this.#paths.size >= this.#maxPaths) {
        this.#capped = true;
        this.#dropped++;
        return;
      }
      stats = { types: {}, seen: 0, examples: [] };
      this.#paths.set(path, stats);
    }
    stats.seen++;
    stats.types[type] = (stats.types[type] ?? 0) + 1;
    if (type === "object" || type === "array") {
      if (depth >= MAX_DEPTH) return;
      if (type === "array") {
        const items = appendSegment(path, { items: true });
        for (const item of value as unknown[]) this.#walk(item, items, depth + 1);
      } else {
        const obj = value as Record<string, unknown>;
        for (const key of Object.keys(obj)) {
          this.#walk(obj[key], appendSegment(path, keySegment(key)), depth + 1);
        }
      }
    } else if (stats.examples.length < MAX_EXAMPLES) {
      const text = example(value);
      if (!stats.examples.includes(text)) stats.examples.push(text);
    }
  }

  /** The shape so far. */
  result(): Shape {
    const fields: FieldShape[] = [];
    for (const [path, stats] of this.#paths) {
      fields.push({
        path,
        types: { ...stats.types },
        seen: stats.seen,
        of: this.#parentObjects(path),
        examples: [...stats.examples],
      });
    }
    // Sorted so that every path comes right before the paths under it.
    const order = (p: string) => p.replaceAll("[]", "\u0001").replaceAll(".", "\u0002");
    fields.sort((a, b) => {
      const x = order(a.path);
      const y = order(b.path);
      return x < y ? -1 : x > y ? 1 : 0;
    });
    return { messages: this.#messages, fields, capped: this.#capped, dropped: this.#dropped };
  }

  #parentObjects(path: string): number | null {
    const segments = parsePath(path);
    const split = segments && splitLast(segments);
    if (split === undefined || !("key" in split.last)) return null;
    return this.#paths.get(split.parent)?.types.object ?? 0;
  }
}
