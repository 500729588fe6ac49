/**
 * Streaming tape writer. `write` is synchronous (a socket handler never waits on the disk): it
 * numbers the event, stamps it, checks it and buffers its line. Buffered lines reach the OS at
 * most `flushIntervalMs` after the first of them was written, as soon as 1 MiB is waiting, and
 * on close. Each flush ends on a line boundary, so a process killed at any moment leaves a file
 * that reads back up to its last flush (gzip: every flush is a Z_SYNC_FLUSH point).
 */
import { randomUUID } from "node:crypto";
import { type FileHandle, mkdir, open } from "node:fs/promises";
import { dirname } from "node:path";
import { performance } from "node:perf_hooks";
import { fsError, InputError } from "../errors.js";
import { type MonotonicClock, systemClock } from "./clock.js";
import { type EventInput, TAPE_VERSION, type TapeEvent, type TapeHeader } from "./events.js";
import { SyncFlushGzip } from "./gzip-sync-flush.js";
import { canonicalEvent, canonicalHeader } from "./line.js";
import { isGzipPath } from "./tape-source.js";
import { TOOL_NAME } from "./tool.js";
import { validateEvent, validateHeader } from "./validate.js";

export { defaultTapeName } from "./tape-name.js";

/** How to open a tape for writing. */
export interface TapeWriterOptions {
  /** Where to write; a ".gz" suffix means gzip. Missing parent directories are created. */
  path: string;
  /** Header fields; `tape`, `id`, `started` and `tool` are filled in when absent. */
  header?: Partial<TapeHeader>;
  /** Longest time a written event may wait in memory, in ms (default 50). */
  flushIntervalMs?: number;
  /** Where `t` comes from (default {@link systemClock}): t = clock now - clock at open. */
  clock?: MonotonicClock;
  /**
   * Applied to every event before it is checked and serialized (the secrets redactor). The
   * header goes through it too, wrapped as `{ k: "mark", label: "tape header", data: header }`.
   */
  redact?: (e: EventInput) => EventInput;
  /** Called with the highest seq on disk each time bytes have reached the OS (0: the header). */
  onFlush?: (lastSeq: number) => void;
  /** Replace an existing file at `path` (default false: an existing file is an InputError). */
  overwrite?: boolean;
}

/** An open tape being written. Close it to flush the rest and, for gzip, write the trailer. */
export interface TapeWriter {
  readonly path: string;
  readonly header: TapeHeader;
  /** The seq of the last event `write` accepted (0 before the first). */
  readonly lastSeq: number;
  /** The seq of the last event known to have reached the OS. */
  readonly flushedSeq: number;
  /**
   * Numbers (1, 2, 3, ...) and stamps the event (a given `t`, an integer >= 0, is kept), checks
   * it and buffers its line; returns the event exactly as it will be written. A bad event is an
   * InputError and uses no seq, so a rejected event never leaves a hole.
   */
  write(e: EventInput): TapeEvent;
  /** Sends every buffered line to the OS. */
  flush(): Promise<void>;
  /** Flushes, ends the gzip stream and closes the file. Idempotent. */
  close(): Promise<void>;
}

const DEFAULT_FLUSH_MS = 50;
/** Flush early past this many buffered characters, so a burst never piles up in memory. */
const FLUSH_AT_CHARS = 1024 * 1024;

/** Opens `opts.path` for writing and writes the header line to disk before resolving. */
export async function openTapeWriter(opts: TapeWriterOptions): Promise<TapeWriter> {
  const interval = opts.flushIntervalMs ?? DEFAULT_FLUSH_MS;
  if (!(Number.isFinite(interval) && interval > 0)) {
    throw new RangeError(`flushIntervalMs must be a positive number of ms, got ${interval}`);
  }
  const clock = opts.clock ?? systemClock;
  const origin = clock.nowMicros();
  const header = buildHeader(opts, Date.now() * 1000 + epochMicrosFraction());
  const fh = await openForWrite(opts.path, opts.overwrite ?? false);
  const writer = new FileTapeWriter(opts, header, fh, clock, origin, interval);
  try {
    await writer.writeHeader();
  } catch (err) {
    await writer.close().catch(() => {});
    throw err;
  }
  return writer;
}

/**
 * Microseconds (0-999) to append to Date.now()'s milliseconds: the wall clock has no finer
 * resolution, so they come from the performance clock. That is µs precision, not µs accuracy.
 */
function epochMicrosFraction(): number {
  return Math.floor(((performance.timeOrigin + performance.now()) * 1000) % 1000);
}

/** `2026-11-25T14:03:07.123456Z` for a time in µs since the epoch. */
export function formatStarted(epochMicros: number): string {
  const iso = new Date(Math.floor(epochMicros / 1000)).toISOString();
  return `${iso.slice(0, -1)}${String(Math.floor(epochMicros) % 1000).padStart(3, "0")}Z`;
}

function buildHeader(opts: TapeWriterOptions, nowMicros: number): TapeHeader {
  let header: Partial<TapeHeader> = {
    tape: TAPE_VERSION,
    id: randomUUID(),
    started: formatStarted(nowMicros),
    tool: TOOL_NAME,
    // A field given as undefined means "not given", not "remove the default".
    ...Object.fromEntries(Object.entries(opts.header ?? {}).filter(([, v]) => v !== undefined)),
  };
  if (opts.redact) {
    const wrapped = opts.redact({ k: "mark", label: "tape header", data: header });
    header = (wrapped.k === "mark" ? wrapped.data : undefined) as Partial<TapeHeader>;
  }
  const checked = validateHeader(header);
  if (!checked.ok)
    throw new InputError(`${opts.path}: cannot write the tape header: ${checked.why}`);
  return canonicalHeader(checked.value);
}

