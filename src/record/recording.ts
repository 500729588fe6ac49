/**
 * One recording: the tape (or, with rotation, the sequence of tapes) every source writes
 * through, with one redactor, connection numbering and the counters the status line and the
 * summary show. Writes are synchronous and never throw into a socket handler: a failing tape
 * (disk full) is reported once through `onFatal`.
 */
import { existsSync } from "node:fs";
import { basename, join } from "node:path";
import type { Timers } from "../live/timers.js";
import { createRedactor } from "../protocols/secrets.js";
import type { MonotonicClock } from "../tape/clock.js";
import type { EventInput, ProtocolName, Role, TapeEvent, TapeHeader } from "../tape/events.js";
import type { Redactor } from "../tape/redact.js";
import { defaultTapeName } from "../tape/tape-name.js";
import { openTapeWriter, type TapeWriter } from "../tape/writer.js";
import type { RotateSpec } from "./rotate.js";

/** Counters of one connection. */
export interface ConnectionStats {
  c: number;
  url: string;
  role?: Role;
  frames: number;
  bytes: number;
  open: boolean;
}

/** What the status line and the summary show. */
export interface RecordingStats {
  /** Epoch ms when recording started. */
  startedAt: number;
  frames: number;
  bytes: number;
  gaps: number;
  http: number;
  connections: ConnectionStats[];
  /** Every tape written, in order (more than one with rotation). */
  files: string[];
}

/** How to start a recording. */
export interface RecordingOptions {
  /** Directory for timestamped names (ignored when `path` is given). */
  dir: string;
  label: string;
  /** An exact file name instead of a timestamped one (no rotation suffixes then). */
  path?: string;
  header?: Partial<TapeHeader>;
  rotate?: RotateSpec;
  /** Values (8+ characters) to mask everywhere from the first byte: passwords, app secrets. */
  secrets?: readonly string[];
  /** Short credentials: masked where a rule points at them, never searched for elsewhere. */
  shortSecrets?: readonly string[];
  timers: Timers;
  clock?: MonotonicClock;
  flushIntervalMs?: number;
  /** Called once if the tape cannot be written any more. */
  onFatal?: (err: Error) => void;
}

/** An open connection as the tape knows it (re-announced at the top of a rotated tape). */
interface LiveOpen {
  c: number;
  url: string;
  proto: ProtocolName;
  role?: Role;
  headers?: Record<string, string>;
}

/** The recording every source of one `tapedeck record` writes to. */
export class Recording {
  readonly redactor: Redactor;
  readonly #opts: RecordingOptions;
  #writer: TapeWriter;
  #nextC = 1;
  #queue: EventInput[] | undefined;
  #rotating: Promise<void> | undefined;
  #tapeBytes = 0;
  #tapeStartedAt: number;
  #failed = false;
  #closed = false;
  readonly #open = new Map<number, LiveOpen>();
  readonly #conns = new Map<number, ConnectionStats>();
  readonly #stats: Omit<RecordingStats, "connections">;

