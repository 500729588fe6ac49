/**
 * Steers a run as it happens: a burst (full speed) once the client subscribes to market data,
 * a drop of its sockets after the trading socket has been authorized a while, then refusing
 * its first reconnects so the delays between attempts show its backoff. In the maintenance run
 * it refuses every reconnect after the `shutdown`. Decides when a run has seen enough.
 */

import { parseClientFrame } from "../protocols/tradovate/requests.js";
import { handleControl } from "../replay/control.js";
import type { ReplayRole } from "../replay/engine.js";
import type { ReplayServer } from "../replay/server.js";
import type { Role } from "../tape/events.js";
import type { ObservationLog, Observed } from "./observation.js";
import type { RunPlan } from "./plan.js";
import type { RunKind, StageName } from "./verdict.js";

/** Refused reconnects after which a maintenance run has seen enough hammering. */
const HAMMER_ENOUGH = 40;

/** The steering of one run. */
export class Steering {
  readonly #log: ObservationLog;
  readonly #plan: RunPlan;
  readonly #stages: ReadonlySet<StageName>;
  readonly #kind: RunKind;
  /** When the cue of a dedicated run came (the shutdown, the captcha), ms. */
  #cueMs: number | undefined;
  #server: ReplayServer | undefined;
  readonly #timers: NodeJS.Timeout[] = [];
  /** Open Tradovate sockets: ordinal -> role. */
  readonly #open = new Map<number, Role>();
  #burst = false;
  #dropScheduled = false;
  #droppedAt: number | undefined;
  /** Per dropped role: reconnects still to refuse, and the reconnected socket's open time. */
  readonly #refusals = new Map<Role, number>();
  readonly #back = new Map<Role, number>();
  #expiryMs: number | undefined;
  #renewed = false;
  #refusedAll = 0;
  /** When the client first reached the server (a socket or a REST call), ms. */
  #contactMs: number | undefined;

  constructor(log: ObservationLog, plan: RunPlan, stages: readonly StageName[], kind: RunKind) {
    this.#kind = kind;
    this.#log = log;
    this.#plan = plan;
    this.#stages = new Set(stages);
  }

  /** Hands over the server once it listens. */
  attach(server: ReplayServer): void {
    this.#server = server;
  }

  /** Sees every observed event. */
  onEvent(e: Observed): void {
    if (e.k === "open" || e.k === "http" || e.k === "refused") this.#contactMs ??= e.ms;
    switch (e.k) {
      case "open":
        this.#open.set(e.conn, e.role);
        if (this.#droppedAt !== undefined && this.#refusals.has(e.role) && !this.#back.has(e.role))
          this.#back.set(e.role, e.ms);
        return;
      case "close":
        this.#open.delete(e.conn);
        return;
      case "send":
        this.#onSend(e.conn, e.text);
        return;
      case "http":
        this.#onHttp(e);
        return;
      case "fault":
        if (e.kind === "shutdown") this.#cueMs ??= e.ms;
        return;
      default:
        return;
    }
  }

  #onSend(conn: number, text: string): void {
    const role = this.#open.get(conn);
    if (role === undefined) return;
    const f = parseClientFrame(text);
    // A rejected-token run is watched from the first refusal, not from the start: a client
    // process on a loaded machine can take seconds to connect at all.
    if (this.#kind === "rejected-token" && f.kind === "authorize") this.#cueMs ??= this.#log.now();
    if (this.#kind !== "main") return;
    if (
      !this.#burst &&
      f.kind === "request" &&
      (f.endpointKey.startsWith("md/subscribe") || f.endpointKey === "md/getchart")
    ) {
      this.#burst = true;
      this.#later(this.#plan.burstAfterMs, () => {
        if (!this.#server) return;
        handleControl(this.#server.hubs, "POST", "/speed", '{"speed":"max"}');
        this.#log.add({ k: "steer", action: "burst", detail: "every session to full speed" });
      });
    }
    if (
      f.kind === "authorize" &&
      (role === "trading" || role === "replay") &&
      this.#stages.has("reconnect") &&
      !this.#dropScheduled
    ) {
      this.#dropScheduled = true;
      this.#later(this.#plan.dropAfterMs, () => this.#drop());
    }
  }

  #onHttp(e: Extract<Observed, { k: "http" }>): void {
    if (e.path === "auth/renewaccesstoken" && e.status === 200) this.#renewed = true;
    if (e.res.includes('"p-captcha":true')) this.#cueMs ??= e.ms;
    if (e.path !== "auth/accesstokenrequest" || this.#expiryMs !== undefined) return;
    const m = /"expirationTime":"([^"]+)"/.exec(e.res);
    const at = m ? Date.parse(m[1]!) : Number.NaN;
    if (Number.isFinite(at)) this.#expiryMs = e.ms + (at - e.wallMs);
  }

  #drop(): void {
    if (!this.#server) return;
    for (const [conn, role] of [...this.#open]) {
      if (role === "trademanager") continue;
      this.#refusals.set(role, this.#plan.refuse);
      this.#log.add({
        k: "steer",
        action: "drop",
        conn,
        role,
        detail: "dropped without a close frame (1006)",
      });
      this.#server.drop(conn, 1006);
    }
    this.#droppedAt = this.#log.now();
  }

  /** The server's upgrade gate: refuses the first reconnects of a dropped role. */
  admit(role: ReplayRole, url: string): boolean {
    if (this.#kind === "maintenance" && this.#cueMs !== undefined) {
      this.#refusedAll++;
      this.#log.add({ k: "refused", role, url });
      return false;
    }
    const left = this.#refusals.get(role);
    if (left === undefined || left <= 0) return true;
    this.#refusals.set(role, left - 1);
    this.#log.add({ k: "refused", role, url });
    return false;
  }

  /** True once every selected stage has seen what it needs. */
  done(): boolean {
    const now = this.#log.now();
    const { watchMs } = this.#plan;
    // Without its cue a dedicated run waits from the client's first contact, not from the
    // run's start: a client process on a loaded machine can take seconds to connect at all.
    // One that never connects runs into the overall timeout.
    const since = (ms: number) => this.#contactMs !== undefined && now >= this.#contactMs + ms;
    switch (this.#kind) {
      case "maintenance":
        // A client that hammers has shown it; more attempts only load the machine.
        if (this.#refusedAll >= HAMMER_ENOUGH) return true;
        return this.#cueMs !== undefined
          ? now >= this.#cueMs + watchMs
          : since(this.#plan.maintenanceAtMs + 2 * watchMs);
      case "captcha":
        return this.#cueMs !== undefined ? now >= this.#cueMs + watchMs : since(2 * watchMs);
      case "rejected-token":
        return this.#cueMs !== undefined ? now >= this.#cueMs + watchMs : since(4 * watchMs);
      case "main":
        break;
    }
    if (now < this.#plan.minRunMs) return false;
    if (this.#stages.has("reconnect")) {
      if (this.#droppedAt === undefined) return false;
      const waited = now - this.#droppedAt >= this.#plan.reconnectWaitMs;
      const settled = [...this.#refusals.keys()].every((role) => {
        const back = this.#back.get(role);
        return back !== undefined && now - back >= this.#plan.settleMs;
      });
      if (!settled && !waited) return false;
    }
    if (this.#stages.has("tokens") && !this.#renewed && this.#expiryMs !== undefined) {
      if (now < this.#expiryMs + 500) return false;
    }
    return true;
  }

  #later(ms: number, f: () => void): void {
    this.#timers.push(setTimeout(f, ms));
  }

  /** Cancels pending steering. */
  stop(): void {
    for (const t of this.#timers) clearTimeout(t);
  }
}
