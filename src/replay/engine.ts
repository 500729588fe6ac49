/**
 * The replay engine, pure: no sockets, no real time (a Timer is injected). A session is one
 * tape cursor and one clock shared by all of a client's sockets; a hub routes connections to
 * sessions (by the login their token came from, by an explicit key, one per connection, or one
 * for everybody). Transports (src/replay/server.ts, tests) hand it an {@link Outlet} per socket
 * and feed it the client's frames.
 */

import { parseMicros } from "../pnl/money.js";
import {
  FakeTradovateRest,
  type RestAnswer,
  type RestRequest,
} from "../protocols/tradovate/fake/rest.js";
import { parseJson } from "../protocols/tradovate/json.js";
import { SIM_DEFAULTS } from "../sim/index.js";
import { ORDER_ENTRY_ENDPOINTS } from "../sim/venue.js";
import type { Role } from "../tape/events.js";
import type { Outlet, ReplayConnection } from "./connection-base.js";
import { DEFAULTS } from "./defaults.js";
import type { EngineContext, EngineOptions, SessionCore, SessionMember } from "./engine-types.js";
import type { FiredFault } from "./faults.js";
import { Scheduler } from "./scheduler.js";
import { SessionClock, type Speed } from "./session-clock.js";
import { SimSession, type UserSocket } from "./sim-session.js";
import type { TapeIndex } from "./tape-index.js";
import { realTimer } from "./timer.js";
import { TmConnection } from "./tm-connection.js";
import { TradovateConnection } from "./tradovate-connection.js";

export type { Outlet, ReplayConnection } from "./connection-base.js";
export type { EngineOptions } from "./engine-types.js";

/** The Tradovate roles and Trade Manager, the roles a client can connect as. */
export type ReplayRole = Extract<Role, "trading" | "md" | "replay" | "trademanager">;

/** How clients are grouped into sessions when they give no explicit key. */
export type SessionMode = "token" | "connection" | "shared";

/** What a session reports about itself. */
export interface SessionStatus {
  key: string;
  speed: Speed;
  paused: boolean;
  /** Tape time in µs, undefined before anything played. */
  tapeUs: number | undefined;
  /** The tape time as an ISO timestamp. */
  tapeTime: string | undefined;
  connections: Array<{ name: string; framesSent: number }>;
  framesSent: number;
  pendingStreams: number;
  /** True while a slow client holds the session. */
  held: boolean;
}

/** A replay session: one clock and cursor for all of a client's sockets. */
export interface ReplaySession {
  readonly key: string;
  readonly clock: SessionClock;
  /** Connects a socket of `role` directly to this session. */
  connect(role: ReplayRole, out: Outlet): ReplayConnection;
  /** Repositions every stream at tape time `tapeUs` (µs since the tape start). */
  seek(tapeUs: number): void;
  /** Repositions at wall time `epochMs` of the recording (clamped to its start). */
  seekTime(epochMs: number): void;
  /** Repositions at the time of the event numbered `seq`; false if the tape has no such seq. */
  seekSeq(seq: number): boolean;
  status(): SessionStatus;
  /** Closes every connection and stops. */
  close(): void;
}

/** Fills engine option defaults. */
export function engineOptions(
  index: TapeIndex,
  partial: Partial<EngineOptions> = {},
): EngineOptions {
  return {
    timer: partial.timer ?? realTimer,
    speed: partial.speed ?? DEFAULTS.speed,
    loop: partial.loop ?? DEFAULTS.loop,
    batch: partial.batch ?? DEFAULTS.batch,
    silentTimeoutMs: partial.silentTimeoutMs ?? DEFAULTS.silentTimeoutMs,
    rejectTokens: partial.rejectTokens ?? false,
    heartbeatMs: partial.heartbeatMs ?? DEFAULTS.heartbeatMs,
    clockEventMs: partial.clockEventMs ?? DEFAULTS.clockEventMs,
    fromUs: partial.fromUs ?? 0,
    faults: partial.faults ?? [],
    faultSeed: partial.faultSeed ?? DEFAULTS.faultSeed,
    rest: partial.rest ?? new FakeTradovateRest({ rest: index.rest, snapshot: index.snapshot }),
    log: partial.log ?? (() => {}),
    onFault: partial.onFault ?? (() => {}),
    ...(partial.onLateness ? { onLateness: partial.onLateness } : {}),
    sim: partial.sim ?? { mode: "auto", settings: SIM_DEFAULTS, sendRecorded: false },
  };
}

