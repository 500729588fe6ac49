/**
 * The replay engine as the in-process adapters (msw, mock-socket, nock) use it: one tape, one
 * hub, a virtual clock the test moves explicitly, and the fake REST API sharing the hub's tokens.
 * Nothing here opens a port or reads the real clock.
 */
import { InputError } from "../errors.js";
import type { RestAnswer } from "../protocols/tradovate/fake/rest.js";
import {
  createReplayHub,
  type ReplayHub,
  type ReplayRole,
  type SessionMode,
} from "../replay/engine.js";
import { type FaultSpec, parseFault } from "../replay/faults.js";
import type { Speed } from "../replay/session-clock.js";
import { type SimConfig, simOptions } from "../replay/sim-session.js";
import { loadTapeIndex, normaliseQuery, restPath, type TapeIndex } from "../replay/tape-index.js";
import { VirtualTimer } from "../replay/timer.js";

/** Where the application under test connects: Tradovate's and Trade Manager's own URLs by default. */
export interface TapeUrls {
  readonly trading: string;
  readonly md: string;
  readonly replay: string;
  readonly trademanager: string;
  /** REST base, ending in `/v1`. */
  readonly rest: string;
}

/** Tradovate demo and Trade Manager, as the recorded clients used them. */
export const DEFAULT_TAPE_URLS: TapeUrls = {
  trading: "wss://demo.tradovateapi.com/v1/websocket",
  md: "wss://md.tradovateapi.com/v1/websocket",
  replay: "wss://replay.tradovateapi.com/v1/websocket",
  trademanager: "wss://trademanagergroup.com:5000/ws",
  rest: "https://demo.tradovateapi.com/v1",
};

/** Options shared by the adapters. */
export interface TapeEngineOptions {
  /** Default "max": frames go out as soon as the clock is moved at all (`flush()`). */
  readonly speed?: Speed;
  /** Fault specs or their CLI text. */
  readonly faults?: ReadonlyArray<FaultSpec | string>;
  readonly faultSeed?: number;
  /** Default "shared": every socket of the test joins one session. */
  readonly sessionMode?: SessionMode;
  /** Replace any of the URLs the adapter answers on. */
  readonly urls?: Partial<TapeUrls>;
  /**
   * Order simulation, as `startReplayServer`'s `sim` option (default: from the first order the
   * code under test places, touch fills, no latency). Its latency and fills follow the virtual
   * clock like every replayed frame.
   */
  readonly sim?: SimConfig;
}

/** A tape ready to serve in-process. */
export interface TapeEngine {
  readonly index: TapeIndex;
  readonly hub: ReplayHub;
  /** The clock every replayed frame is timed by; only the test moves it. */
  readonly timer: VirtualTimer;
  readonly urls: TapeUrls;
  /** Answers a REST request the way the replay server does (order entry: the simulator). */
  rest(method: string, url: string, body: string, authorization?: string | null): RestAnswer;
  /**
   * Sends everything already due (at max speed: the whole stream a request started), then lets
   * one event-loop turn pass so transports that deliver in microtasks (msw) have delivered.
   */
  flush(): Promise<void>;
  /** Moves the clock `ms` forward, sending what falls due on the way; then as `flush`. */
  advance(ms: number): Promise<void>;
  /** Closes every session. */
  close(): void;
}

/** Loads `tape` (a path or an index) and builds its engine. */
export async function tapeEngine(
  tape: string | TapeIndex,
  options: TapeEngineOptions = {},
): Promise<TapeEngine> {
  const index = typeof tape === "string" ? await loadTapeIndex(tape) : tape;
  const timer = new VirtualTimer();
  const faults = (options.faults ?? []).map((f) => {
    if (typeof f !== "string") return f;
    const spec = parseFault(f);
    if (typeof spec === "string") throw new InputError(`fault: ${spec}`);
    return spec;
  });
  const sim = simOptions(options.sim);
  const hub = createReplayHub(index, options.sessionMode ?? "shared", {
    timer,
    speed: options.speed ?? "max",
    faults,
    faultSeed: options.faultSeed ?? 1,
    silentTimeoutMs: 0,
    sim,
  });
  const urls = { ...DEFAULT_TAPE_URLS, ...options.urls };
  return {
    index,
    hub,
    timer,
    urls,
    rest(method, url, body, authorization) {
      const u = new URL(url);
      const bearer = authorization?.toLowerCase().startsWith("bearer ")
        ? authorization.slice(7).trim()
        : undefined;
      const req = {
        method: method.toUpperCase(),
        path: restPath(u.pathname),
        query: normaliseQuery(u.search),
        body,
        ...(bearer === undefined ? {} : { bearer }),
      };
      // Order entry (and, once it runs, the account's reads) go to the simulated account first,
      // as on the replay server.
      return hub.simRest(req) ?? hub.options.rest.handle(req);
    },
    async flush() {
      // Only what is due now: heartbeats and later frames wait for advance().
      timer.runUntilIdle(1_000_000, timer.now());
      await oneTurn();
    },
    async advance(ms) {
      timer.advance(ms);
      await oneTurn();
    },
    close() {
      hub.close();
      if (typeof tape === "string") index.close();
    },
  };
}

/** One turn of the event loop: microtasks, then I/O. */
function oneTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** The role a socket URL belongs to, by comparing with the engine's URLs (scheme, host, path). */
export function roleOfUrl(urls: TapeUrls, url: string): ReplayRole | undefined {
  const norm = (u: string) => {
    const p = new URL(u);
    return `${p.protocol}//${p.host}${p.pathname.replace(/\/+$/, "").toLowerCase()}`;
  };
  const want = norm(url);
  for (const role of ["trading", "md", "replay", "trademanager"] as const) {
    if (norm(urls[role]) === want) return role;
  }
  return undefined;
}
