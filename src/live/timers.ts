/**
 * Time as the recorder sees it, injected so tests drive heartbeats, renewals and backoff with a
 * virtual clock instead of waiting.
 */

/** An opaque handle of a scheduled callback. */
export type TimerHandle = { readonly __timer: unique symbol } | object;

/** Timers and the wall clock. */
export interface Timers {
  /** Runs `fn` once after `ms` milliseconds. */
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
  /** Wall-clock time, epoch milliseconds. */
  now(): number;
}

/** Node's timers and Date.now. */
export const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, Math.max(0, Math.min(ms, 2 ** 31 - 1))),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
  now: () => Date.now(),
};

/** Resolves after `ms` on `timers`; rejects with the signal's reason if it aborts first. */
export function sleep(timers: Timers, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      timers.clearTimeout(h);
      reject(signal?.reason);
    };
    const h = timers.setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * Calls `fn` every `ms` until the returned function is called. Each period is scheduled after
 * the previous one ran, so a slow callback never stacks up.
 */
export function every(timers: Timers, ms: number, fn: () => void): () => void {
  let handle: TimerHandle | undefined;
  let stopped = false;
  const arm = () => {
    handle = timers.setTimeout(() => {
      if (stopped) return;
      fn();
      if (!stopped) arm();
    }, ms);
  };
  arm();
  return () => {
    stopped = true;
    if (handle !== undefined) timers.clearTimeout(handle);
  };
}
