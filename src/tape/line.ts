/**
 * One tape line <-> one value. Serialization is canonical (fixed key order, no spaces), so a tape
 * written twice from the same events is byte-identical and diffs stay small.
 */
import { InputError } from "../errors.js";
import { escapeControls } from "./event-text.js";
import type { EventKind, TapeEvent, TapeHeader } from "./events.js";
import { validateEvent, validateHeader } from "./validate.js";

/** A line that parsed, or the raw text kept with why it is not a valid line. */
export type ParsedLine<T> = { ok: true; value: T } | { ok: false; raw: string; why: string };

const HEADER_KEYS = ["tape", "id", "started", "tool", "label", "host", "notes", "meta"];
const HTTP_MESSAGE_KEYS = ["headers", "body", "b64"];

/** Key order per kind: the common fields first, then the kind's own, short before long. */
const EVENT_KEYS: Record<EventKind, readonly string[]> = {
  open: ["seq", "t", "k", "c", "url", "proto", "role", "headers"],
  recv: ["seq", "t", "k", "c", "text", "b64"],
  send: ["seq", "t", "k", "c", "text", "b64"],
  close: ["seq", "t", "k", "c", "code", "reason", "by"],
  http: ["seq", "t", "k", "method", "url", "status", "ms", "req", "res"],
  gap: ["seq", "t", "k", "c", "reason", "ms"],
  mark: ["seq", "t", "k", "label", "data"],
};

/**
 * A copy with `keys` first in that order, then any other fields in their own order (fields a
 * later minor revision adds survive a round trip); undefined fields are dropped, as JSON would.
 */
function ordered(value: object, keys: readonly string[]): Record<string, unknown> {
  const src = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  // defineProperty, not assignment: a field named "__proto__" must stay a field.
  const put = (key: string, v: unknown) =>
    Object.defineProperty(out, key, {
      value: v,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  for (const key of keys) if (Object.hasOwn(src, key) && src[key] !== undefined) put(key, src[key]);
  for (const [key, v] of Object.entries(src)) {
    if (v !== undefined && !Object.hasOwn(out, key)) put(key, v);
  }
  return out;
}

/** The event as a new object in canonical key order (what {@link serializeEvent} writes). */
export function canonicalEvent(e: TapeEvent): TapeEvent {
  const out = ordered(e, EVENT_KEYS[e.k] ?? []);
  if (e.k === "http") {
    out.req = ordered(e.req, HTTP_MESSAGE_KEYS);
    out.res = ordered(e.res, HTTP_MESSAGE_KEYS);
  }
  return out as unknown as TapeEvent;
}

/** The header as a new object in canonical key order. */
export function canonicalHeader(h: TapeHeader): TapeHeader {
  return ordered(h, HEADER_KEYS) as unknown as TapeHeader;
}

/** The exact line for an event (no trailing "\n"): key order seq, t, k, c, then its kind's fields. */
export function serializeEvent(e: TapeEvent): string {
  return JSON.stringify(canonicalEvent(e));
}

/** The exact first line of a tape (no trailing "\n"). */
export function serializeHeader(h: TapeHeader): string {
  return JSON.stringify(canonicalHeader(h));
}

function parseJson(line: string): { ok: true; value: unknown } | { ok: false; why: string } {
  if (line.trim() === "") return { ok: false, why: "empty line" };
  try {
    return { ok: true, value: JSON.parse(line) };
  } catch (err) {
    // V8 quotes part of the input in its message: escape it so the reason stays one safe line.
    const detail = escapeControls((err as Error).message);
    return {
      ok: false,
      why: `not JSON (${detail.length > 160 ? `${detail.slice(0, 157)}...` : detail})`,
    };
  }
}

/** Parses an event line without throwing: anything else comes back with the reason. */
export function tryParseEventLine(line: string): ParsedLine<TapeEvent> {
  const json = parseJson(line);
  if (!json.ok) return { ok: false, raw: line, why: json.why };
  const event = validateEvent(json.value);
  return event.ok ? event : { ok: false, raw: line, why: event.why };
}

/** Parses a header line (line 1) without throwing. */
export function tryParseHeaderLine(line: string): ParsedLine<TapeHeader> {
  const json = parseJson(line);
  if (!json.ok) return { ok: false, raw: line, why: json.why };
  const header = validateHeader(json.value);
  return header.ok ? header : { ok: false, raw: line, why: header.why };
}

/** Parses an event line, or throws InputError `<file>:<lineNo>: <what is wrong>`. */
export function parseEventLine(line: string, file: string, lineNo: number): TapeEvent {
  const parsed = tryParseEventLine(line);
  if (!parsed.ok) throw new InputError(`${file}:${lineNo}: ${parsed.why}`, "TAPE_CORRUPT");
  return parsed.value;
}
