/**
 * The messages inside `a[...]` frames: responses to requests and events. Every message keeps
 * `raw`, the object exactly as it arrived (or as a builder made it), and, when it came out of a
 * frame, `text`, its exact JSON text there. Encoding writes `text` when present, else
 * JSON.stringify(raw): so a parsed frame encodes back byte for byte even where JavaScript would
 * write its JSON differently (`2.10`, integer-like keys such as histogram items `{"-14":..,"2":..}`
 * that objects reorder), and nothing is lost, not even fields tapedeck ignores.
 * Treat messages as read-only (typed fields share objects with `raw`); to change one, build a
 * new message (see {@link withRequestId}).
 */
import { type ChartPacket, type ChartPayload, chartPayloadProblem } from "./chart.js";
import { type Entity, parseEntity } from "./entities.js";
import { isObject, type JsonObject, jsonType, own, parseJson, showValue } from "./json.js";
import { type MdPayload, mdPayloadOf, mdPayloadProblem } from "./md.js";

/** `{"s":<http status>,"i":<request id>,"d":<payload>}`; `d` is absent on some answers. */
export interface ResponseMessage {
  type: "response";
  s: number;
  i: number;
  d?: unknown;
  raw: JsonObject;
  /** The exact JSON text of this message in the frame it was parsed from. */
  text?: string;
}

/** What every event has: the original object. */
interface EventBase {
  type: "event";
  raw: JsonObject;
  /** The exact JSON text of this message in the frame it was parsed from. */
  text?: string;
}

/** The event types of props events Tradovate sends; others are kept as strings. */
export type PropsEventType = "Created" | "Updated" | "Deleted" | (string & {});

/**
 * An entity changed: `{"e":"props","d":{"entityType":"position","eventType":"Updated","entity":{...}}}`.
 * `entities` is a list even when the wire had one object (`entityWasArray` says which).
 */
export interface PropsEvent extends EventBase {
  e: "props";
  entityType: string;
  eventType: PropsEventType;
  entities: Entity[];
  entityWasArray: boolean;
}

/** Market data: quotes, DOMs and/or histograms. */
export interface MdEvent extends EventBase, MdPayload {
  e: "md";
}

/** Chart packets: bars, packed ticks, end-of-history markers. */
export interface ChartEvent extends EventBase {
  e: "chart";
  charts: ChartPacket[];
}

/** Why the server is going away. */
export type ShutdownReason =
  | "Maintenance"
  | "ConnectionQuotaReached"
  | "IPQuotaReached"
  | (string & {});

/** The server announces it will close the socket. */
export interface ShutdownEvent extends EventBase {
  e: "shutdown";
  reasonCode: ShutdownReason;
  reason?: string;
}

/**
 * Market replay clock: `d` is a JSON string, `{"e":"clock","d":"{\"t\":\"...\",\"s\":20}"}`;
 * `payload` keeps that string, `t` and `s` are what it holds.
 */
export interface ClockEvent extends EventBase {
  e: "clock";
  /** Replay time, ISO 8601. */
  t: string;
  /** Replay speed in percent (0 pauses). */
  s: number;
  payload: string;
}

/** An event, discriminated on `e` like the wire. */
export type EventMessage = PropsEvent | MdEvent | ChartEvent | ShutdownEvent | ClockEvent;

/** A message tapedeck cannot type; `raw` is the original value, `why` says what is wrong. */
export interface UnrecognisedMessage {
  type: "unrecognised";
  raw: unknown;
  why: string;
  /** The exact JSON text of this message in the frame it was parsed from. */
  text?: string;
}

/** One element of an `a[...]` frame. */
export type ServerMessage = ResponseMessage | EventMessage | UnrecognisedMessage;

/** The event kinds Tradovate sends. A real client (GO) closes the socket on any other. */
export const EVENT_KINDS = ["props", "md", "chart", "shutdown", "clock"] as const;

function bad(raw: unknown, why: string): UnrecognisedMessage {
  return { type: "unrecognised", raw, why };
}

function parseResponse(raw: JsonObject): ServerMessage {
  const { s, i } = raw;
  if (!Number.isInteger(s) || (s as number) < 100 || (s as number) > 599) {
    return bad(raw, `response: "s" must be an HTTP status, got ${showValue(s)}`);
  }
  if (!Number.isSafeInteger(i)) {
    return bad(raw, `response: "i" must be an integer, got ${showValue(i)}`);
  }
  const msg: ResponseMessage = { type: "response", s: s as number, i: i as number, raw };
  if (Object.hasOwn(raw, "d")) msg.d = raw.d;
  return msg;
}

