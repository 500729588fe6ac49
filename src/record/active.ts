/**
 * A running recording: its tape, its sockets, and how it ends. Sources that give up (a fatal
 * protocol answer) and a tape that cannot be written end it with a reason; `stop` ends it on
 * request (SIGINT, `--duration`). Either way every socket is closed with 1000 and the tape is
 * closed cleanly.
 */
import type { Recording, RecordingStats } from "./recording.js";
import type { SocketSource } from "./socket-source.js";

/** A recording in progress. */
export class ActiveRecording {
  readonly recording: Recording;
  readonly #sources: SocketSource[] = [];
  readonly #cleanups: Array<() => void> = [];
  readonly #closers: Array<() => Promise<void>> = [];
  #fatalCount = 0;
  #failedResolve!: (reason: string) => void;
  /** Resolves with a reason when the recording cannot go on; never rejects. */
  readonly failed: Promise<string>;
  #stopping: Promise<RecordingStats> | undefined;

  constructor(recording: Recording) {
    this.recording = recording;
    this.failed = new Promise((resolve) => {
      this.#failedResolve = resolve;
    });
  }

  /** Adds a source; when every source has given up, the recording fails with the last reason. */
  add(source: SocketSource): void {
    this.#sources.push(source);
  }

  /** A source gave up. */
  sourceFailed(reason: string): void {
    this.#fatalCount += 1;
    if (this.#fatalCount >= this.#sources.length) this.#failedResolve(reason);
  }

  /** Ends the recording with `reason` (e.g. a proxy that cannot listen any more). */
  fail(reason: string): void {
    this.#failedResolve(reason);
  }

  /** The tape cannot be written any more. */
  tapeFailed(err: Error): void {
    this.#failedResolve(`the tape cannot be written: ${err.message}`);
  }

  /** Runs `fn` on stop (timers, token renewal). */
  onStop(fn: () => void): void {
    this.#cleanups.push(fn);
  }

  /** Awaits `fn` on stop, before the tape closes (a proxy's server and its connections). */
  onStopAsync(fn: () => Promise<void>): void {
    this.#closers.push(fn);
  }

  /** Connects every source; if one cannot connect, stops the others and rethrows. */
  async start(): Promise<void> {
    try {
      for (const s of this.#sources) await s.start();
    } catch (err) {
      await this.stop();
      throw err;
    }
  }

  /** Closes every socket (1000), then the tape; returns the final counters. Idempotent. */
  stop(): Promise<RecordingStats> {
    this.#stopping ??= (async () => {
      for (const fn of this.#cleanups) fn();
      await Promise.all([...this.#sources.map((s) => s.stop()), ...this.#closers.map((f) => f())]);
      await this.recording.finish();
      return this.recording.stats();
    })();
    return this.#stopping;
  }
}
