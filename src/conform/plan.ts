/** The timings a conformance run steers by; short, so a whole run takes a few seconds. */
export interface RunPlan {
  /** Lifetime of the tokens the fake issues, ms: the client must renew within the run. */
  tokenTtlMs: number;
  /** `p-time` of the login penalty, s. */
  penaltySeconds: number;
  /** Drop the sockets this long after the trading socket authorized, ms. */
  dropAfterMs: number;
  /** Reconnect attempts refused per dropped role before one is let in. */
  refuse: number;
  /** How long a reconnected socket is watched before the run may end, ms. */
  settleMs: number;
  /** Give up waiting for a reconnect this long after the drop, ms. */
  reconnectWaitMs: number;
  /** Shortest run, ms (long enough to judge heartbeats). */
  minRunMs: number;
  /** Switch the session to full speed this long after the first md subscription, ms. */
  burstAfterMs: number;
  /** After SIGTERM, wait this long for the client to exit before SIGKILL, ms. */
  exitGraceMs: number;
  /** Maintenance run: the `shutdown` comes this long after each socket opens, ms. */
  maintenanceAtMs: number;
  /** Maintenance, rejected-token and captcha runs: watch this long after the cue, ms. */
  watchMs: number;
}

/** The plan conform uses unless told otherwise. */
export const DEFAULT_PLAN: RunPlan = {
  tokenTtlMs: 4000,
  penaltySeconds: 1,
  dropAfterMs: 3800,
  refuse: 3,
  settleMs: 800,
  reconnectWaitMs: 6000,
  minRunMs: 5000,
  burstAfterMs: 300,
  exitGraceMs: 3000,
  maintenanceAtMs: 1000,
  watchMs: 2500,
};
