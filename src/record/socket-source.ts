/**
 * One recorded websocket that keeps itself connected: every frame both ways goes to the
 * recording, a drop writes `close` and `gap`, and a reconnect (jittered exponential backoff) is
 * a new connection number whose session handler re-authorizes and re-subscribes.
 */
import WebSocket from "ws";
import { TapedeckError } from "../errors.js";
import type { LiveConnection, SessionHandler } from "../live/connection.js";
import type { TimerHandle, Timers } from "../live/timers.js";
import type { ProtocolName, Role } from "../tape/events.js";
import { type BackoffOptions, backoffDelay, DEFAULT_BACKOFF, type Random } from "./backoff.js";
import type { Recording } from "./recording.js";

export type { LiveConnection, SessionHandler } from "../live/connection.js";

/** The part of a `ws` WebSocket the recorder uses. */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string | Buffer, opts?: { binary?: boolean }): void;
  close(code?: number, reason?: string): void;
  terminate(): void;
  on(event: "open", fn: () => void): this;
  on(
    event: "message",
    fn: (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => void,
  ): this;
  on(event: "close", fn: (code: number, reason: Buffer) => void): this;
  on(event: "error", fn: (err: Error) => void): this;
}

/** How to make a socket: `ws`'s constructor or a test double. */
export type WebSocketFactory = (url: string, headers: Record<string, string>) => WebSocketLike;

/** `ws`, the default transport. */
export const wsFactory: WebSocketFactory = (url, headers) =>
  new WebSocket(url, { headers, handshakeTimeout: 15_000 }) as unknown as WebSocketLike;

/** A socket to keep recorded. */
export interface SocketSourceOptions {
  name: string;
  /** Called before every connection attempt (a renewed token may change it). */
  url: () => string;
  headers?: Record<string, string>;
  proto: ProtocolName;
  role?: Role;
  /** Makes the handler of each new connection. */
  session: (conn: LiveConnection) => SessionHandler;
  recording: Recording;
  timers: Timers;
  random: Random;
  socket?: WebSocketFactory;
  backoff?: BackoffOptions;
  /** One plain line per notable thing (drops, reconnects); already scrubbed of secrets. */
  log?: (line: string) => void;
  /** The source gave up (fatal handler decision, or the first connection failed). */
  onFatal?: (reason: string) => void;
  /** Milliseconds a clean close may take before the socket is cut. */
  closeTimeoutMs?: number;
}

type State =
  | { kind: "idle" }
  | { kind: "connecting"; ws: WebSocketLike }
  | { kind: "open"; ws: WebSocketLike; c: number; handler: SessionHandler }
  | { kind: "waiting"; timer: TimerHandle }
  | { kind: "stopped" };

/** A websocket kept open and recorded. */
export class SocketSource {
  readonly #o: SocketSourceOptions;
  #state: State = { kind: "idle" };
  #attempt = 0;
  /** Set while a connection is down: the connection that dropped and when. */
  #down: { c: number; at: number } | undefined;
  #everOpened = false;
  #closingLocally = false;
  #stopWaiters: Array<() => void> = [];
  #firstOpen: { resolve: () => void; reject: (e: Error) => void } | undefined;

  constructor(opts: SocketSourceOptions) {
    this.#o = opts;
  }

