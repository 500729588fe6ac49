/**
 * The tape format, version 1: one JSON object per line. Line 1 is a {@link TapeHeader}; every
 * other line is a {@link TapeEvent}. The normative description is docs/tape-format.md.
 */

export const TAPE_VERSION = 1;

/** Protocols tapedeck understands; anything else is recorded as "raw". */
export type ProtocolName = "tradovate" | "trademanager" | "raw";

/**
 * Which socket of a venue a connection is. Tradovate has three (trading = user data, md =
 * market data, replay = market replay); Trade Manager has one.
 */
export type Role = "trading" | "md" | "replay" | "trademanager" | "other";

export interface TapeHeader {
  tape: typeof TAPE_VERSION;
  /** Unique id of this recording. */
  id: string;
  /** UTC start with microseconds, e.g. 2026-11-25T14:03:07.123456Z; every `t` counts from it. */
  started: string;
  /** e.g. "tapedeck 0.1.0". */
  tool: string;
  label?: string;
  host?: string;
  notes?: string;
  /** Free-form facts a source wants to keep (resolved symbols, synth seed, ...). */
  meta?: Record<string, unknown>;
}

/** Fields every event line carries. */
export interface EventBase {
  /** 1, 2, 3, ... without holes: a hole means loss. */
  seq: number;
  /** Integer microseconds since the header's `started`, from a monotonic clock. */
  t: number;
}

export interface OpenEvent extends EventBase {
  k: "open";
  /** Connection number within the tape; a reconnect is a new number. */
  c: number;
  url: string;
  proto: ProtocolName;
  role?: Role;
  /** Request headers of the upgrade, redacted. */
  headers?: Record<string, string>;
}

/** A frame: exactly one of `text` (a text frame) or `b64` (a binary frame, base64). */
export type FramePayload = { text: string; b64?: never } | { b64: string; text?: never };

/** `recv`: a frame the recorded client received; `send`: a frame it sent. */
export type FrameEvent = EventBase & {
  k: "recv" | "send";
  c: number;
} & FramePayload;

export interface CloseEvent extends EventBase {
  k: "close";
  c: number;
  code?: number;
  reason?: string;
  /** Who closed: the server, the recorded client, or tapedeck itself (shutdown, rotation). */
  by: "server" | "client" | "local";
}

export interface HttpMessage {
  headers?: Record<string, string>;
  /** The body as text (JSON stays a string, exactly as sent), or base64 for binary bodies. */
  body?: string;
  b64?: string;
}

export interface HttpEvent extends EventBase {
  k: "http";
  method: string;
  url: string;
  status: number;
  req: HttpMessage;
  res: HttpMessage;
  /** Round-trip time in milliseconds. */
  ms: number;
}

/** A known hole: the source knows it missed traffic (a drop, a reconnect). */
export interface GapEvent extends EventBase {
  k: "gap";
  c?: number;
  reason: string;
  ms?: number;
}

/** A note a person, a scenario or a source adds (e.g. a resolved symbol, a fired fault). */
export interface MarkEvent extends EventBase {
  k: "mark";
  label: string;
  data?: unknown;
}

export type TapeEvent = OpenEvent | FrameEvent | CloseEvent | HttpEvent | GapEvent | MarkEvent;
export type EventKind = TapeEvent["k"];

/** What a source hands the writer: the writer assigns `seq` and, unless given, `t`. */
export type EventInput = TapeEvent extends infer E
  ? E extends TapeEvent
    ? Omit<E, "seq" | "t"> & { t?: number }
    : never
  : never;

export function isFrame(e: TapeEvent): e is FrameEvent {
  return e.k === "recv" || e.k === "send";
}

/** The bytes of a frame: UTF-8 of `text`, or the decoded `b64`. */
export function frameBytes(e: FramePayload): Buffer {
  return e.text !== undefined ? Buffer.from(e.text, "utf8") : Buffer.from(e.b64 ?? "", "base64");
}
