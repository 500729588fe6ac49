/**
 * Checks that a parsed JSON value is a well-formed tape header or event (version 1). Total: any
 * value gets an answer, never an exception. The writer runs the same checks before writing, so
 * every line it writes is a line the reader accepts.
 */
import { escapeControls } from "./event-text.js";
import {
  type CloseEvent,
  type EventKind,
  type HttpMessage,
  type ProtocolName,
  type Role,
  TAPE_VERSION,
  type TapeEvent,
  type TapeHeader,
} from "./events.js";

/** The outcome of a check: the typed value, or why the input is not one. */
export type Checked<T> = { ok: true; value: T } | { ok: false; why: string };

/** Every event kind of version 1, in the order docs/tape-format.md lists them. */
export const EVENT_KINDS: readonly EventKind[] = [
  "open",
  "recv",
  "send",
  "close",
  "http",
  "gap",
  "mark",
];

const PROTOCOLS: readonly ProtocolName[] = ["tradovate", "trademanager", "raw"];
const ROLES: readonly Role[] = ["trading", "md", "replay", "trademanager", "other"];
const CLOSERS: readonly CloseEvent["by"][] = ["server", "client", "local"];
const STARTED = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

type Obj = Record<string, unknown>;

/** Thrown inside this module only, to unwind a failed check; never escapes it. */
class Invalid {
  constructor(readonly why: string) {}
}

/** Checks a tape header (line 1). */
export function validateHeader(value: unknown): Checked<TapeHeader> {
  return checked((): TapeHeader => {
    const o = object(value, "the header");
    if (!("tape" in o)) fail(`not a tape header (no "tape" field)`);
    if (o.tape !== TAPE_VERSION) {
      fail(
        `unsupported tape version ${show(o.tape)} (this tapedeck reads version ${TAPE_VERSION})`,
      );
    }
    nonEmptyString(o, "id");
    const started = string(o, "started");
    if (!STARTED.test(started) || Number.isNaN(Date.parse(started))) {
      fail(`"started" must be a UTC time like 2026-11-25T14:03:07.123456Z, got ${show(started)}`);
    }
    string(o, "tool");
    for (const key of ["label", "host", "notes"]) optional(o, key, string);
    optional(o, "meta", plainObject);
    jsonSafe(o, "the header");
    return o as unknown as TapeHeader;
  });
}

/** Checks an event line's value: known `k`, integer `seq`/`t`, and the fields of its kind. */
export function validateEvent(value: unknown): Checked<TapeEvent> {
  return checked(eventOf, value);
}

/** validateEvent's checks, throwing Invalid (a module function, not a closure per event). */
function eventOf(value: unknown): TapeEvent {
  const o = object(value, "an event");
  integer(o, "seq", 1);
  integer(o, "t", 0);
  const k = o.k;
  switch (k) {
    case "open":
      integer(o, "c", 0);
      string(o, "url");
      oneOf(o, "proto", PROTOCOLS);
      optional(o, "role", role);
      optional(o, "headers", stringRecord);
      break;
    case "recv":
    case "send":
      integer(o, "c", 0);
      payload(o, "text", "b64", `a ${k} frame`, true);
      break;
    case "close":
      integer(o, "c", 0);
      optional(o, "code", count);
      optional(o, "reason", string);
      oneOf(o, "by", CLOSERS);
      break;
    case "http":
      string(o, "method");
      string(o, "url");
      integer(o, "status", 0);
      duration(o, "ms");
      httpMessage(o, "req");
      httpMessage(o, "res");
      break;
    case "gap":
      optional(o, "c", count);
      string(o, "reason");
      optional(o, "ms", duration);
      break;
    case "mark":
      string(o, "label");
      break;
    default:
      fail(
        k === undefined
          ? `no "k" (event kind) field`
          : `unknown event kind "k": ${show(k)} (expected one of ${EVENT_KINDS.join(", ")})`,
      );
  }
  jsonSafe(o, "the event");
  return o as unknown as TapeEvent;
}

function checked<T>(run: (value: unknown) => T, value?: unknown): Checked<T> {
  try {
    return { ok: true, value: run(value) };
  } catch (err) {
    // Reasons quote input (keys, values): escaped, a reason stays one safe line.
    if (err instanceof Invalid) return { ok: false, why: escapeControls(err.why) };
    throw err;
  }
}

function fail(why: string): never {
  throw new Invalid(why);
}

