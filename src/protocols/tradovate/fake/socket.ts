/**
 * The request side of a fake Tradovate socket (spec §2-§3), without any transport: what to
 * answer to each client frame. Authorize first (answered alone, by the host sending it in its
 * own frame); before it every request gets 401 "Access is denied"; a second authorize 404; a
 * body that is not JSON 400; any non-empty token is accepted (recorded tapes hold placeholders).
 */
import {
  accessDeniedResponse,
  errorResponse,
  invalidTokenResponse,
  notFoundResponse,
  response,
  type ServerMessage,
} from "../messages.js";
import { parseClientFrame, type RequestFrame } from "../requests.js";

/** The server heartbeat period while idle (spec §2). */
export const HEARTBEAT_MS = 2500;

/** What the fake socket asks of its host. */
export interface TradovateSocketHost {
  /** Sends one message in a frame of its own, now. */
  reply(msg: ServerMessage): void;
  /** Accepts or refuses a non-empty token (refused: 401 "Invalid access token"). */
  authorize(token: string): boolean;
  /** Answers an authorized request (recorded answer, stream, default answer or 404). */
  request(req: RequestFrame): void;
  /** A frame that cannot be answered (no request id): the host logs it. */
  ignored(why: string, raw: string): void;
}

/** Per-socket protocol state. */
export class TradovateSocketProtocol {
  #authorized = false;
  readonly #host: TradovateSocketHost;

  constructor(host: TradovateSocketHost) {
    this.#host = host;
  }

  get authorized(): boolean {
    return this.#authorized;
  }

  /** Handles one client text frame. Never throws on any input. */
  receive(text: string): void {
    const frame = parseClientFrame(text);
    switch (frame.kind) {
      case "heartbeat":
        return;
      case "authorize":
        if (this.#authorized) {
          this.#host.reply(notFoundResponse(frame.id, "authorize"));
        } else if (frame.token !== "" && this.#host.authorize(frame.token)) {
          this.#authorized = true;
          this.#host.reply(response(frame.id, 200));
        } else {
          this.#host.reply(invalidTokenResponse(frame.id));
        }
        return;
      case "request":
        if (!this.#authorized) this.#host.reply(accessDeniedResponse(frame.id));
        else this.#host.request(frame);
        return;
      case "unrecognised":
        if (frame.id !== undefined) this.#host.reply(errorResponse(frame.id, 400, frame.why));
        else this.#host.ignored(frame.why, frame.raw);
        return;
    }
  }
}