function makeContext(options: EngineOptions): EngineContext {
  let ord = 0;
  return {
    options,
    timer: options.timer,
    nextOrd: () => ++ord,
    log: (line) => options.log(line),
    fault: (f: FiredFault) => {
      options.log(`fault ${f.kind} on ${f.role ?? "server"}#${f.conn}: ${f.detail}`);
      options.onFault(f);
    },
  };
}

/** How long a session with a simulated account outlives its last socket, ms. */
export const SIM_KEEP_MS = 60_000;

class Session implements SessionCore, ReplaySession {
  readonly key: string;
  readonly index: TapeIndex;
  readonly clock: SessionClock;
  readonly scheduler: Scheduler;
  readonly #ctx: EngineContext;
  readonly #members = new Set<SessionMember>();
  readonly #uses = new Map<string, number>();
  readonly #onEmpty: (s: Session) => void;
  #chartId: number = DEFAULTS.firstChartId;
  #sim: SimSession | undefined;
  #keep: ReturnType<EngineContext["timer"]["setTimeout"]> | undefined;
  initialBalance: number | undefined;
  readonly userSockets = new Set<UserSocket>();

  constructor(
    key: string,
    index: TapeIndex,
    clock: SessionClock,
    ctx: EngineContext,
    onEmpty: (s: Session) => void,
  ) {
    this.key = key;
    this.index = index;
    this.clock = clock;
    this.#ctx = ctx;
    this.#onEmpty = onEmpty;
    this.scheduler = new Scheduler(clock, {
      loop: ctx.options.loop,
      loopSpanUs: index.lastT - Math.max(index.firstT, ctx.options.fromUs),
      fromUs: ctx.options.fromUs,
      perItem: !ctx.options.batch,
      onError: (_stream, err) => this.#failed(err),
      ...(ctx.options.onLateness ? { onLateness: ctx.options.onLateness } : {}),
    });
  }