  private constructor(opts: RecordingOptions, redactor: Redactor, writer: TapeWriter) {
    this.#opts = opts;
    this.redactor = redactor;
    this.#writer = writer;
    this.#tapeStartedAt = opts.timers.now();
    this.#stats = {
      startedAt: opts.timers.now(),
      frames: 0,
      bytes: 0,
      gaps: 0,
      http: 0,
      files: [writer.path],
    };
  }

  /** Opens the first tape (its header is on disk when this resolves). */
  static async open(opts: RecordingOptions): Promise<Recording> {
    const redactor = createRedactor(opts.secrets ?? []);
    for (const s of opts.shortSecrets ?? []) redactor.register(s, false);
    const path = partPath(opts, 1);
    const writer = await openWriter(opts, redactor, path, opts.header);
    return new Recording(opts, redactor, writer);
  }

  /** The tape being written now. */
  get path(): string {
    return this.#writer.path;
  }

  /** A copy of the counters. */
  stats(): RecordingStats {
    return {
      ...this.#stats,
      files: [...this.#stats.files],
      connections: [...this.#conns.values()].map((c) => ({ ...c })),
    };
  }

  /** `text` with every secret known so far masked: for log lines and error messages. */
  scrub(text: string): string {
    return this.redactor.redact(text);
  }

  /** Writes an `open` and returns the new connection's number. */
  open(url: string, proto: ProtocolName, role?: Role, headers?: Record<string, string>): number {
    const c = this.#nextC++;
    const live: LiveOpen = {
      c,
      url,
      proto,
      ...(role ? { role } : {}),
      ...(headers ? { headers } : {}),
    };
    this.#open.set(c, live);
    this.#conns.set(c, { c, url, ...(role ? { role } : {}), frames: 0, bytes: 0, open: true });
    this.#write({ k: "open", ...live });
    return c;
  }

  /** Writes a frame the recorded client sent (`send`) or received (`recv`). */
  frame(k: "send" | "recv", c: number, data: string | Buffer): void {
    const bytes = typeof data === "string" ? Buffer.byteLength(data) : data.length;
    const conn = this.#conns.get(c);
    if (conn) {
      conn.frames += 1;
      conn.bytes += bytes;
    }
    this.#stats.frames += 1;
    this.#stats.bytes += bytes;
    this.#write(
      typeof data === "string" ? { k, c, text: data } : { k, c, b64: data.toString("base64") },
    );
  }

  /** Writes a `close`. */
  closed(c: number, by: "server" | "client" | "local", code?: number, reason?: string): void {
    this.#open.delete(c);
    const conn = this.#conns.get(c);
    if (conn) conn.open = false;
    this.#write({
      k: "close",
      c,
      by,
      ...(code !== undefined ? { code } : {}),
      ...(reason ? { reason } : {}),
    });
  }

  /** Writes a `gap`: traffic that was missed (a drop, a reconnect). */
  gap(reason: string, c?: number, ms?: number): void {
    this.#stats.gaps += 1;
    this.#write({
      k: "gap",
      reason,
      ...(c !== undefined ? { c } : {}),
      ...(ms !== undefined ? { ms: Math.max(0, Math.round(ms)) } : {}),
    });
  }

  /**
   * Writes an `http` exchange. Call it before using anything the response carries: writing it
   * is what registers the response's tokens as secrets.
   */
  http(e: Omit<Extract<EventInput, { k: "http" }>, "k">): void {
    this.#stats.http += 1;
    this.#write({ k: "http", ...e });
  }

  /** Writes a `mark`. */
  mark(label: string, data?: unknown): void {
    this.#write(data === undefined ? { k: "mark", label } : { k: "mark", label, data });
  }

  /** Flushes and closes the current tape; later writes are ignored. */
  async finish(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#rotating;
    await this.#writer.close();
  }

  /** Closes this tape and continues in a new one, e.g. on demand or by the `--rotate` rule. */
  rotate(): Promise<void> {
    this.#rotating ??= this.#doRotate().finally(() => {
      this.#rotating = undefined;
    });
    return this.#rotating;
  }

  #write(e: EventInput, draining = false): void {
    // A rotation under way when `finish` is called still drains its queue into the new tape.
    if ((this.#closed && !draining) || this.#failed) return;
    if (this.#queue) {
      this.#queue.push(e);
      return;
    }
    try {
      const written = this.#writer.write(e);
      this.#tapeBytes += lineBytes(written);
    } catch (err) {
      this.#fail(err);
      return;
    }
    if (this.#dueForRotation()) void this.rotate();
  }

  #dueForRotation(): boolean {
    const r = this.#opts.rotate;
    if (!r || this.#rotating) return false;
    if ("bytes" in r) return this.#tapeBytes >= r.bytes;
    return this.#opts.timers.now() - this.#tapeStartedAt >= r.ms;
  }

  async #doRotate(): Promise<void> {
    // From here until the next tape is open, events wait in memory, in order: each event lands
    // in exactly one tape.
    this.#queue = [];
    const old = this.#writer;
    const part = this.#stats.files.length + 1;
    try {
      const path = partPath(this.#opts, part);
      const header = {
        ...this.#opts.header,
        meta: { ...this.#opts.header?.meta, part, continues: basename(old.path) },
      };
      this.#writer = await openWriter(this.#opts, this.redactor, path, header);
    } catch (err) {
      this.#queue = undefined;
      this.#fail(err);
      return;
    }
    this.#stats.files.push(this.#writer.path);
    this.#tapeBytes = 0;
    this.#tapeStartedAt = this.#opts.timers.now();
    const waiting = this.#queue;
    this.#queue = undefined;
    // The new tape stands alone: it re-announces the connections still open.
    for (const live of this.#open.values()) this.#write({ k: "open", ...live }, true);
    this.#write({ k: "mark", label: "rotated", data: { from: basename(old.path), part } }, true);
    for (const e of waiting) this.#write(e, true);
    await old.close().catch((err: unknown) => this.#fail(err));
  }

  #fail(err: unknown): void {
    if (this.#failed) return;
    this.#failed = true;
    this.#opts.onFatal?.(err instanceof Error ? err : new Error(String(err)));
  }
}

function lineBytes(e: TapeEvent): number {
  return Buffer.byteLength(JSON.stringify(e)) + 1;
}

function openWriter(
  opts: RecordingOptions,
  redactor: Redactor,
  path: string,
  header: Partial<TapeHeader> | undefined,
): Promise<TapeWriter> {
  return openTapeWriter({
    path,
    header: { label: opts.label, ...header },
    redact: (e) => redactor.process(e),
    ...(opts.clock ? { clock: opts.clock } : {}),
    ...(opts.flushIntervalMs !== undefined ? { flushIntervalMs: opts.flushIntervalMs } : {}),
  });
}

/**
 * Where part `n` (1-based) of a recording goes. With rotation every part carries `-pNNN`, so
 * the names sort in recording order even when two parts start within the same second.
 */
function partPath(opts: RecordingOptions, n: number): string {
  const tag = `-p${String(n).padStart(3, "0")}`;
  if (opts.path !== undefined) {
    if (n === 1) return opts.path;
    const m = /\.tape\.jsonl(\.gz)?$/.exec(opts.path);
    return m ? `${opts.path.slice(0, m.index)}${tag}${m[0]}` : `${opts.path}${tag}`;
  }
  const label = opts.rotate ? `${opts.label}${tag}` : opts.label;
  return freshPath(opts.dir, label, new Date(opts.timers.now()));
}

/** A timestamped name in `dir` that does not exist yet (`-2`, `-3`... within one second). */
export function freshPath(dir: string, label: string, at: Date): string {
  const name = defaultTapeName(label, at);
  let path = join(dir, name);
  for (let n = 2; existsSync(path); n++) {
    path = join(dir, name.replace(/\.tape\.jsonl$/, `-${n}.tape.jsonl`));
  }
  return path;
}