/** A short rendering of a bad value for a message: bounded so a huge line stays one readable line. */
function show(v: unknown): string {
  let s: string;
  try {
    s = v === undefined ? "nothing" : (JSON.stringify(v) ?? String(v));
  } catch {
    s = typeof v;
  }
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

function isPlainObject(v: unknown): v is Obj {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function object(v: unknown, what: string): Obj {
  if (!isPlainObject(v)) fail(`${what} must be a JSON object, got ${show(v)}`);
  return v;
}

function present(o: Obj, key: string): boolean {
  return Object.hasOwn(o, key) && o[key] !== undefined;
}

function optional(o: Obj, key: string, check: (o: Obj, key: string) => unknown): void {
  if (present(o, key)) check(o, key);
}

function string(o: Obj, key: string): string {
  const v = o[key];
  if (!present(o, key)) fail(`missing "${key}"`);
  if (typeof v !== "string") fail(`"${key}" must be a string, got ${show(v)}`);
  return v;
}

function nonEmptyString(o: Obj, key: string): void {
  if (string(o, key) === "") fail(`"${key}" must not be empty`);
}

function integer(o: Obj, key: string, min: number): void {
  const v = o[key];
  if (!present(o, key)) fail(`missing "${key}"`);
  if (!Number.isSafeInteger(v) || (v as number) < min) {
    fail(`"${key}" must be an integer >= ${min}, got ${show(v)}`);
  }
}

function count(o: Obj, key: string): void {
  integer(o, key, 0);
}

function role(o: Obj, key: string): void {
  oneOf(o, key, ROLES);
}

function duration(o: Obj, key: string): void {
  const v = o[key];
  if (!present(o, key)) fail(`missing "${key}"`);
  if (typeof v !== "number" || !Number.isFinite(v) || v < 0) {
    fail(`"${key}" must be a number of milliseconds >= 0, got ${show(v)}`);
  }
}

function oneOf<T extends string>(o: Obj, key: string, allowed: readonly T[]): void {
  const v = o[key];
  if (!present(o, key)) fail(`missing "${key}"`);
  if (!allowed.includes(v as T)) {
    fail(`"${key}" must be one of ${allowed.join(", ")}, got ${show(v)}`);
  }
}

function plainObject(o: Obj, key: string): Obj {
  const v = o[key];
  if (!isPlainObject(v)) fail(`"${key}" must be a JSON object, got ${show(v)}`);
  return v;
}

function stringRecord(o: Obj, key: string): void {
  for (const [name, value] of Object.entries(plainObject(o, key))) {
    if (typeof value !== "string") fail(`"${key}.${name}" must be a string, got ${show(value)}`);
  }
}

/**
 * Frames need exactly one of `text`/`b64`; http bodies at most one of `body`/`b64`. Base64 must
 * be canonical (what Buffer would write back), so the bytes and the text map one to one.
 */
function payload(o: Obj, textKey: string, b64Key: string, what: string, required: boolean): void {
  const hasText = present(o, textKey);
  const hasB64 = present(o, b64Key);
  if (hasText && hasB64) fail(`${what} has both "${textKey}" and "${b64Key}"; it needs one`);
  if (!hasText && !hasB64) {
    if (required) fail(`${what} needs "${textKey}" (text) or "${b64Key}" (binary)`);
    return;
  }
  if (hasText) {
    string(o, textKey);
    return;
  }
  const b64 = string(o, b64Key);
  if (Buffer.from(b64, "base64").toString("base64") !== b64) {
    fail(`"${b64Key}" is not canonical base64: ${show(b64)}`);
  }
}

function httpMessage(o: Obj, key: string): void {
  if (!present(o, key)) fail(`missing "${key}"`);
  const m = plainObject(o, key) as Obj & HttpMessage;
  optional(m, "headers", (x, k) => {
    for (const [name, value] of Object.entries(plainObject(x, k))) {
      if (typeof value !== "string") {
        fail(`"${key}.headers.${name}" must be a string, got ${show(value)}`);
      }
    }
  });
  payload(m, "body", "b64", `"${key}"`, false);
}

/**
 * Values must survive JSON unchanged (what the reader gets back equals what was written): no
 * undefined inside arrays, no NaN/Infinity, no functions, bigints, Dates or class instances.
 * Depth is bounded so a pathological value fails cleanly instead of overflowing the stack.
 */
function jsonSafe(value: unknown, where: string): void {
  if (isFlatJson(value)) return;
  walkJson(value, 0, { where, keys: [], seen: undefined });
}

/**
 * True for a plain object whose fields are all JSON primitives: what the walk would accept, found
 * without its Set and key stack. Most events (every frame) are such objects, and allocating the
 * walk's state per event was a large part of reading a tape.
 */
function isFlatJson(value: unknown): boolean {
  if (!isPlainObject(value)) return false;
  for (const k in value) {
    if (!Object.hasOwn(value, k)) continue;
    const v = value[k];
    const t = typeof v;
    if (t === "string" || t === "boolean" || v === null || v === undefined) continue;
    if (t !== "number" || !Number.isFinite(v)) return false;
  }
  return true;
}

/**
 * jsonSafe's state. The path is a stack of keys rendered only when a check fails, and the walker
 * is a module-level function, not a closure per call: building a path string for every field,
 * and a closure per event, were most of the cost of reading a tape.
 */
interface JsonWalk {
  readonly where: string;
  readonly keys: Array<string | number>;
  seen: Set<object> | undefined;
}

function unsafe(w: JsonWalk, what: string, after = ""): never {
  const path = w.keys.map((k) => (typeof k === "number" ? `[${k}]` : `.${k}`)).join("");
  return fail(`${w.where} ${what} at $${path}${after}`);
}

function walkJson(v: unknown, depth: number, w: JsonWalk): void {
  if (depth > 256) unsafe(w, "nests deeper than 256 levels");
  switch (typeof v) {
    case "string":
    case "boolean":
      return;
    case "number":
      if (!Number.isFinite(v)) unsafe(w, "has a non-finite number");
      return;
    case "object": {
      if (v === null) return;
      w.seen ??= new Set();
      if (w.seen.has(v)) unsafe(w, "refers to itself");
      w.seen.add(v);
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) {
          w.keys.push(i);
          if (v[i] === undefined) unsafe(w, "has an undefined array item");
          walkJson(v[i], depth + 1, w);
          w.keys.pop();
        }
      } else if (isPlainObject(v)) {
        for (const k in v) {
          if (!Object.hasOwn(v, k)) continue;
          const item = v[k];
          if (item === undefined) continue;
          w.keys.push(k);
          walkJson(item, depth + 1, w);
          w.keys.pop();
        }
      } else {
        unsafe(w, `has a ${v.constructor?.name ?? "non-plain"} object`, ", not JSON");
      }
      w.seen.delete(v);
      return;
    }
    default:
      unsafe(w, `has a ${typeof v}`, ", which JSON cannot carry");
  }
}