  /** A recorded frame could not be read (the tape changed under the server): this session ends. */
  #failed(err: unknown): void {
    const why = err instanceof Error ? err.message : String(err);
    this.#ctx.log(`session ${this.key}: ${why}`);
    // A WebSocket close reason holds at most 123 bytes.
    const reason = Buffer.from(`tape unreadable: ${why}`).subarray(0, 120).toString("utf8");
    for (const m of [...this.#members]) m.close(1011, reason.replace(/\uFFFD+$/, ""));
  }

  get simActive(): boolean {
    return this.#sim !== undefined || this.#ctx.options.sim.mode === "on";
  }

  simulator(start: boolean): SimSession | undefined {
    const mode = this.#ctx.options.sim.mode;
    if (this.#sim || mode === "off" || !(start || mode === "on")) return this.#sim;
    const dollars = this.initialBalance;
    const cash = dollars === undefined ? undefined : parseMicros(dollars);
    this.#sim = new SimSession(this, this.#ctx, this.#ctx.options.sim, cash ?? undefined);
    const { fillModel, latencyUs } = this.#ctx.options.sim.settings;
    this.#ctx.log(
      `session ${this.key}: simulating orders (fill model ${fillModel}, latency ${latencyUs / 1000} ms)`,
    );
    return this.#sim;
  }

  attach(member: SessionMember): void {
    this.#members.add(member);
    if (this.#keep !== undefined) this.#ctx.timer.clearTimeout(this.#keep);
    this.#keep = undefined;
  }

  detach(member: SessionMember): void {
    this.#members.delete(member);
    if (this.#members.size !== 0) return;
    if (this.#sim) {
      // A simulated account outlives a reconnect: its orders keep working on the session clock
      // and a client that comes back within the grace period resynchronises with it.
      this.scheduler.remove((s) => !s.tag?.startsWith("sim:"));
      this.#keep = this.#ctx.timer.setTimeout(() => {
        this.#keep = undefined;
        if (this.#members.size > 0) return;
        this.scheduler.remove(() => true);
        this.#onEmpty(this);
      }, SIM_KEEP_MS);
      return;
    }
    // Nobody left to play to; a hub forgets the session, a standalone one can be rejoined.
    this.scheduler.remove(() => true);
    this.#onEmpty(this);
  }

  nextChartId(): number {
    return this.#chartId++;
  }

  use(key: string): number {
    const n = this.#uses.get(key) ?? 0;
    this.#uses.set(key, n + 1);
    return n;
  }

  connect(role: ReplayRole, out: Outlet): ReplayConnection {
    return connectTo(this.#ctx, role, out, () => this);
  }

  seek(tapeUs: number): void {
    this.scheduler.seek(tapeUs);
  }

  seekTime(epochMs: number): void {
    this.seek(Math.max(0, Math.round((epochMs - this.index.startedMs) * 1000)));
  }

  seekSeq(seq: number): boolean {
    const t = this.index.timeOfSeq(seq);
    if (t === undefined) return false;
    this.seek(t);
    return true;
  }

  status(): SessionStatus {
    const { speed, paused, tapeUs } = this.clock.state();
    const members = [...this.#members];
    return {
      key: this.key,
      speed,
      paused,
      tapeUs,
      tapeTime:
        tapeUs === undefined
          ? undefined
          : new Date(this.index.startedMs + tapeUs / 1000).toISOString(),
      connections: members.map((m) => ({ name: m.name, framesSent: m.framesSent })),
      framesSent: this.scheduler.sent,
      pendingStreams: this.scheduler.pending,
      held: this.scheduler.held,
    };
  }

  close(): void {
    for (const m of [...this.#members]) m.close(1001, "replay server closing");
    if (this.#keep !== undefined) this.#ctx.timer.clearTimeout(this.#keep);
    this.scheduler.close();
  }
}

function connectTo(
  ctx: EngineContext,
  role: ReplayRole,
  out: Outlet,
  session: (key: string) => SessionCore,
): ReplayConnection {
  if (role === "trademanager") return new TmConnection(ctx, out, (user) => session(`tm:${user}`));
  return new TradovateConnection(ctx, role, out, (token) => session(token));
}

/**
 * A single session over `index` with its own clock: the engine with no routing, for tests and
 * for embedding. Every `connect` joins it.
 */
export function createReplaySession(
  index: TapeIndex,
  clock: SessionClock,
  options: Partial<EngineOptions> = {},
): ReplaySession {
  const ctx = makeContext(engineOptions(index, { ...options, timer: clock.timer }));
  return new Session("session", index, clock, ctx, () => {});
}

/** Routes many clients to sessions. */
export interface ReplayHub {
  readonly options: EngineOptions;
  /**
   * Connects a socket. With `key`, it joins that session; otherwise `mode` decides: "token" (the
   * login its authorize token came from: a client's trading and md sockets share a session),
   * "connection" (its own), "shared" (one for all).
   */
  connect(role: ReplayRole, out: Outlet, key?: string): ReplayConnection;
  sessions(): ReplaySession[];
  /**
   * Answers a REST request from the simulated account of the bearer's session (order entry
   * starts it), or undefined when the request is not the simulator's.
   */
  simRest(req: RestRequest): RestAnswer | undefined;
  /** Closes every session. */
  close(): void;
}

/** Creates a hub over one tape. */
export function createReplayHub(
  index: TapeIndex,
  mode: SessionMode,
  options: Partial<EngineOptions> = {},
): ReplayHub {
  const opts = engineOptions(index, options);
  const ctx = makeContext(opts);
  const sessions = new Map<string, Session>();
  let anon = 0;
  const sessionFor = (key: string): Session => {
    let s = sessions.get(key);
    if (!s) {
      s = new Session(key, index, new SessionClock(opts.timer, opts.speed), ctx, (gone) => {
        if (sessions.get(gone.key) === gone) sessions.delete(gone.key);
      });
      sessions.set(key, s);
    }
    return s;
  };
  return {
    options: opts,
    connect(role, out, key) {
      const fixed =
        key ??
        (mode === "shared" ? "shared" : mode === "connection" ? `conn:${++anon}` : undefined);
      return connectTo(ctx, role, out, (natural) => {
        if (fixed !== undefined) return sessionFor(fixed);
        // Tokens from one login share a group; unknown tokens (placeholders, anything) key by themselves.
        const group =
          role === "trademanager" ? natural : (opts.rest.tokens.get(natural)?.group ?? natural);
        return sessionFor(group);
      });
    },
    sessions: () => [...sessions.values()],
    simRest(req) {
      if (opts.sim.mode === "off") return undefined;
      const entry = ORDER_ENTRY_ENDPOINTS.has(req.path);
      const bearer = req.bearer;
      if (bearer === undefined || !opts.rest.tokens.isValid(bearer)) return undefined;
      const key = mode === "shared" ? "shared" : (opts.rest.tokens.get(bearer)?.group ?? bearer);
      const s = entry ? sessionFor(key) : sessions.get(key);
      const sim = s?.simulator(entry);
      if (!sim?.venue.handles(req.path)) return undefined;
      let body: unknown;
      if (req.body.trim() !== "") {
        const parsed = parseJson(req.body);
        if (!parsed.ok) return { status: 400, body: JSON.stringify("Invalid JSON: not JSON") };
        body = parsed.value;
      }
      const a = sim.venue.request(req.path, req.query, body);
      sim.send(a.events);
      return { status: a.status, body: JSON.stringify(a.d) };
    },
    close() {
      for (const s of [...sessions.values()]) s.close();
      sessions.clear();
    },
  };
}
