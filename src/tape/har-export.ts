/**
 * Tape -> HAR 1.2 (creator "tapedeck"), for browsers' and proxies' HAR viewers: every `http`
 * event is an entry, every connection an entry shaped like Chrome's websocket entries
 * (`_resourceType: "websocket"`, status 101, frames in `_webSocketMessages`). What HAR has no
 * place for travels in `_tapedeck*` fields, so tape -> HAR -> tape keeps kinds, connection
 * numbers and every `t` to the microsecond (frame times are float epoch seconds, exact to the µs
 * until 2100).
 */

import { writeFile } from "node:fs/promises";
import { fsError, InputError } from "../errors.js";
import type {
  FrameEvent,
  HttpEvent,
  HttpMessage,
  OpenEvent,
  TapeEvent,
  TapeHeader,
} from "./events.js";
import { epochMicros } from "./har-import.js";
import type {
  Har,
  HarEntry,
  HarNameValue,
  HarRequest,
  HarResponse,
  HarWebSocketMessage,
} from "./har-types.js";
import { readTapeAll, type TornLine } from "./reader.js";
import { TOOL_NAME } from "./tool.js";
import { formatStarted } from "./writer.js";

/** HAR headers from a tape header record; a "\n"-joined Set-Cookie becomes one header per line. */
function harHeaders(headers: Record<string, string> | undefined): HarNameValue[] {
  const out: HarNameValue[] = [];
  for (const [name, value] of Object.entries(headers ?? {})) {
    const values = name.toLowerCase() === "set-cookie" ? value.split("\n") : [value];
    for (const v of values) out.push({ name, value: v });
  }
  return out;
}

function queryString(url: string): HarNameValue[] {
  try {
    return [...new URL(url).searchParams].map(([name, value]) => ({ name, value }));
  } catch {
    return [];
  }
}

function headerValue(
  headers: Record<string, string> | undefined,
  name: string,
): string | undefined {
  for (const [k, v] of Object.entries(headers ?? {})) if (k.toLowerCase() === name) return v;
  return undefined;
}

function bodySize(m: HttpMessage): number {
  if (m.b64 !== undefined) return Buffer.from(m.b64, "base64").length;
  return m.body === undefined ? 0 : Buffer.byteLength(m.body, "utf8");
}

function request(method: string, url: string, m: HttpMessage): HarRequest {
  const req: HarRequest = {
    method,
    url,
    httpVersion: "HTTP/1.1",
    cookies: [],
    headers: harHeaders(m.headers),
    queryString: queryString(url),
    headersSize: -1,
    bodySize: bodySize(m),
  };
  const mimeType = headerValue(m.headers, "content-type") ?? "";
  if (m.b64 !== undefined) req.postData = { mimeType, text: m.b64, _encoding: "base64" };
  else if (m.body !== undefined) req.postData = { mimeType, text: m.body };
  return req;
}

function response(status: number, m: HttpMessage): HarResponse {
  const size = bodySize(m);
  const mimeType = headerValue(m.headers, "content-type") ?? "";
  const content: HarResponse["content"] = { size, mimeType };
  if (m.b64 !== undefined) {
    content.text = m.b64;
    content.encoding = "base64";
  } else if (m.body !== undefined) {
    content.text = m.body;
  }
  return {
    status,
    statusText: status === 101 ? "Switching Protocols" : "",
    httpVersion: "HTTP/1.1",
    cookies: [],
    headers: harHeaders(m.headers),
    content,
    redirectURL: headerValue(m.headers, "location") ?? "",
    headersSize: -1,
    bodySize: size,
  };
}

function timings(ms: number): HarEntry["timings"] {
  return { blocked: -1, dns: -1, ssl: -1, connect: -1, send: 0, wait: ms, receive: 0 };
}

/** A connection being assembled into one websocket entry. */
interface Socket {
  c: number;
  open: OpenEvent | undefined;
  firstT: number;
  lastT: number;
  messages: HarWebSocketMessage[];
  close?: NonNullable<HarEntry["_tapedeck"]>["close"];
}

/**
 * The HAR of a tape. Entries come in the order their first event appears in the tape (an http
 * exchange where it was written, a connection where it opened).
 */
