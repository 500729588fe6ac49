/**
 * Plays recorded streams on one session clock. A stream is the recorded frames that answer one
 * request (or belong to one connection), each due at `recorded t + offset`, where the offset is
 * fixed when the stream starts: `max(0, clock now - recorded response time)`. So a stream starts
 * right after the client's own request, keeps its recorded spacing (scaled by the speed), and a
 * client that subscribes late loses nothing: its frames are shifted, not skipped. Streams of all
 * of a session's sockets are merged in due order (ties: tape order), so sockets stay in step.
 *
 * At speed "max" frames go out back to back, a chunk at a time, as long as no target is
 * backpressured; the clock follows the frames sent. A backpressured target pauses the whole
 * session (its tape reading, in effect) until it drains.
 */
import { asFrameList, type FrameList, firstAtOrAfter, type StreamItem } from "./frame-list.js";
import type { SessionClock } from "./session-clock.js";
import type { Timer, TimerHandle } from "./timer.js";

export type { StreamItem } from "./frame-list.js";

/** Where a stream's frames go. */
export interface StreamTarget {
  /** Sends the items that fell due together (one tick), in order. */
  deliver(items: readonly StreamItem[]): void;
  backpressured(): boolean;
  /** Holds its writes until uncork (see Outlet.cork). */
  cork?(): void;
  uncork?(): void;
}

/** A playing stream. */
export interface Stream {
  readonly target: StreamTarget;
  readonly items: FrameList;
  readonly tag: string | undefined;
  /** Where the stream starts (and restarts on a loop): its first frame at or after `fromUs`. */
  readonly startIdx: number;
  idx: number;
  offsetUs: number;
}

/** Scheduler settings. */
export interface SchedulerOptions {
  /** Restart every stream when all have ended, shifted by `loopSpanUs`. */
  loop: boolean;
  /** How far a loop shifts the streams: the tape's duration. */
  loopSpanUs: number;
  /** Frames sent per tick at max speed before yielding to I/O. */
  chunk?: number;
  /** How often to look again while a target is backpressured, ms. */
  pollMs?: number;
  /** Tape time (µs) the session starts at: frames recorded before it are not played. */
  fromUs?: number;
  /**
   * Hand each frame to its target on its own, with the clock at that frame's time (not at the
   * last of a run), so what a client does in reply happens at the same tape time at any speed.
   * Off with `--batch`, whose frames group what falls due together.
   */
  perItem?: boolean;
  /**
   * A stream whose next frame cannot be read (its tape changed under the server): the stream
   * is dropped, and this is told. Default: rethrow.
   */
  onError?: (stream: Stream, err: unknown) => void;
  /** Told, for every frame sent at a numeric speed, how late it went out (timer ms). */
  onLateness?: (ms: number) => void;
}

// A yield costs a timer turn (about 1 ms): 256 frames per turn left the server idle a third
// of the time at max speed (docs/benchmarks.md). Backpressure is still checked every frame.
const DEFAULT_CHUNK = 4096;
/** Most messages one `a[...]` frame carries with --batch, however many are due together. */
const MAX_BATCH = 256;
const DEFAULT_POLL_MS = 20;
/**
 * Most frames one socket holds corked: enough to turn 64 syscalls into one, few enough that
 * the first of them is not held back for long (a whole 4096-frame turn corked delayed the
 * first frame from disk by ~60 ms and held ~50 MB more in buffers).
 */
const CORK_FRAMES = 64;
/**
 * The same at a numeric speed, where a frame should leave when it is due: a burst that is behind
 * goes out 8 frames a write. 64 held a burst's first frame until the 64th was handed over
 * (client-side p50 4.3 ms on the timing bench); one write per frame made every burst fall
 * further behind (server-side p50 3.6 ms); 8 gave 1.4 ms (the bare ws baseline: 3.4 ms).
 */
