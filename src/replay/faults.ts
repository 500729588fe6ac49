/**
 * The faults of one connection, fired from a seeded PRNG (the plan's syntax and types live in
 * fault-spec.ts): per-frame faults on streamed frames, timed faults from the connection's open.
 */

import { mixSeed, type Random, seededRandom } from "../random.js";
import type { Role } from "../tape/events.js";
import type { FaultKind, FaultSpec, FiredFault } from "./fault-spec.js";
import type { Timer, TimerHandle } from "./timer.js";

export * from "./fault-spec.js";

/** What the faults of one connection act on. */
export interface FaultHost {
  /** Sends a frame now, bypassing faults. */
  sendRaw(frame: string): void;
  /** Closes (1006: drops the socket without a close frame). */
  close(code: number, reason: string): void;
  /** Sends a Tradovate `shutdown` event (other protocols: ignored). */
  shutdown(reasonCode: string): void;
  /** Holds every outgoing frame for `ms`. */
  stall(ms: number): void;
}

/** The faults of one connection. */
export class ConnectionFaults {
  readonly #specs: FaultSpec[];
  readonly #random: Random;
  readonly #timer: Timer;
  readonly #host: FaultHost;
  readonly #report: (f: FiredFault) => void;
  readonly #ord: number;
  readonly #role: Role;
  readonly #timers: TimerHandle[] = [];
  #held: string | undefined;
  #frames = 0;
  #stopped = false;

  constructor(opts: {
    specs: readonly FaultSpec[];
    seed: number;
    ord: number;
    role: Role;
    timer: Timer;
    host: FaultHost;
    report: (f: FiredFault) => void;
  }) {
    this.#specs = opts.specs.filter(
      (s) => s.kind !== "token-expiry" && (s.role === undefined || s.role === opts.role),
    );
    this.#random = seededRandom(mixSeed(opts.seed, opts.ord));
    this.#timer = opts.timer;
    this.#host = opts.host;
    this.#report = opts.report;
    this.#ord = opts.ord;
    this.#role = opts.role;
    for (const s of this.#specs) {
      if (s.at === undefined) continue;
      this.#timers.push(this.#timer.setTimeout(() => this.#fireAt(s), s.at));
    }
  }

  /** True when the plan touches this connection at all. */
  get active(): boolean {
    return this.#specs.length > 0;
  }

  #fire(kind: FaultKind, detail: string): void {
    this.#report({ kind, conn: this.#ord, role: this.#role, detail });
  }

  #fireAt(s: FaultSpec): void {
    if (this.#stopped) return;
    switch (s.kind) {
      case "disconnect":
        this.#fire("disconnect", `at ${s.at} ms, code ${s.code ?? 1006}`);
        this.#host.close(s.code ?? 1006, s.reason ?? "tapedeck fault");
        return;
      case "shutdown": {
        const reason = s.reason ?? "Maintenance";
        this.#fire("shutdown", `at ${s.at} ms, ${reason}`);
        this.#host.shutdown(reason);
        if (s.code !== undefined) this.#host.close(s.code, reason);
        return;
      }
      case "stall":
        this.#fire("stall", `at ${s.at} ms for ${s.ms} ms`);
        this.#host.stall(s.ms ?? 0);
        return;
      default:
        return;
    }
  }

  /** Counts a frame sent on the connection; fires `disconnect:after=N`. */
  counted(): void {
    this.#frames++;
    for (const s of this.#specs) {
      if (s.kind === "disconnect" && s.after !== undefined && this.#frames === s.after) {
        this.#fire("disconnect", `after ${s.after} frames, code ${s.code ?? 1006}`);
        this.#host.close(s.code ?? 1006, s.reason ?? "tapedeck fault");
        return;
      }
    }
  }

  /** Passes one streamed frame through the per-frame faults. */
  data(frame: string): void {
    let out: string[] = [frame];
    for (const s of this.#specs) {
      if (s.p === undefined && s.kind !== "delay") continue;
      if (!["delay", "duplicate", "reorder", "drop", "corrupt"].includes(s.kind)) continue;
      if (this.#random() >= (s.p ?? 1)) continue;
      switch (s.kind) {
        case "drop":
          this.#fire("drop", `dropped ${preview(frame)}`);
          out = [];
          break;
        case "duplicate":
          this.#fire("duplicate", `duplicated ${preview(frame)}`);
          out = [...out, ...out];
          break;
        case "corrupt":
          this.#fire("corrupt", `corrupted ${preview(frame)}`);
          out = out.map((f) => corrupt(f, this.#random));
          break;
        case "delay": {
          this.#fire("delay", `delayed ${preview(frame)} by ${s.ms} ms`);
          const later = out;
          out = [];
          this.#timers.push(
            this.#timer.setTimeout(() => {
              if (!this.#stopped) for (const f of later) this.#host.sendRaw(f);
            }, s.ms ?? 0),
          );
          break;
        }
        case "reorder":
          if (this.#held === undefined && out.length > 0) {
            this.#fire("reorder", `held ${preview(frame)} back one frame`);
            this.#held = out.shift();
          }
          break;
      }
    }
    for (const f of out) {
      this.#host.sendRaw(f);
      if (this.#held !== undefined && f !== this.#held) {
        const held = this.#held;
        this.#held = undefined;
        this.#host.sendRaw(held);
      }
    }
  }

  /** Cancels pending timed faults. */
  stop(): void {
    this.#stopped = true;
    for (const h of this.#timers) this.#timer.clearTimeout(h);
  }
}

/** A frame cut short at a random point, with a stray byte: what a broken proxy might deliver. */
export function corrupt(frame: string, random: Random): string {
  const cut = Math.max(1, Math.floor(random() * frame.length));
  return `${frame.slice(0, cut)}\u0000`;
}

function preview(frame: string): string {
  return JSON.stringify(frame.length > 40 ? `${frame.slice(0, 37)}...` : frame);
}
