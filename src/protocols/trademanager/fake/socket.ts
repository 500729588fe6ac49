/**
 * The request side of a fake Trade Manager socket, without any transport. `AUTH` with a user
 * and token gets the login acknowledgement and starts the host's stream; `PING` gets nothing;
 * `CLOSE_TRADE` / `MANUALTRADE` are acknowledged by the host (as the recording did); anything
 * before login gets `ERROR "Unauthorized access"` and a close, as the real server does; frames
 * that are not Trade Manager messages get an `ERROR` naming the problem.
 */
import { authOkMessage, errorMessage } from "../build.js";
import { ERROR_UNAUTHORIZED, encodeTmMessage, parseTmFrame } from "../messages.js";

/** Close code used after "Unauthorized access". */
export const TM_UNAUTHORIZED_CLOSE = 1008;

/** What the fake Trade Manager socket asks of its host. */
export interface TmSocketHost {
  send(text: string): void;
  close(code: number, reason: string): void;
  /** Login accepted: returns the acknowledgement text to send (recorded), or undefined for the default. */
  login(user: string, token: string): string | undefined;
  /** Called after the acknowledgement went out: start streaming. */
  loggedIn(): void;
  /** Sends the recorded answer to a CLOSE_TRADE / MANUALTRADE; false if nothing was recorded. */
  acknowledge(type: "CLOSE_TRADE" | "MANUALTRADE"): boolean;
  /** A frame that got only an error: the host logs it. */
  rejected(why: string, raw: string): void;
}

/** Per-socket protocol state. */
export class TmSocketProtocol {
  #loggedIn = false;
  readonly #host: TmSocketHost;

  constructor(host: TmSocketHost) {
    this.#host = host;
  }

  get loggedIn(): boolean {
    return this.#loggedIn;
  }

  /** Handles one client text frame. Never throws on any input. */
  receive(text: string): void {
    const m = parseTmFrame(text);
    if (m.kind === "unrecognised") {
      this.#host.rejected(m.why, text);
      this.#host.send(encodeTmMessage(errorMessage(m.why)));
      return;
    }
    if (m.type === "PING") return;
    if (m.type === "AUTH") {
      if (m.user === "" || m.token === "") {
        this.#unauthorized(text);
        return;
      }
      const wasIn = this.#loggedIn;
      this.#loggedIn = true;
      this.#host.send(this.#host.login(m.user, m.token) ?? encodeTmMessage(authOkMessage()));
      if (!wasIn) this.#host.loggedIn();
      return;
    }
    if (!this.#loggedIn) {
      this.#unauthorized(text);
      return;
    }
    if (m.type === "CLOSE_TRADE" || m.type === "MANUALTRADE") {
      if (!this.#host.acknowledge(m.type)) this.#host.rejected(`${m.type}: nothing recorded`, text);
      return;
    }
    const why = `${m.type} is not a message a client sends`;
    this.#host.rejected(why, text);
    this.#host.send(encodeTmMessage(errorMessage(why)));
  }

  #unauthorized(raw: string): void {
    this.#host.rejected(ERROR_UNAUTHORIZED, raw);
    this.#host.send(encodeTmMessage(errorMessage(ERROR_UNAUTHORIZED)));
    this.#host.close(TM_UNAUTHORIZED_CLOSE, ERROR_UNAUTHORIZED);
  }
}