const TIMED_CORK_FRAMES = 8;
/** Longest wait spent in the turn (busy) rather than yielding, ms. */
const SPIN_MS = 0.2;

/** The scheduler of one session. */
export class Scheduler {
  readonly #clock: SessionClock;
  readonly #timer: Timer;
  readonly #opts: SchedulerOptions;
  #streams: Stream[] = [];
  #handle: TimerHandle | undefined;
  #closed = false;
  readonly #unlisten: () => void;
  /** Frames sent so far (for status). */
  sent = 0;
  /** True while a backpressured target holds the session. */
  held = false;

  constructor(clock: SessionClock, opts: SchedulerOptions) {
    this.#clock = clock;
    this.#timer = clock.timer;
    this.#opts = opts;
    this.#unlisten = clock.onChanged(() => this.kick());
  }

  /**
   * Starts a stream whose recorded response came at `anchorT`. An unanchored clock starts at
   * `anchorT`, so the first stream of a session plays at once.
   */
  add(
    target: StreamTarget,
    list: FrameList | readonly StreamItem[],
    anchorT: number,
    tag?: string,
  ): Stream | undefined {
    const items = asFrameList(list);
    if (items.length === 0 || this.#closed) return undefined;
    const from = this.#opts.fromUs ?? 0;
    const startIdx = firstAtOrAfter(items, from);
    // A stream requested before the start time is anchored there, as if requested at it.
    const anchor = Math.max(anchorT, from);
    const now = this.#clock.anchor(anchor);
    const offsetUs = Math.max(0, now - anchor);
    const stream: Stream = { target, items, tag, startIdx, idx: startIdx, offsetUs };
    this.#streams.push(stream);
    // Plan on the next turn, not now: streams requested in the same turn (a client's requests on
    // several sockets) then merge in recorded order even at max speed, and the request's answer
    // always goes out before its stream.
    this.#after(0, () => this.#plan(0));
    return stream;
  }

  /** Stops the streams that match. */
  remove(match: (s: Stream) => boolean): number {
    const before = this.#streams.length;
    this.#streams = this.#streams.filter((s) => !match(s));
    return before - this.#streams.length;
  }

  /** Repositions every stream at its first frame due at or after tape time `tapeUs`. */
  seek(tapeUs: number): void {
    for (const s of this.#streams) s.idx = firstAtOrAfter(s.items, tapeUs - s.offsetUs);
    this.#clock.seek(tapeUs);
  }

  /** How many streams still have frames to send. */
  get pending(): number {
    return this.#streams.filter((s) => s.idx < s.items.length).length;
  }

  /** Stops for good. */
  close(): void {
    this.#closed = true;
    this.#unlisten();
    this.#cancel();
    this.#streams = [];
  }

  /** Re-plans now (after a change, a new stream or a drained target). */
  kick(): void {
    if (this.#closed) return;
    this.#cancel();
    this.#plan(0);
  }

  #cancel(): void {
    if (this.#handle !== undefined) this.#timer.clearTimeout(this.#handle);
    this.#handle = undefined;
  }

  #after(ms: number, fn: () => void): void {
    this.#cancel();
    this.#handle = this.#timer.setTimeout(() => {
      this.#handle = undefined;
      fn();
    }, ms);
  }

