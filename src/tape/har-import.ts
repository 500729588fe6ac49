/**
 * HAR -> tape. Reads Chrome/Edge DevTools HAR files (HAR 1.2 with `_webSocketMessages`) and
 * HARs tapedeck exported: REST entries become `http` events, each websocket entry an `open` and
 * its frames, merged on one clock (t = µs since the earliest time in the file).
 *
 * Redaction needs two passes: a REST response often hands out the token that a socket opened
 * earlier in file order sends, so every event is learned before the first one is written.
 */

import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { fsError, InputError } from "../errors.js";
import type { EventInput, HttpMessage, ProtocolName, Role, TapeHeader } from "./events.js";
import type { Har, HarTapedeckConnection } from "./har-types.js";
import type { Redactor } from "./redact.js";
import { validateEvent } from "./validate.js";
import { formatStarted, openTapeWriter } from "./writer.js";

/** Names a URL's protocol and socket role (src/protocols/detect.ts), handed in by the caller. */
export type ProtocolDetector = (url: string) => { proto: ProtocolName; role?: Role };

/** A HAR turned into tape events, in time order, not yet redacted. */
export interface HarTape {
  header: Partial<TapeHeader>;
  /** Every event has its `t` (µs since `header.started`). */
  events: EventInput[];
  /** Websocket connections (open events, or frames of a connection that had none). */
  connections: number;
  /** Frames that are neither text nor binary (opcodes other than 1 and 2), left out. */
  skippedFrames: number;
}

const ISO_RE = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?)(?:[.,](\d+))?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Microseconds since the epoch of an ISO 8601 time with any number of fraction digits (HAR
 * writers use 3, tapedeck 6) and a `Z` or offset zone; undefined when it is not one.
 */
export function epochMicros(iso: string): number | undefined {
  const m = ISO_RE.exec(iso.trim());
  if (!m) return undefined;
  const ms = Date.parse(`${m[1]}${m[3] ?? "Z"}`);
  if (Number.isNaN(ms)) return undefined;
  const fraction = Number((m[2] ?? "").slice(0, 6).padEnd(6, "0"));
  return ms * 1000 + fraction;
}

/** Epoch seconds (a HAR websocket message `time`) to integer µs: exact to the µs up to 2100. */
export function secondsToMicros(seconds: number): number {
  return Math.round(seconds * 1e6);
}

/**
 * Offset of the first JSON syntax error in `text` (its length when the text ends too early), or
 * -1 when it is valid JSON. JSON.parse does not always say where it failed.
 */
export function jsonErrorOffset(text: string): number {
  const n = text.length;
  let i = 0;
  const stack: string[] = [];
  const skipWs = () => {
    while (i < n && (text[i] === " " || text[i] === "\t" || text[i] === "\n" || text[i] === "\r")) {
      i++;
    }
  };
  const scanString = (): boolean => {
    i++;
    while (i < n) {
      const ch = text.charCodeAt(i);
      if (ch === 0x22) {
        i++;
        return true;
      }
      if (ch < 0x20) return false;
      if (ch === 0x5c) {
        const esc = text[i + 1];
        if (esc === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return false;
          i += 6;
        } else if (esc !== undefined && '"\\/bfnrt'.includes(esc)) {
          i += 2;
        } else {
          i++;
          return false;
        }
      } else {
        i++;
      }
    }
    return false;
  };
  const number = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
  let state: "value" | "key" | "after" = "value";
  for (;;) {
    skipWs();
    if (state === "value") {
      const ch = text[i];
      if (ch === "{" || ch === "[") {
        stack.push(ch);
        i++;
        skipWs();
        if (text[i] === (ch === "{" ? "}" : "]")) {
          stack.pop();
          i++;
          state = "after";
        } else {
          state = ch === "{" ? "key" : "value";
        }
      } else if (ch === '"') {
        if (!scanString()) return i;
        state = "after";
      } else if (ch !== undefined && /[-0-9]/.test(ch)) {
        number.lastIndex = i;
        if (!number.test(text)) return i;
        i = number.lastIndex;
        state = "after";
      } else {
        const word = ["true", "false", "null"].find((w) => text.startsWith(w, i));
        if (!word) return i;
        i += word.length;
        state = "after";
      }
    } else if (state === "key") {
      if (text[i] !== '"' || !scanString()) return i;
      skipWs();
      if (text[i] !== ":") return i;
      i++;
      state = "value";
    } else {
      const top = stack.at(-1);
      if (top === undefined) return i < n ? i : -1;
      if (text[i] === ",") {
        i++;
        state = top === "{" ? "key" : "value";
      } else if (text[i] === (top === "{" ? "}" : "]")) {
        stack.pop();
        i++;
      } else {
        return i;
      }
    }
  }
}

