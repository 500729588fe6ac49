/**
 * The parts of HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/) that tapedeck reads and
 * writes, with Chrome/Edge DevTools' websocket extension and tapedeck's own `_tapedeck*` fields
 * (HAR allows custom fields that start with "_"), which carry what HAR has no place for so a tape
 * survives tape -> HAR -> tape.
 */

import type { CloseEvent, ProtocolName, Role, TapeEvent, TapeHeader } from "./events.js";

/** A header, query parameter or form field. */
export interface HarNameValue {
  name: string;
  value: string;
}

/** A cookie as DevTools lists it next to the headers (tapedeck keeps only the headers). */
export interface HarCookie {
  name: string;
  value: string;
  [more: string]: unknown;
}

export interface HarPostData {
  mimeType: string;
  text?: string;
  /** tapedeck's: "base64" when `text` is a binary body in base64 (HAR has no such field here). */
  _encoding?: "base64";
}

export interface HarRequest {
  method: string;
  url: string;
  httpVersion: string;
  cookies: HarCookie[];
  headers: HarNameValue[];
  queryString: HarNameValue[];
  postData?: HarPostData;
  headersSize: number;
  bodySize: number;
}

export interface HarContent {
  size: number;
  mimeType: string;
  text?: string;
  /** "base64" when `text` is base64 (binary bodies). */
  encoding?: string;
}

export interface HarResponse {
  status: number;
  statusText: string;
  httpVersion: string;
  cookies: HarCookie[];
  headers: HarNameValue[];
  content: HarContent;
  redirectURL: string;
  headersSize: number;
  bodySize: number;
}

/** One websocket frame as Chrome/Edge DevTools record it on the upgrade request's entry. */
export interface HarWebSocketMessage {
  type: "send" | "receive";
  /** Wall-clock time, seconds since the epoch, as a float (microsecond resolution). */
  time: number;
  /** 1: text frame (`data` is the text), 2: binary frame (`data` is base64). */
  opcode: number;
  data: string;
}

/** What tapedeck keeps on a websocket entry so the connection comes back unchanged. */
export interface HarTapedeckConnection {
  c: number;
  proto: ProtocolName;
  role?: Role;
  /** The tape had frames on this connection but no `open` (e.g. a tape cut by rotation). */
  noOpen?: boolean;
  /** The connection's close, with `t` in µs since the tape's `started`. */
  close?: Omit<CloseEvent, "seq" | "k" | "c">;
}

export interface HarEntry {
  startedDateTime: string;
  /** Total time in milliseconds. */
  time: number;
  request: HarRequest;
  response: HarResponse;
  cache: Record<string, unknown>;
  timings: { send: number; wait: number; receive: number; [phase: string]: number };
  /** Chrome: "websocket" for a websocket's upgrade request. */
  _resourceType?: string;
  _webSocketMessages?: HarWebSocketMessage[];
  _tapedeck?: HarTapedeckConnection;
}

export interface HarPage {
  startedDateTime: string;
  id: string;
  title: string;
  pageTimings: Record<string, number>;
}

export interface HarLog {
  version: string;
  creator: { name: string; version: string };
  pages?: HarPage[];
  entries: HarEntry[];
  /** The tape header the HAR was exported from. */
  _tapedeckHeader?: TapeHeader;
  /** Events HAR has no place for (marks, gaps), without `seq`; `t` in µs since `started`. */
  _tapedeckEvents?: Array<Omit<TapeEvent, "seq">>;
}

/** A HAR file. */
export interface Har {
  log: HarLog;
}