  #next(): Stream | undefined {
    let best: Stream | undefined;
    let bestDue = 0;
    let bestSeq = 0;
    for (const s of this.#streams) {
      if (s.idx >= s.items.length) continue;
      const due = s.items.t(s.idx) + s.offsetUs;
      if (best === undefined || due < bestDue) {
        best = s;
        bestDue = due;
        bestSeq = s.items.seq(s.idx);
      } else if (due === bestDue) {
        const seq = s.items.seq(s.idx);
        if (seq < bestSeq) {
          best = s;
          bestSeq = seq;
        }
      }
    }
    return best;
  }

  #loopAround(): boolean {
    if (!this.#opts.loop || this.#streams.length === 0) return false;
    const span = Math.max(1000, this.#opts.loopSpanUs);
    for (const s of this.#streams) {
      s.idx = s.startIdx;
      s.offsetUs += span;
    }
    return true;
  }

  /** Sends what is due, then sets a timer for the next frame. `sentThisTick` bounds a burst. */
  #plan(sentThisTick: number): void {
    const max = this.#clock.speed === "max";
    const chunk = this.#opts.chunk ?? DEFAULT_CHUNK;
    let batch: { target: StreamTarget; items: StreamItem[] } | undefined;
    // Frames go to the kernel in few writes per socket: corked while they are handed over,
    // uncorked every few frames and before any wait.
    const corkFrames = max ? CORK_FRAMES : TIMED_CORK_FRAMES;
    const corked = new Map<StreamTarget, number>();
    const release = () => {
      for (const t of corked.keys()) t.uncork?.();
      corked.clear();
    };
    const flush = () => {
      if (batch) {
        const { target, items } = batch;
        const held = corked.get(target);
        if (held === undefined) target.cork?.();
        target.deliver(items);
        const now = (held ?? 0) + items.length;
        if (now >= corkFrames) {
          target.uncork?.();
          corked.delete(target);
        } else corked.set(target, now);
      }
      batch = undefined;
    };
    try {
      this.#send(max, chunk, sentThisTick, flush, release, (item, target) => {
        if (batch && (batch.target !== target || batch.items.length >= MAX_BATCH)) flush();
        batch ??= { target, items: [] };
        batch.items.push(item);
        if (this.#opts.perItem) flush();
      });
    } finally {
      flush();
      release();
    }
  }

  /** The loop of {@link #plan}: `add` queues an item for its target, `flush` hands them over. */
  #send(
    max: boolean,
    chunk: number,
    sentThisTick: number,
    flush: () => void,
    release: () => void,
    add: (item: StreamItem, target: StreamTarget) => void,
  ): void {
    let sent = sentThisTick;
    for (;;) {
      let s = this.#next();
      if (!s) {
        flush();
        if (this.#loopAround()) s = this.#next();
        if (!s) return;
      }
      const due = s.items.t(s.idx) + s.offsetUs;
      const wait = this.#clock.msUntil(due);
      if (wait === Number.POSITIVE_INFINITY) {
        flush(); // paused
        return;
      }
      if (wait > 0) {
        flush();
        // A frame due within a few tens of µs (a burst) is waited for in this turn: a turn of
        // the event loop costs more than that, so yielding would make every frame of a burst
        // later than the one before.
        if (wait <= SPIN_MS && this.#timer.spin) {
          release();
          this.#timer.spin(wait);
          continue;
        }
        this.#after(wait, () => this.#plan(0));
        return;
      }
      if (s.target.backpressured()) {
        flush();
        this.held = true;
        // The target's drain re-plans at once; the poll only covers a stall that ends by time.
        this.#after(this.#opts.pollMs ?? DEFAULT_POLL_MS, () => this.#plan(0));
        return;
      }
      this.held = false;
      if (sent >= chunk) {
        flush();
        this.#after(0, () => this.#plan(0));
        return;
      }
      let item: StreamItem;
      try {
        item = { t: s.items.t(s.idx), seq: s.items.seq(s.idx), text: s.items.text(s.idx) };
      } catch (err) {
        flush();
        this.#streams = this.#streams.filter((x) => x !== s);
        if (!this.#opts.onError) throw err;
        this.#opts.onError(s, err);
        continue;
      }
      if (max) this.#clock.advanceTo(due);
      s.idx++;
      sent++;
      this.sent++;
      add(item, s.target);
      // Read after the hand-over, so the cost of the send counts.
      if (!max && this.#opts.onLateness) {
        const at = this.#clock.timerAt(due);
        if (at !== undefined) this.#opts.onLateness(this.#timer.now() - at);
      }
    }
  }
}
