/**
 * Client -> server frames: the heartbeat `[]`, and requests of four `\n`-joined fields
 * `endpoint\nid\nquery\nbody`. Real clients are sloppy (spec §2), so the parser accepts what
 * the real server accepts: literal `undefined`/`null` as query or body, any endpoint case, a
 * leading `/`, CRLF line ends, trailing newlines, a JSON-quoted authorize token, a body spread
 * over several lines.
 */
import type { Unrecognised } from "../unrecognised.js";
import { isObject, parseJson } from "./json.js";

/** The client heartbeat frame. */
export const CLIENT_HEARTBEAT = "[]";

/** A request other than authorize. */
export interface RequestFrame {
  kind: "request";
  /** The endpoint as sent, trimmed, e.g. `md/subscribeQuote`. */
  endpoint: string;
  /** Lower-case, leading `/` stripped: `md/subscribequote`. Match endpoints on this. */
  endpointKey: string;
  id: number;
  /** The URL query (`name=ESZ5`), or "" (also for a literal `undefined`/`null`). */
  query: string;
  /** The parsed JSON body; undefined when empty or a literal `undefined`/`null`. */
  body: unknown;
  /** The body exactly as sent, everything after the third newline. */
  rawBody: string;
}

/** `authorize\n<id>\n\n<token>`: the first frame a client sends after `o`. */
export interface AuthorizeFrame {
  kind: "authorize";
  endpoint: string;
  id: number;
  /** The token, trimmed and unquoted ("" when absent). */
  token: string;
  rawBody: string;
}

/**
 * A client frame that is not a request. When the header lines were readable, `id` and the
 * endpoint are given so a server can still answer, e.g. 400 to a body that is not JSON (the
 * `why` then starts with "Invalid JSON: ").
 */
export interface UnrecognisedClientFrame extends Unrecognised {
  id?: number;
  endpoint?: string;
  endpointKey?: string;
}

/** A parsed client frame. */
export type ClientFrame =
  | { kind: "heartbeat" }
  | RequestFrame
  | AuthorizeFrame
  | UnrecognisedClientFrame;

/** The key tapedeck matches endpoints on: lower-case, without the leading `/`. */
export function endpointKey(endpoint: string): string {
  return endpoint.trim().replace(/^\/+/, "").toLowerCase();
}

/** Strips a trailing CR and surrounding whitespace off a header line. */
function field(line: string | undefined): string {
  return (line ?? "").trim();
}

/** True for the texts clients send when they mean "nothing" (BOT and JS send `undefined`). */
function isEmptyValue(text: string): boolean {
  return text === "" || text === "undefined" || text === "null";
}

function unquoteToken(text: string): string {
  if (isEmptyValue(text)) return "";
  if (text.startsWith('"')) {
    const parsed = parseJson(text);
    if (parsed.ok && typeof parsed.value === "string") return parsed.value.trim();
    if (text.length >= 2 && text.endsWith('"')) return text.slice(1, -1).trim();
  }
  return text;
}

/**
 * Parses one client text frame. Never throws: a frame that is neither a heartbeat nor a
 * readable request comes back unrecognised with the reason.
 */
export function parseClientFrame(text: string): ClientFrame {
  if (text.trim() === CLIENT_HEARTBEAT) return { kind: "heartbeat" };
  const bad = (why: string, extra: Partial<UnrecognisedClientFrame> = {}) =>
    ({ kind: "unrecognised", raw: text, why, ...extra }) as UnrecognisedClientFrame;
  if (text.trim() === "") return bad("empty frame");

  // Split off three header lines; the body is everything after them, newlines and all.
  const lines: string[] = [];
  let rest = text;
  for (let n = 0; n < 3; n++) {
    const at = rest.indexOf("\n");
    if (at < 0) {
      lines.push(rest);
      rest = "";
      break;
    }
    lines.push(rest.slice(0, at));
    rest = rest.slice(at + 1);
  }
  const rawBody = lines.length === 3 ? rest : "";
  const endpoint = field(lines[0]);
  const idText = field(lines[1]);
  const queryText = field(lines[2]);
  const key = endpointKey(endpoint);

  if (key === "") return bad("request without an endpoint");
  if (lines.length < 2 || idText === "") {
    return bad("request without an id", { endpoint, endpointKey: key });
  }
  if (!/^\d+$/.test(idText) || !Number.isSafeInteger(Number(idText))) {
    return bad(`request id is not an integer: ${JSON.stringify(idText.slice(0, 20))}`, {
      endpoint,
      endpointKey: key,
    });
  }
  const id = Number(idText);
  const bodyText = rawBody.trim();

  if (key === "authorize") {
    return { kind: "authorize", endpoint, id, token: unquoteToken(bodyText), rawBody };
  }

  let body: unknown;
  if (!isEmptyValue(bodyText)) {
    const parsed = parseJson(bodyText);
    if (!parsed.ok) return bad(`Invalid JSON: ${parsed.error}`, { id, endpoint, endpointKey: key });
    body = parsed.value;
  }
  const query = isEmptyValue(queryText) ? "" : queryText;
  return { kind: "request", endpoint, endpointKey: key, id, query, body, rawBody };
}

/**
 * A request frame as real clients write it: `endpoint\nid\nquery\nbody`, the body
 * JSON.stringify'd (left empty when undefined).
 */
export function encodeRequest(endpoint: string, id: number, query = "", body?: unknown): string {
  return `${endpoint}\n${id}\n${query}\n${body === undefined ? "" : JSON.stringify(body)}`;
}

/** The authorize frame: `authorize\n<id>\n\n<token>`. */
export function encodeAuthorize(id: number, token: string): string {
  return `authorize\n${id}\n\n${token}`;
}

/**
 * Encodes a parsed client frame again. Requests keep their raw body, so parsing the result
 * gives back the same frame; unrecognised frames come back as their raw text.
 */
export function encodeClientFrame(frame: ClientFrame): string {
  switch (frame.kind) {
    case "heartbeat":
      return CLIENT_HEARTBEAT;
    case "request":
      return `${frame.endpoint}\n${frame.id}\n${frame.query}\n${frame.rawBody}`;
    case "authorize":
      return `${frame.endpoint}\n${frame.id}\n\n${frame.rawBody}`;
    case "unrecognised":
      return frame.raw;
  }
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!isObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    // defineProperty, not assignment: a "__proto__" key must stay a key.
    Object.defineProperty(out, key, {
      value: sortKeys(value[key]),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

/**
 * A body as canonical text for matching requests: object keys sorted at every depth, no
 * whitespace; "" for no body. Two bodies that mean the same JSON give the same text.
 */
export function normaliseBody(body: unknown): string {
  if (body === undefined) return "";
  return JSON.stringify(sortKeys(body)) ?? "";
}