async function openForWrite(path: string, overwrite: boolean): Promise<FileHandle> {
  try {
    await mkdir(dirname(path), { recursive: true });
    return await open(path, overwrite ? "w" : "wx");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "EEXIST") {
      throw new InputError(`${path}: already exists; choose another name`, code, { cause: err });
    }
    if (code === "ENOTDIR") {
      throw new InputError(`${path}: a parent of this path is not a directory`, code, {
        cause: err,
      });
    }
    fsError(err, path);
  }
}

class FileTapeWriter implements TapeWriter {
  readonly path: string;
  readonly header: TapeHeader;
  readonly #fh: FileHandle;
  readonly #gzip: SyncFlushGzip | undefined;
  readonly #clock: MonotonicClock;
  readonly #origin: number;
  readonly #interval: number;
  readonly #redact: TapeWriterOptions["redact"];
  readonly #onFlush: TapeWriterOptions["onFlush"];
  #seq = 0;
  #flushedSeq = 0;
  #pending: string[] = [];
  #pendingChars = 0;
  #timer: NodeJS.Timeout | undefined;
  /** Flushes run one after another, in order, on this chain. */
  #chain: Promise<void> = Promise.resolve();
  #failure: Error | undefined;
  #closed: Promise<void> | undefined;

  constructor(
    opts: TapeWriterOptions,
    header: TapeHeader,
    fh: FileHandle,
    clock: MonotonicClock,
    origin: number,
    interval: number,
  ) {
    this.path = opts.path;
    this.header = header;
    this.#fh = fh;
    this.#gzip = isGzipPath(opts.path) ? new SyncFlushGzip() : undefined;
    this.#clock = clock;
    this.#origin = origin;
    this.#interval = interval;
    this.#redact = opts.redact;
    this.#onFlush = opts.onFlush;
  }

  get lastSeq(): number {
    return this.#seq;
  }

  get flushedSeq(): number {
    return this.#flushedSeq;
  }

  async writeHeader(): Promise<void> {
    this.#buffer(JSON.stringify(this.header));
    await this.flush();
  }

  write(input: EventInput): TapeEvent {
    if (this.#closed) throw new Error(`${this.path}: write after close`);
    if (this.#failure) throw this.#failure;
    const e = this.#redact ? this.#redact(input) : input;
    const seq = this.#seq + 1;
    const t = e.t ?? this.#clock.nowMicros() - this.#origin;
    const checked = validateEvent({ ...e, seq, t });
    if (!checked.ok) {
      throw new InputError(`${this.path}: cannot write event ${seq} (${e.k}): ${checked.why}`);
    }
    const event = canonicalEvent(checked.value);
    this.#seq = seq;
    this.#buffer(JSON.stringify(event));
    return event;
  }

  flush(): Promise<void> {
    return this.#startFlush().then(() => {
      if (this.#failure) throw this.#failure;
    });
  }

  close(): Promise<void> {
    this.#closed ??= this.#startFlush()
      .then(async () => {
        if (this.#gzip && !this.#failure) await this.#writeAll(await this.#gzip.finish());
      })
      .catch((err: unknown) => {
        this.#failure ??= asError(err);
      })
      .finally(async () => {
        this.#gzip?.destroy();
        await this.#fh.close();
      })
      .then(() => {
        if (this.#failure) throw this.#failure;
      });
    return this.#closed;
  }

  #buffer(line: string): void {
    this.#pending.push(line, "\n");
    this.#pendingChars += line.length + 1;
    if (this.#pendingChars >= FLUSH_AT_CHARS) {
      void this.#startFlush();
    } else {
      this.#timer ??= setTimeout(() => {
        this.#timer = undefined;
        void this.#startFlush();
      }, this.#interval);
    }
  }

  /** Queues the buffered lines for writing; the returned promise never rejects. */
  #startFlush(): Promise<void> {
    if (this.#timer) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    if (this.#pending.length === 0) return this.#chain;
    const data = Buffer.from(this.#pending.join(""), "utf8");
    const lastSeq = this.#seq;
    this.#pending = [];
    this.#pendingChars = 0;
    this.#chain = this.#chain.then(async () => {
      if (this.#failure) return;
      try {
        await this.#writeAll(this.#gzip ? await this.#gzip.compress(data) : data);
        this.#flushedSeq = lastSeq;
        this.#onFlush?.(lastSeq);
      } catch (err) {
        this.#failure ??= asError(err);
      }
    });
    return this.#chain;
  }

  async #writeAll(bytes: Buffer): Promise<void> {
    let offset = 0;
    try {
      while (offset < bytes.length) {
        const { bytesWritten } = await this.#fh.write(bytes, offset);
        offset += bytesWritten;
      }
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "ENOSPC" || code === "EDQUOT") {
        throw new InputError(
          `${this.path}: the disk is full; the tape stops at seq ${this.#flushedSeq}`,
          code,
          {
            cause: err,
          },
        );
      }
      throw err;
    }
  }
}

function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}
