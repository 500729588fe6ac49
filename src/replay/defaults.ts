/** Every default of the replay server in one place. */
import { HEARTBEAT_MS } from "../protocols/tradovate/fake/socket.js";

/** The replay server's defaults (CLI flags and library options fall back to these). */
export const DEFAULTS = {
  host: "127.0.0.1",
  speed: 1,
  loop: false,
  batch: false,
  heartbeatMs: HEARTBEAT_MS,
  /** Generous: real clients heartbeat every 2.5 s, the web app pings every 25 s. */
  silentTimeoutMs: 60_000,
  clockEventMs: 1000,
  faultSeed: 1,
  /** Largest client frame accepted; bigger ones are closed with 1009. */
  maxPayload: 1024 * 1024,
  /** A session pauses while a client's send buffer holds more than this. */
  backpressureBytes: 1024 * 1024,
  /** A client whose buffer grows past this anyway (replies, heartbeats) is dropped. */
  hardLimitBytes: 64 * 1024 * 1024,
  /** First id for chart subscriptions the tape never saw. */
  firstChartId: 1_000_000,
} as const;
