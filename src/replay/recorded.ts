/**
 * What a tape index holds: recorded server messages, request/response exchanges and REST
 * exchanges, in shapes the engine can replay without re-reading the tape.
 */

import type { RecordedHttp } from "../protocols/tradovate/fake/rest.js";
import type { ResponseMessage } from "../protocols/tradovate/index.js";
import type { Role } from "../tape/events.js";
import type { FrameList } from "./frame-list.js";

/**
 * One server message the recorded client received (a frame of several is split per message).
 * Only the text is kept, not the parsed message: the index holds every message once.
 */
export interface RecordedMessage {
  seq: number;
  /** Tape time in µs. */
  t: number;
  /** The message's exact JSON text as recorded. */
  text: string;
}

/** A recorded Tradovate request and its response, with the events that answer it. */
export interface RecordedExchange {
  /** Connection number in the tape. */
  conn: number;
  role: Role;
  endpointKey: string;
  query: string;
  /** `normaliseBody` of the request body. */
  bodyKey: string;
  /** The request body as parsed (for loose matching of md requests). */
  body: unknown;
  requestT: number;
  response: ResponseMessage;
  responseT: number;
  /** Events attributed to this request (subscription data, chart packets, props), in order. */
  followers: FrameList;
  /**
   * What the stream is, so an unsubscribe/cancel can stop it: `quote:<contractId>`,
   * `dom:<contractId>`, `histogram:<contractId>`, `chart:<realtimeId>:<historicalId>`, `sync`.
   */
  tag?: string;
}

/** One Tradovate socket of the tape. */
export interface TradovateConnIndex {
  conn: number;
  role: Role;
  openT: number;
  exchanges: RecordedExchange[];
  /** Events that belong to the connection, not a request (shutdown), in order. */
  connectionEvents: FrameList;
  /** Events nothing could be attributed to (e.g. quotes whose subscribe was not recorded). */
  orphans: number;
}

/** A Trade Manager frame as recorded. */
export interface RecordedTmFrame {
  seq: number;
  t: number;
  text: string;
}

/** One Trade Manager socket of the tape. */
export interface TmConnIndex {
  conn: number;
  openT: number;
  /** The login acknowledgement, when recorded. */
  authOk?: RecordedTmFrame;
  /** DATA/LOGS/TRADES/ERROR frames streamed after login. */
  stream: FrameList;
  /** Frames that answered each recorded CLOSE_TRADE / MANUALTRADE, in order, per type. */
  acks: Map<"CLOSE_TRADE" | "MANUALTRADE", RecordedTmFrame[][]>;
}

/** A recorded REST exchange: what the fake REST answers from, plus when and its content type. */
export interface RestExchange extends RecordedHttp {
  t: number;
  contentType: string | undefined;
}