function parseProps(raw: JsonObject, d: JsonObject): ServerMessage {
  const { entityType, eventType } = d;
  const entity = own(d, "entity");
  if (typeof entityType !== "string") return bad(raw, "props: entityType must be a string");
  if (typeof eventType !== "string") return bad(raw, "props: eventType must be a string");
  if (!isObject(entity) && !Array.isArray(entity)) {
    return bad(raw, `props: entity must be an object or an array, got ${jsonType(entity)}`);
  }
  const list: unknown[] = Array.isArray(entity) ? entity : [entity];
  return {
    type: "event",
    e: "props",
    entityType,
    eventType,
    entities: list.map((item) => parseEntity(entityType, item)),
    entityWasArray: Array.isArray(entity),
    raw,
  };
}

function parseClock(raw: JsonObject, d: unknown): ServerMessage {
  if (typeof d !== "string") return bad(raw, `clock: d must be a JSON string, got ${jsonType(d)}`);
  const parsed = parseJson(d);
  if (!parsed.ok) return bad(raw, `clock: d is not JSON: ${parsed.error}`);
  const { value } = parsed;
  if (!isObject(value)) return bad(raw, `clock: d must hold an object, got ${jsonType(value)}`);
  if (typeof value.t !== "string") return bad(raw, 'clock: "t" must be a string');
  if (typeof value.s !== "number") return bad(raw, 'clock: "s" must be a number');
  return { type: "event", e: "clock", t: value.t, s: value.s, payload: d, raw };
}

function parseEvent(raw: JsonObject, e: string): ServerMessage {
  const d = own(raw, "d");
  switch (e) {
    case "props":
      return isObject(d)
        ? parseProps(raw, d)
        : bad(raw, `props: d must be an object, got ${jsonType(d)}`);
    case "md": {
      const problem = mdPayloadProblem(d);
      if (problem !== undefined) return bad(raw, problem);
      // Checked once just above: mdPayloadOf only picks the lists.
      return { type: "event", e: "md", ...mdPayloadOf(d as JsonObject), raw };
    }
    case "chart": {
      const problem = chartPayloadProblem(d);
      if (problem !== undefined) return bad(raw, problem);
      return { type: "event", e: "chart", charts: (d as ChartPayload).charts, raw };
    }
    case "shutdown": {
      if (!isObject(d)) return bad(raw, `shutdown: d must be an object, got ${jsonType(d)}`);
      const { reasonCode, reason } = d;
      if (typeof reasonCode !== "string") return bad(raw, "shutdown: reasonCode must be a string");
      if (reason !== undefined && typeof reason !== "string") {
        return bad(raw, "shutdown: reason must be a string");
      }
      const msg: ShutdownEvent = { type: "event", e: "shutdown", reasonCode, raw };
      if (reason !== undefined) msg.reason = reason;
      return msg;
    }
    case "clock":
      return parseClock(raw, d);
    default:
      return bad(raw, `unknown event kind ${JSON.stringify(e)}`);
  }
}

function typeMessage(value: unknown): ServerMessage {
  if (!isObject(value)) return bad(value, `message must be an object, got ${jsonType(value)}`);
  const e = own(value, "e");
  if (e !== undefined) {
    return typeof e === "string" ? parseEvent(value, e) : bad(value, '"e" must be a string');
  }
  if (Object.hasOwn(value, "s") || Object.hasOwn(value, "i")) return parseResponse(value);
  return bad(value, 'message has neither "e" (event) nor "s" and "i" (response)');
}

/**
 * Types one element of an `a[...]` frame: a response (has `s` and `i`), an event (has `e`),
 * or unrecognised with the reason. `text`, when given, is kept as the message's exact JSON
 * text. Never throws.
 */
export function parseServerMessage(value: unknown, text?: string): ServerMessage {
  const msg = typeMessage(value);
  if (text !== undefined) msg.text = text;
  return msg;
}

/** The JSON text of a message as a frame carries it: its original text, else JSON of `raw`. */
export function messageText(msg: ServerMessage): string {
  return msg.text ?? JSON.stringify(msg.raw) ?? "null";
}

/**
 * The same response answering another request id: what a replay server does when the client
 * numbers its requests differently from the recorded one. Keeps the wire key order.
 */
