/**
 * What every replayed socket shares, whatever its protocol: the outlet to the transport, the
 * fault plan, stalls, the silent-client timeout, UTF-8 and binary checks, and clean closing.
 */
import type { Role } from "../tape/events.js";
import type { EngineContext, SessionCore } from "./engine-types.js";
import { ConnectionFaults } from "./faults.js";
import type { StreamItem, StreamTarget } from "./scheduler.js";
import type { TimerHandle } from "./timer.js";

/** Where a connection's frames go: a websocket, or a test's array. */
export interface Outlet {
  send(frame: string | Uint8Array): void;
  /** Closes the socket; code 1006 means drop it without a close frame. */
  close(code: number, reason: string): void;
  /** True while the transport's send buffer is over its bound. */
  backpressured(): boolean;
  /**
   * Holds writes until {@link uncork}, so frames sent together reach the kernel in one write
   * (optional: transports without a socket ignore it).
   */
  cork?(): void;
  uncork?(): void;
}

/** A client connection as the transport sees it. */
export interface ReplayConnection {
  readonly role: Role;
  /** 1, 2, ... in order of connection on this server. */
  readonly ord: number;
  /** A frame from the client; `isBinary` for binary frames. */
  receive(data: string | Uint8Array, isBinary: boolean): void;
  /** The transport closed (either side). */
  closed(): void;
  /** The transport's send buffer drained: frames may flow again. */
  drained(): void;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Base of the Tradovate and Trade Manager connections. */
export abstract class ConnectionBase implements ReplayConnection, StreamTarget {
  readonly role: Role;
  readonly ord: number;
  protected readonly ctx: EngineContext;
  protected readonly out: Outlet;
  protected session: SessionCore | undefined;
  protected readonly faults: ConnectionFaults;
  #closed = false;
  #stallUntil = 0;
  #stalled: string[] = [];
  #stallTimer: TimerHandle | undefined;
  #silentTimer: TimerHandle | undefined;
  protected lastSent: number;
  #lastReceived: number;
  /** Frames sent (for status). */
  framesSent = 0;

  constructor(ctx: EngineContext, role: Role, out: Outlet) {
    this.ctx = ctx;
    this.role = role;
    this.out = out;
    this.ord = ctx.nextOrd();
    this.lastSent = ctx.timer.now();
    this.#lastReceived = ctx.timer.now();
    this.faults = new ConnectionFaults({
      specs: ctx.options.faults,
      seed: ctx.options.faultSeed,
      ord: this.ord,
      role,
      timer: ctx.timer,
      report: (f) => ctx.fault(f),
      host: {
        sendRaw: (f) => this.sendRaw(f),
        close: (code, reason) => this.close(code, reason),
        shutdown: (reason) => this.shutdown(reason),
        stall: (ms) => this.#stall(ms),
      },
    });
    this.#armSilent();
  }

  /** True while a stall fault holds the connection's frames. */
  protected get stalled(): boolean {
    return this.ctx.timer.now() < this.#stallUntil;
  }

  get isClosed(): boolean {
    return this.#closed;
  }

  /** Handles a text frame from the client. */
  protected abstract text(text: string): void;
  /** Sends streamed items. */
  abstract deliver(items: readonly StreamItem[]): void;
  /** The frame that goes before a server-initiated close, if the protocol has one. */
  protected closeFrame(_code: number, _reason: string): string | undefined {
    return undefined;
  }
  /** A shutdown announcement (Tradovate only). */
  protected shutdown(_reason: string): void {}

  receive(data: string | Uint8Array, isBinary: boolean): void {
    if (this.#closed) return;
    this.#lastReceived = this.ctx.timer.now();
    if (isBinary) {
      this.ctx.log(`${this.name}: binary frame refused (${data.length} bytes)`);
      this.close(1003, "binary frames are not supported");
      return;
    }
    let text: string;
    if (typeof data === "string") text = data;
    else {
      try {
        text = utf8.decode(data);
      } catch {
        this.ctx.log(`${this.name}: text frame is not valid UTF-8`);
        this.close(1007, "invalid UTF-8");
        return;
      }
    }
    this.text(text);
  }

  /** `md#3`: the role and ordinal, for logs. */
  get name(): string {
    return `${this.role}#${this.ord}`;
  }

  cork(): void {
    this.out.cork?.();
  }

  uncork(): void {
    this.out.uncork?.();
  }

  backpressured(): boolean {
    return this.#closed || this.out.backpressured() || this.ctx.timer.now() < this.#stallUntil;
  }

  drained(): void {
    this.session?.scheduler.kick();
  }

  /** Sends a control frame (open, heartbeat, a reply): not subject to per-frame faults. */
  protected emit(frame: string): void {
    this.sendRaw(frame);
  }

  /** Sends a streamed frame through the per-frame faults. */
  protected emitData(frame: string): void {
    if (this.#closed) return;
    this.faults.data(frame);
  }

  protected sendRaw(frame: string): void {
    if (this.#closed) return;
    if (this.ctx.timer.now() < this.#stallUntil) {
      this.#stalled.push(frame);
      return;
    }
    this.out.send(frame);
    this.framesSent++;
    this.lastSent = this.ctx.timer.now();
    this.faults.counted();
  }

  #stall(ms: number): void {
    this.#stallUntil = this.ctx.timer.now() + ms;
    if (this.#stallTimer) this.ctx.timer.clearTimeout(this.#stallTimer);
    this.#stallTimer = this.ctx.timer.setTimeout(() => {
      this.#stallUntil = 0;
      const held = this.#stalled;
      this.#stalled = [];
      for (const f of held) this.sendRaw(f);
      this.session?.scheduler.kick();
    }, ms);
  }

  #armSilent(): void {
    const limit = this.ctx.options.silentTimeoutMs;
    if (!(limit > 0)) return;
    const due = this.#lastReceived + limit - this.ctx.timer.now();
    this.#silentTimer = this.ctx.timer.setTimeout(
      () => {
        if (this.#closed) return;
        if (this.ctx.timer.now() - this.#lastReceived >= limit) {
          this.ctx.log(`${this.name}: client silent for ${limit} ms, closing`);
          this.close(1000, "client silent");
        } else this.#armSilent();
      },
      Math.max(0, due),
    );
  }

  /** Server-initiated close: the protocol's close frame (if any), then the socket. */
  close(code: number, reason: string): void {
    if (this.#closed) return;
    const frame = code === 1006 ? undefined : this.closeFrame(code, reason);
    if (frame !== undefined) this.sendRaw(frame);
    this.out.close(code, reason);
    this.closed();
  }

  /** The transport closed: stop everything this connection runs. */
  closed(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.faults.stop();
    for (const h of [this.#silentTimer, this.#stallTimer]) if (h) this.ctx.timer.clearTimeout(h);
    this.stopTimers();
    this.session?.detach(this);
  }

  /** Subclasses cancel their own timers here. */
  protected stopTimers(): void {}
}