/** `line L, column C` (1-based) of an offset. */
function lineColumn(text: string, offset: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i >= 0 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return `line ${line}, column ${offset - lineStart + 1}`;
}

/** Parses HAR text; not JSON or not a HAR is an InputError naming `file` (and the position). */
export function parseHar(text: string, file: string): Har {
  const body = text.startsWith("\uFEFF") ? text.slice(1) : text;
  if (body.trim() === "") throw new InputError(`${file}: empty file, not a HAR`, "HAR_INVALID");
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    const at = jsonErrorOffset(body);
    const where = at < 0 ? "" : ` at ${lineColumn(body, at)}`;
    throw new InputError(`${file}: not valid JSON${where}, so not a HAR file`, "HAR_INVALID");
  }
  const log = (value as { log?: { entries?: unknown } } | null)?.log;
  if (typeof log !== "object" || log === null || !Array.isArray(log.entries)) {
    throw new InputError(`${file}: not a HAR file (no "log.entries" array)`, "HAR_INVALID");
  }
  return value as Har;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** HAR headers to a tape header record; repeated names join with ", " (Set-Cookie with "\n"). */
function headerRecord(list: unknown): Record<string, string> | undefined {
  if (!Array.isArray(list) || list.length === 0) return undefined;
  const out: Record<string, string> = {};
  const lower = new Map<string, string>();
  for (const h of list) {
    if (!isObject(h) || typeof h.name !== "string") continue;
    const value = typeof h.value === "string" ? h.value : String(h.value ?? "");
    const key = lower.get(h.name.toLowerCase());
    if (key === undefined) {
      lower.set(h.name.toLowerCase(), h.name);
      out[h.name] = value;
    } else {
      out[key] += (key.toLowerCase() === "set-cookie" ? "\n" : ", ") + value;
    }
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function canonicalB64(b64: string): string {
  return Buffer.from(b64, "base64").toString("base64");
}

function requestMessage(req: Record<string, unknown>): HttpMessage {
  const msg: HttpMessage = {};
  const headers = headerRecord(req.headers);
  if (headers) msg.headers = headers;
  const post = req.postData;
  if (isObject(post) && typeof post.text === "string") {
    if (post._encoding === "base64") msg.b64 = canonicalB64(post.text);
    else msg.body = post.text;
  }
  return msg;
}

function responseMessage(res: Record<string, unknown>): HttpMessage {
  const msg: HttpMessage = {};
  const headers = headerRecord(res.headers);
  if (headers) msg.headers = headers;
  const content = res.content;
  if (isObject(content) && typeof content.text === "string") {
    if (content.encoding === "base64") msg.b64 = canonicalB64(content.text);
    else msg.body = content.text;
  }
  return msg;
}

function isWebSocket(entry: Record<string, unknown>, url: string): boolean {
  return (
    entry._resourceType === "websocket" ||
    Array.isArray(entry._webSocketMessages) ||
    /^wss?:/i.test(url)
  );
}

/** A websocket entry: where its connection number comes from. */
interface Socket {
  start: number;
  order: number;
  meta: HarTapedeckConnection | undefined;
}

/**
 * An event before it gets its final place: its absolute time (µs since the epoch) or, for what
 * tapedeck kept with its own `t` (closes, marks, gaps), its time relative to `started`.
 */
interface Pending {
  at: { epoch: number } | { rel: number };
  order: number;
  event: EventInput;
  socket?: Socket;
}

/**
 * Turns a parsed HAR into tape events in time order (stable: entries in file order, frames in
 * their recorded order). A connection's frames never precede its open or each other, even when
 * the HAR's clock stepped back. An entry without a request URL or a readable start time is an
 * InputError naming `file` and the entry.
 */
export function harToTape(har: Har, file: string, detect: ProtocolDetector): HarTape {
  const pending: Pending[] = [];
  const sockets: Socket[] = [];
  let order = 0;
  let skippedFrames = 0;
  const where = (i: number) => `${file}: log.entries[${i}]`;

  (har.log.entries as unknown[]).forEach((raw, i) => {
    if (!isObject(raw)) throw new InputError(`${where(i)} is not an object`, "HAR_INVALID");
    const req = isObject(raw.request) ? raw.request : undefined;
    if (!req || typeof req.url !== "string") {
      throw new InputError(`${where(i)}: no request.url`, "HAR_INVALID");
    }
    const start =
      typeof raw.startedDateTime === "string" ? epochMicros(raw.startedDateTime) : undefined;
    if (start === undefined) {
      throw new InputError(
        `${where(i)}: startedDateTime is not an ISO 8601 time: ${JSON.stringify(raw.startedDateTime)}`,
        "HAR_INVALID",
      );
    }
    const res = isObject(raw.response) ? raw.response : {};
    const url = req.url;
    if (!isWebSocket(raw, url)) {
      const time = typeof raw.time === "number" && raw.time >= 0 ? raw.time : 0;
      const status = typeof res.status === "number" && res.status >= 0 ? Math.trunc(res.status) : 0;
      pending.push({
        at: { epoch: start },
        order: order++,
        event: {
          k: "http",
          method: typeof req.method === "string" ? req.method : "GET",
          url,
          status,
          ms: Math.round(time * 1000) / 1000,
          req: requestMessage(req),
          res: responseMessage(res),
        },
      });
      return;
    }

    const meta = isObject(raw._tapedeck)
      ? (raw._tapedeck as unknown as HarTapedeckConnection)
      : undefined;
    const socket: Socket = { start, order: order++, meta };
    sockets.push(socket);
    if (!meta?.noOpen) {
      const { proto, role } = meta ?? detect(url);
      const headers = headerRecord(req.headers);
      const open: EventInput = { k: "open", c: 0, url, proto };
      if (role) open.role = role;
      if (headers) open.headers = headers;
      pending.push({ at: { epoch: start }, order: socket.order, event: open, socket });
    }
    let last = start;
    const messages = Array.isArray(raw._webSocketMessages) ? raw._webSocketMessages : [];
    for (const m of messages) {
      if (!isObject(m) || typeof m.data !== "string" || (m.opcode !== 1 && m.opcode !== 2)) {
        skippedFrames++;
        continue;
      }
      const k = m.type === "send" ? "send" : "recv";
      last = typeof m.time === "number" ? Math.max(last, secondsToMicros(m.time)) : last;
      const event: EventInput =
        m.opcode === 1 ? { k, c: 0, text: m.data } : { k, c: 0, b64: canonicalB64(m.data) };
      pending.push({ at: { epoch: last }, order: order++, event, socket });
    }
    if (meta?.close) {
      const event: EventInput = { ...meta.close, k: "close", c: 0 };
      pending.push({ at: { rel: meta.close.t }, order: order++, event, socket });
    }
  });

  for (const e of har.log._tapedeckEvents ?? []) {
    if (isObject(e) && (e.k === "mark" || e.k === "gap") && typeof e.t === "number") {
      pending.push({ at: { rel: e.t }, order: order++, event: e as unknown as EventInput });
    }
  }
  const exported = har.log._tapedeckHeader?.started;
  const ownStarted = typeof exported === "string" ? epochMicros(exported) : undefined;
  const origin = originMicros(har, pending, ownStarted);
  // Kept `t`s count from the exported tape's start, which may differ from the new origin.
  const base = ownStarted ?? origin;
  const numbers = connectionNumbers(sockets);
  for (const p of pending) {
    p.event.t = "rel" in p.at ? base + p.at.rel - origin : p.at.epoch - origin;
    if (p.socket) (p.event as { c: number }).c = numbers.get(p.socket)!;
  }
  pending.sort((a, b) => a.event.t! - b.event.t! || a.order - b.order);
  return {
    header: headerFor(har, file, origin),
    events: pending.map((p) => p.event),
    connections: sockets.length,
    skippedFrames,
  };
}

/** The tape's `started`: the exported tape's own, else the earliest time anywhere in the HAR. */
function originMicros(har: Har, pending: Pending[], own: number | undefined): number {
  let origin = Number.POSITIVE_INFINITY;
  for (const page of har.log.pages ?? []) {
    const at =
      isObject(page) && typeof page.startedDateTime === "string"
        ? epochMicros(page.startedDateTime)
        : undefined;
    if (at !== undefined) origin = Math.min(origin, at);
  }
  for (const p of pending) if ("epoch" in p.at) origin = Math.min(origin, p.at.epoch);
  if (own !== undefined) return Math.min(own, origin);
  return Number.isFinite(origin) ? origin : 0;
}

/**
 * Numbers the connections: the numbers a tapedeck export kept when they are all there and
 * distinct, else 1, 2, 3, ... in the order the sockets opened.
 */
function connectionNumbers(sockets: Socket[]): Map<Socket, number> {
  const kept = sockets.map((s) => s.meta?.c);
  const usable =
    kept.every((c) => typeof c === "number" && Number.isSafeInteger(c) && c >= 0) &&
    new Set(kept).size === kept.length;
  const numbers = new Map<Socket, number>();
  if (usable) {
    for (const [i, s] of sockets.entries()) numbers.set(s, kept[i]!);
  } else {
    const opened = [...sockets].sort((a, b) => a.start - b.start || a.order - b.order);
    for (const [i, s] of opened.entries()) numbers.set(s, i + 1);
  }
  return numbers;
}

function headerFor(har: Har, file: string, origin: number): Partial<TapeHeader> {
  const own = isObject(har.log._tapedeckHeader) ? har.log._tapedeckHeader : undefined;
  if (own) return { ...own, started: formatStarted(origin) };
  const creator = isObject(har.log.creator) ? har.log.creator : undefined;
  const by =
    creator && typeof creator.name === "string"
      ? ` (${[creator.name, creator.version].filter((x) => typeof x === "string" && x).join(" ")})`
      : "";
  return {
    started: formatStarted(origin),
    label: basename(file).replace(/\.har$/i, ""),
    notes: `imported from HAR ${basename(file)}${by}`,
  };
}

/** What {@link importHar} needs. */
export interface ImportHarOptions {
  /** The HAR file to read. */
  file: string;
  /** The tape to write. */
  out: string;
  /** Applies every secret rule; it learns from the whole HAR before the first event is written. */
  redactor: Redactor;
  detect: ProtocolDetector;
  label?: string;
  overwrite?: boolean;
}

/** What an import wrote. */
export interface ImportHarResult {
  path: string;
  events: number;
  connections: number;
  skippedFrames: number;
  /** How many distinct secrets were replaced by placeholders. */
  secrets: number;
}

/** Reads a HAR file and writes it as a redacted tape. */
export async function importHar(opts: ImportHarOptions): Promise<ImportHarResult> {
  let text: string;
  try {
    text = await readFile(opts.file, "utf8");
  } catch (err) {
    fsError(err, opts.file);
  }
  const tape = harToTape(parseHar(text, opts.file), opts.file, opts.detect);
  // Check every event before the tape exists, so bad input leaves no half-written file.
  for (const [i, e] of tape.events.entries()) {
    const checked = validateEvent({ ...e, seq: i + 1 });
    if (!checked.ok) {
      throw new InputError(
        `${opts.file}: event ${i + 1} (${e.k}) cannot go on a tape: ${checked.why}`,
        "HAR_INVALID",
      );
    }
  }
  for (const e of tape.events) opts.redactor.learn(e);
  const header = opts.label === undefined ? tape.header : { ...tape.header, label: opts.label };
  const writer = await openTapeWriter({
    path: opts.out,
    header,
    redact: (e) => opts.redactor.process(e),
    overwrite: opts.overwrite ?? false,
  });
  try {
    for (const e of tape.events) writer.write(e);
  } finally {
    await writer.close();
  }
  return {
    path: opts.out,
    events: tape.events.length,
    connections: tape.connections,
    skippedFrames: tape.skippedFrames,
    secrets: opts.redactor.size,
  };
}