export function withRequestId(r: ResponseMessage, i: number): ResponseMessage {
  const raw: JsonObject = {};
  for (const [key, value] of Object.entries(r.raw)) {
    Object.defineProperty(raw, key, {
      value: key === "i" ? i : value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return typeMessage(raw) as ResponseMessage;
}

/** True for 2xx responses. Business failures are still 2xx, with `errorText` inside `d`. */
export function isOk(r: ResponseMessage): boolean {
  return r.s >= 200 && r.s < 300;
}

/**
 * The error text of a response: `d` when it is a string, unwrapped once more when Tradovate
 * JSON-encoded it twice (`"\"Not found: x\""` gives `Not found: x`); `errorText` of a 2xx `d`.
 */
export function responseErrorText(r: ResponseMessage): string | undefined {
  const { d } = r;
  if (typeof d === "string") {
    if (d.startsWith('"')) {
      const inner = parseJson(d);
      if (inner.ok && typeof inner.value === "string") return inner.value;
    }
    return d;
  }
  if (isObject(d) && typeof d.errorText === "string") return d.errorText;
  return undefined;
}

// Builders. Each makes the raw object in Tradovate's key order and types it with the parser,
// so what a builder returns is exactly what parsing its encoding returns.

function built<T extends ServerMessage>(raw: unknown, is: (m: ServerMessage) => m is T): T {
  const msg = parseServerMessage(raw);
  if (!is(msg)) {
    const why = msg.type === "unrecognised" ? msg.why : `built a ${msg.type}`;
    throw new TypeError(`tradovate message builder: ${why}`);
  }
  return msg;
}

const isResponse = (m: ServerMessage): m is ResponseMessage => m.type === "response";
const isEvent =
  <E extends EventMessage["e"]>(e: E) =>
  (m: ServerMessage): m is Extract<EventMessage, { e: E }> =>
    m.type === "event" && m.e === e;

/** A response `{"s":s,"i":i,"d":d}`; `d` is left out when undefined (authorize: `{"s":200,"i":0}`). */
export function response(i: number, s: number, d?: unknown): ResponseMessage {
  const raw: JsonObject = { s, i };
  if (d !== undefined) raw.d = d;
  return built(raw, isResponse);
}

/**
 * An error response in Tradovate's shapes (spec §3): a 404's text is JSON-encoded twice
 * (`{"s":404,"i":1,"d":"\"Not found: quote/subscribe\""}`); other statuses carry the text as is
 * (`{"s":400,"i":1,"d":"Invalid JSON: ..."}`, `{"s":401,"i":2,"d":"Access is denied"}`).
 */
export function errorResponse(i: number, status: number, text: string): ResponseMessage {
  return response(i, status, status === 404 ? JSON.stringify(text) : text);
}

/** 404 for an endpoint the server does not have, or a second `authorize` on a socket. */
export function notFoundResponse(i: number, endpoint: string): ResponseMessage {
  return errorResponse(i, 404, `Not found: ${endpoint}`);
}

/** 401 for a request on a socket that is not authorized. */
export function accessDeniedResponse(i: number): ResponseMessage {
  return errorResponse(i, 401, "Access is denied");
}

/** 401 answer to `authorize` with a bad token; Tradovate writes this one `i` first. */
export function invalidTokenResponse(i: number): ResponseMessage {
  return built({ i, s: 401, d: "Invalid access token" }, isResponse);
}

/** A props event; pass an array to send `entity` as an array. */
export function propsEvent(
  entityType: string,
  eventType: PropsEventType,
  entity: unknown,
): PropsEvent {
  return built({ e: "props", d: { entityType, eventType, entity } }, isEvent("props"));
}

/** An md event; throws a TypeError if the payload does not fit (so generators fail loudly). */
export function mdEvent(payload: MdPayload): MdEvent {
  return built({ e: "md", d: payload }, isEvent("md"));
}

/** A chart event carrying the given packets. */
export function chartEvent(charts: ChartPacket[]): ChartEvent {
  return built({ e: "chart", d: { charts } }, isEvent("chart"));
}

/** A shutdown event: `{"e":"shutdown","d":{"reasonCode":...,"reason":...}}`. */
export function shutdownEvent(reasonCode: ShutdownReason, reason?: string): ShutdownEvent {
  const d: JsonObject = { reasonCode };
  if (reason !== undefined) d.reason = reason;
  return built({ e: "shutdown", d }, isEvent("shutdown"));
}

/** A replay clock event, its `d` a JSON string as Tradovate sends it. */
export function clockEvent(t: string, s: number): ClockEvent {
  return built({ e: "clock", d: JSON.stringify({ t, s }) }, isEvent("clock"));
}
