/**
 * One replay session's clock: maps tape time (integer µs since the tape's `started`) to timer
 * time (ms). Every socket of a session reads this one clock, so positions on the trading socket
 * and quotes on the md socket stay in step. Speed changes, pause, resume and seek re-anchor the
 * mapping and tell listeners ("changed") so schedulers can re-plan.
 */
import type { Timer } from "./timer.js";

/** A replay speed: a factor of real time (0.25 .. 100), or as fast as the client reads. */
export type Speed = number | "max";

/** Slowest numeric speed the CLI accepts. */
export const MIN_SPEED = 0.25;
/** Fastest numeric speed; beyond it, use "max". */
export const MAX_SPEED = 100;

/** What a clock says about itself (for status lines and the control endpoint). */
export interface ClockState {
  speed: Speed;
  paused: boolean;
  /** Tape time in µs, or undefined before the first stream anchored the clock. */
  tapeUs: number | undefined;
}

/** Parses a CLI/control speed: "max", or a number in [MIN_SPEED, MAX_SPEED]; else undefined. */
export function parseSpeed(text: string | number): Speed | undefined {
  if (text === "max") return "max";
  const n = typeof text === "number" ? text : Number(text);
  if (typeof text === "string" && text.trim() === "") return undefined;
  return Number.isFinite(n) && n >= MIN_SPEED && n <= MAX_SPEED ? n : undefined;
}

/**
 * The clock starts unanchored: the first stream a client opens anchors it at that stream's
 * recorded response time (so the first subscription plays from "now", not from the tape start).
 */
export class SessionClock {
  readonly #timer: Timer;
  #speed: Speed;
  #paused = false;
  #anchored = false;
  #anchorTape = 0;
  #anchorTimer = 0;
  readonly #listeners = new Set<() => void>();

  constructor(timer: Timer, speed: Speed = 1) {
    this.#timer = timer;
    this.#speed = speed;
  }

  /** The timer this clock reads. */
  get timer(): Timer {
    return this.#timer;
  }

  get speed(): Speed {
    return this.#speed;
  }

  get paused(): boolean {
    return this.#paused;
  }

  /** True once a stream (or a seek) has set the tape time. */
  get anchored(): boolean {
    return this.#anchored;
  }

  /** Current tape time in µs (0 before anchoring). */
  now(): number {
    if (!this.#anchored || this.#paused || this.#speed === "max") return this.#anchorTape;
    const elapsedMs = this.#timer.now() - this.#anchorTimer;
    return this.#anchorTape + Math.round(elapsedMs * 1000 * this.#speed);
  }

  /** Sets the tape time if nothing has yet; returns the (possibly earlier) anchor. */
  anchor(tapeUs: number): number {
    if (!this.#anchored) this.#set(tapeUs);
    return this.now();
  }

  /**
   * Timer milliseconds until tape time `tapeUs` comes: 0 if it has passed or the speed is max,
   * Infinity while paused.
   */
  msUntil(tapeUs: number): number {
    if (this.#paused) return Number.POSITIVE_INFINITY;
    if (this.#speed === "max" || !this.#anchored) return 0;
    const at = this.#anchorTimer + (tapeUs - this.#anchorTape) / (1000 * this.#speed);
    const wait = at - this.#timer.now();
    // Tape times are whole µs: within half a µs it is due. A smaller wait would be lost in the
    // timer's float (below its ulp) and fire again at the same instant, forever.
    return wait * 1000 * this.#speed < 0.5 ? 0 : wait;
  }

  /**
   * The timer time (ms) at which tape time `tapeUs` is due, or undefined when nothing is
   * (unanchored, paused, max speed).
   */
  timerAt(tapeUs: number): number | undefined {
    if (!this.#anchored || this.#paused || this.#speed === "max") return undefined;
    return this.#anchorTimer + (tapeUs - this.#anchorTape) / (1000 * this.#speed);
  }

  /** At max speed the scheduler moves the tape time forward to each frame it sends. */
  advanceTo(tapeUs: number): void {
    if (this.#speed === "max" && tapeUs > this.#anchorTape) this.#anchorTape = tapeUs;
  }

  setSpeed(speed: Speed): void {
    const now = this.now();
    this.#speed = speed;
    this.#set(now, this.#anchored);
    this.#emit();
  }

  pause(): void {
    if (this.#paused) return;
    const now = this.now();
    this.#paused = true;
    this.#set(now, this.#anchored);
    this.#emit();
  }

  resume(): void {
    if (!this.#paused) return;
    this.#paused = false;
    this.#set(this.#anchorTape, this.#anchored);
    this.#emit();
  }

  /** Jumps to tape time `tapeUs` (µs since the tape's start). */
  seek(tapeUs: number): void {
    this.#set(Math.max(0, Math.round(tapeUs)));
    this.#emit();
  }

  state(): ClockState {
    return {
      speed: this.#speed,
      paused: this.#paused,
      tapeUs: this.#anchored ? this.now() : undefined,
    };
  }

  /** Calls `fn` after every change of speed, pause state or position; returns an unsubscribe. */
  onChanged(fn: () => void): () => void {
    this.#listeners.add(fn);
    return () => this.#listeners.delete(fn);
  }

  #set(tapeUs: number, anchored = true): void {
    this.#anchored = anchored;
    this.#anchorTape = tapeUs;
    this.#anchorTimer = this.#timer.now();
  }

  #emit(): void {
    for (const fn of [...this.#listeners]) fn();
  }
}
