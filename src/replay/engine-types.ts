/** Types shared by the engine's parts: options, the per-server context, the session core. */
import type { FakeTradovateRest } from "../protocols/tradovate/fake/rest.js";
import type { Role } from "../tape/events.js";
import type { FaultSpec, FiredFault } from "./faults.js";
import type { Scheduler } from "./scheduler.js";
import type { SessionClock, Speed } from "./session-clock.js";
import type { SimOptions, SimSession, UserSocket } from "./sim-session.js";
import type { TapeIndex } from "./tape-index.js";
import type { Timer } from "./timer.js";

/** Engine settings; every field has a default in `defaults.ts`. */
export interface EngineOptions {
  timer: Timer;
  speed: Speed;
  loop: boolean;
  /** Group messages that fall due together into one `a[...]` frame (default: one per frame). */
  batch: boolean;
  /** Refuse every socket authorize with 401 (conform's rejected-token run). */
  rejectTokens: boolean;
  /** Close a client that sent nothing for this long, ms (0: never). */
  silentTimeoutMs: number;
  /** Server heartbeat period while idle, ms. */
  heartbeatMs: number;
  /** Replay-socket `clock` event period, ms. */
  clockEventMs: number;
  /** Tape time (µs) sessions start at; frames recorded before it are not played (default 0). */
  fromUs: number;
  faults: readonly FaultSpec[];
  faultSeed: number;
  /** The fake REST API (shared by all sessions: it issues and checks the tokens). */
  rest: FakeTradovateRest;
  /** One line per notable thing (ignored frames, closes). */
  log: (line: string) => void;
  /** Every fired fault. */
  onFault: (f: FiredFault) => void;
  /** How late each frame went out at a numeric speed, timer ms (for benchmarks; optional). */
  onLateness?: (ms: number) => void;
  /** Order simulation: when it runs and how it fills (docs/replay.md, "Simulated orders"). */
  sim: SimOptions;
}

/** What a hub shares with its connections. */
export interface EngineContext {
  readonly options: EngineOptions;
  readonly timer: Timer;
  nextOrd(): number;
  log(line: string): void;
  fault(f: FiredFault): void;
}

/** A member of a session, as the session sees it. */
export interface SessionMember {
  readonly role: Role;
  readonly ord: number;
  readonly name: string;
  framesSent: number;
  close(code: number, reason: string): void;
}

/** The state of one replay session that connections use. */
export interface SessionCore {
  readonly key: string;
  readonly index: TapeIndex;
  readonly clock: SessionClock;
  readonly scheduler: Scheduler;
  attach(member: SessionMember): void;
  detach(member: SessionMember): void;
  /** Next chart subscription id for charts the tape never saw. */
  nextChartId(): number;
  /** How many times this session has used a recorded exchange key so far (then counts it). */
  use(key: string): number;
  /** The session's simulator, started on first use; undefined when simulation is off. */
  simulator(start: boolean): SimSession | undefined;
  /** True when the session serves a simulated account (the recorded one's events are held back). */
  readonly simActive: boolean;
  /** Sockets that synced user data: where the simulator's events go. */
  readonly userSockets: Set<UserSocket>;
  /** `replay/initializeclock`'s `initialBalance`, dollars, for a simulator started later. */
  initialBalance: number | undefined;
}
