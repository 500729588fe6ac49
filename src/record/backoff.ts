/**
 * Reconnect delays: exponential backoff with jitter, from a seeded PRNG so a test (or a bug
 * report) can reproduce the exact delays.
 */

import { type Random, seededRandom } from "../random.js";

export { type Random, seededRandom };

/** Backoff settings; every field has a default in {@link DEFAULT_BACKOFF}. */
export interface BackoffOptions {
  /** Delay before the first retry, before jitter (ms). */
  baseMs: number;
  /** Largest delay, before jitter (ms). */
  maxMs: number;
  /** Fraction of the delay that is random: 0 = none, 0.5 = delay * [0.5, 1). */
  jitter: number;
}

/** 0.5 s doubling to 30 s, half of it random. */
export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 500, maxMs: 30_000, jitter: 0.5 };

/**
 * The delay before retry number `attempt` (0 = the first retry): min(max, base * 2^attempt),
 * scaled by a random factor in [1 - jitter, 1). Always an integer in [0, maxMs].
 */
export function backoffDelay(
  attempt: number,
  random: Random,
  opts: BackoffOptions = DEFAULT_BACKOFF,
): number {
  const n = Math.max(0, Math.min(Math.floor(attempt), 60));
  const capped = Math.min(opts.maxMs, opts.baseMs * 2 ** n);
  const jitter = Math.min(1, Math.max(0, opts.jitter));
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.max(0, Math.floor(capped * (1 - jitter + jitter * r)));
}