  /** Connects; resolves once the first connection is open, rejects if it cannot be opened. */
  start(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#firstOpen = { resolve, reject };
      this.#connect();
    });
  }

  /** True while a connection is open. */
  get isOpen(): boolean {
    return this.#state.kind === "open";
  }

  /** Closes with 1000 (recorded as closed by tapedeck) and stops reconnecting. */
  stop(): Promise<void> {
    const s = this.#state;
    this.#state = { kind: "stopped" };
    if (s.kind === "waiting") {
      this.#o.timers.clearTimeout(s.timer);
      this.#writeGap("recording stopped while reconnecting");
      return Promise.resolve();
    }
    if (s.kind === "connecting") {
      s.ws.terminate();
      if (this.#down) this.#writeGap("recording stopped while reconnecting");
      return Promise.resolve();
    }
    if (s.kind !== "open") return Promise.resolve();
    return new Promise((resolve) => {
      this.#stopWaiters.push(resolve);
      this.#closingLocally = true;
      const cut = this.#o.timers.setTimeout(() => s.ws.terminate(), this.#o.closeTimeoutMs ?? 3000);
      this.#stopWaiters.push(() => this.#o.timers.clearTimeout(cut));
      try {
        s.ws.close(1000, "tapedeck stopped");
      } catch {
        s.ws.terminate();
      }
    });
  }

  #connect(): void {
    const url = this.#o.url();
    const ws = (this.#o.socket ?? wsFactory)(url, this.#o.headers ?? {});
    this.#state = { kind: "connecting", ws };
    let c = 0;
    let handler: SessionHandler | undefined;
    ws.on("open", () => {
      if (this.#state.kind !== "connecting" || this.#state.ws !== ws) return;
      c = this.#o.recording.open(url, this.#o.proto, this.#o.role, this.#o.headers);
      if (this.#down) this.#writeGap(`reconnected as connection ${c}`);
      this.#attempt = 0;
      this.#everOpened = true;
      const conn = this.#connection(ws, () => c);
      handler = this.#o.session(conn);
      this.#state = { kind: "open", ws, c, handler };
      this.#firstOpen?.resolve();
      this.#firstOpen = undefined;
      handler.opened?.();
    });
    ws.on("message", (data, isBinary) => {
      if (c === 0) return;
      const buf = toBuffer(data);
      if (isBinary) {
        this.#o.recording.frame("recv", c, buf);
        return;
      }
      const text = buf.toString("utf8");
      this.#o.recording.frame("recv", c, text);
      handler?.text?.(text);
    });
    ws.on("error", (err) => {
      this.#o.log?.(`${this.#o.name}: ${this.#o.recording.scrub(err.message)}`);
    });
    ws.on("close", (code, reasonBuf) => {
      const reason = reasonBuf.toString("utf8");
      handler?.closed?.();
      if (c !== 0) {
        const local = this.#closingLocally;
        this.#o.recording.closed(c, local ? "local" : "server", code, reason);
      }
      if (this.#closingLocally) {
        this.#closingLocally = false;
        const waiters = this.#stopWaiters;
        this.#stopWaiters = [];
        for (const w of waiters) w();
        return;
      }
      if (this.#state.kind === "stopped") return;
      if (!this.#everOpened) {
        const why = `${this.#o.name}: cannot connect to ${scrubUrl(url)} (code ${code})`;
        this.#state = { kind: "stopped" };
        this.#firstOpen?.reject(new TapedeckError(this.#o.recording.scrub(why), "CONNECT", 1));
        this.#firstOpen = undefined;
        return;
      }
      if (c !== 0) this.#down = { c, at: this.#o.timers.now() };
      this.#scheduleReconnect(code, reason);
    });
  }

  #scheduleReconnect(code: number, reason: string): void {
    const delay = backoffDelay(this.#attempt++, this.#o.random, this.#o.backoff ?? DEFAULT_BACKOFF);
    this.#o.log?.(
      `${this.#o.name}: connection lost (code ${code}${reason ? `, ${this.#o.recording.scrub(reason)}` : ""}); reconnecting in ${delay} ms`,
    );
    const timer = this.#o.timers.setTimeout(() => {
      if (this.#state.kind !== "waiting") return;
      this.#connect();
    }, delay);
    this.#state = { kind: "waiting", timer };
  }

  #writeGap(reason: string): void {
    const down = this.#down;
    if (!down) return;
    this.#down = undefined;
    this.#o.recording.gap(
      `connection ${down.c} dropped; ${reason}`,
      down.c,
      this.#o.timers.now() - down.at,
    );
  }

  #connection(ws: WebSocketLike, c: () => number): LiveConnection {
    return {
      get c() {
        return c();
      },
      send: (text) => {
        if (ws.readyState !== 1 /* OPEN */) return;
        // Recorded before it leaves: the tape order is the order the client acted in.
        this.#o.recording.frame("send", c(), text);
        ws.send(text);
      },
      close: (code, reason) => ws.close(code, reason),
      fatal: (reason) => {
        const scrubbed = this.#o.recording.scrub(reason);
        this.#o.recording.mark("source stopped", { source: this.#o.name, reason: scrubbed });
        this.#o.log?.(`${this.#o.name}: ${scrubbed}; not reconnecting`);
        this.#closingLocally = true;
        this.#state = { kind: "stopped" };
        ws.close(1000, "tapedeck stopped");
        this.#o.onFatal?.(scrubbed);
      },
    };
  }
}

function toBuffer(data: Buffer | ArrayBuffer | Buffer[]): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

/** A URL without its query and credentials, for messages. */
function scrubUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return "the given URL";
  }
}