export function tapeToHar(header: TapeHeader, events: Iterable<TapeEvent>): Har {
  const origin = epochMicros(header.started);
  if (origin === undefined) {
    throw new InputError(`the tape header's started time is unreadable: ${header.started}`);
  }
  const iso = (t: number) => formatStarted(origin + t);
  const slots: Array<HttpEvent | Socket> = [];
  const sockets = new Map<number, Socket>();
  const socket = (c: number, t: number): Socket => {
    let s = sockets.get(c);
    if (!s) {
      s = { c, open: undefined, firstT: t, lastT: t, messages: [] };
      sockets.set(c, s);
      slots.push(s);
    }
    s.lastT = Math.max(s.lastT, t);
    return s;
  };
  const extra: NonNullable<Har["log"]["_tapedeckEvents"]> = [];

  for (const e of events) {
    switch (e.k) {
      case "http":
        slots.push(e);
        break;
      case "open":
        // A number opened twice (a malformed tape) gets a second entry; import renumbers then.
        if (sockets.get(e.c)?.open) sockets.delete(e.c);
        socket(e.c, e.t).open = e;
        break;
      case "send":
      case "recv":
        socket(e.c, e.t).messages.push(message(e, origin));
        break;
      case "close": {
        const { seq: _seq, k: _k, c, ...close } = e;
        socket(c, e.t).close = close;
        break;
      }
      default:
        extra.push(strip(e));
    }
  }

  const entries = slots.map((slot): HarEntry => {
    if ("k" in slot) {
      return {
        startedDateTime: iso(slot.t),
        time: slot.ms,
        request: request(slot.method, slot.url, slot.req),
        response: response(slot.status, slot.res),
        cache: {},
        timings: timings(slot.ms),
      };
    }
    const ms = (slot.lastT - slot.firstT) / 1000;
    const entry: HarEntry = {
      startedDateTime: iso(slot.open?.t ?? slot.firstT),
      time: ms,
      request: request("GET", slot.open?.url ?? "about:blank", { headers: slot.open?.headers }),
      response: response(101, {}),
      cache: {},
      timings: timings(ms),
      _resourceType: "websocket",
      _webSocketMessages: slot.messages,
      _tapedeck: { c: slot.c, proto: slot.open?.proto ?? "raw" },
    };
    if (slot.open?.role) entry._tapedeck!.role = slot.open.role;
    if (!slot.open) entry._tapedeck!.noOpen = true;
    if (slot.close) entry._tapedeck!.close = slot.close;
    return entry;
  });

  const har: Har = {
    log: {
      version: "1.2",
      creator: { name: "tapedeck", version: TOOL_NAME.replace(/^tapedeck /, "") },
      pages: [
        {
          startedDateTime: header.started,
          id: "page_1",
          title: header.label ?? header.id,
          pageTimings: {},
        },
      ],
      entries,
      _tapedeckHeader: header,
    },
  };
  if (extra.length > 0) har.log._tapedeckEvents = extra;
  return har;
}

function strip(e: TapeEvent): Omit<TapeEvent, "seq"> {
  const { seq: _seq, ...rest } = e;
  return rest;
}

function message(e: FrameEvent, origin: number): HarWebSocketMessage {
  const time = (origin + e.t) / 1e6;
  const type = e.k === "send" ? "send" : "receive";
  return e.text !== undefined
    ? { type, time, opcode: 1, data: e.text }
    : { type, time, opcode: 2, data: e.b64 ?? "" };
}

/** What {@link exportHar} needs. */
export interface ExportHarOptions {
  tape: string;
  out: string;
  overwrite?: boolean;
}

/** What an export wrote. */
export interface ExportHarResult {
  path: string;
  entries: number;
  sockets: number;
  /** Set when the tape ended in a torn line, which is left out. */
  torn?: TornLine;
}

/** Reads a tape and writes its HAR (2-space indented JSON, as DevTools writes it). */
export async function exportHar(opts: ExportHarOptions): Promise<ExportHarResult> {
  const tape = await readTapeAll(opts.tape);
  const har = tapeToHar(tape.header, tape.events);
  try {
    await writeFile(opts.out, `${JSON.stringify(har, null, 2)}\n`, {
      flag: opts.overwrite ? "w" : "wx",
    });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") {
      throw new InputError(`${opts.out}: already exists; choose another name`, "EEXIST");
    }
    fsError(err, opts.out);
  }
  const sockets = har.log.entries.filter((e) => e._resourceType === "websocket").length;
  const result: ExportHarResult = { path: opts.out, entries: har.log.entries.length, sockets };
  if (tape.torn) result.torn = tape.torn;
  return result;
}
