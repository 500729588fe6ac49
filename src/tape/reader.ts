/**
 * Streaming tape reader: one chunk's lines (64 KiB) in memory at a time, whatever the tape's
 * size. A torn last
 * line (the writer died mid-line) is reported and skipped; any other bad line is an InputError
 * naming the file and line. Seq holes are not checked here: that is `tapedeck verify`'s job.
 */
import { isUtf8 } from "node:buffer";
import { InputError } from "../errors.js";
import type { TapeEvent, TapeHeader } from "./events.js";
import type { AccessPointCollector } from "./gzip-access.js";
import { tryParseEventLine, tryParseHeaderLine } from "./line.js";
import { type RawLine, splitLineBatches } from "./line-splitter.js";
import { CorruptGzip, openTapeSource, type TapeSource } from "./tape-source.js";

export { parseEventLine, serializeEvent } from "./line.js";

/** The torn end of a tape: a last line cut short, or a gzip stream that stops early. */
export interface TornLine {
  file: string;
  /** The line that is cut short (or, for a gzip stream cut at a line end, the next line). */
  line: number;
  /** How many bytes of that line are present (0 when the cut falls exactly at a line end). */
  bytes: number;
  /** One plain sentence for people, e.g. "line 7 is cut short (12 bytes, no newline)". */
  reason: string;
}

/** Options for reading a tape. */
export interface ReadTapeOptions {
  /** Called once, after the last good event, when the tape has a torn end. */
  onTorn?: (t: TornLine) => void;
  /** Longest line accepted, in bytes (default 64 MiB). */
  maxLineBytes?: number;
  /** Collects a gzip tape's access points while it is read (for random reads later). */
  accessPoints?: AccessPointCollector;
}

/** An event with the exact line it was read from (for `cat --json`, findings by line). */
export interface TapeEntry {
  event: TapeEvent;
  /** The line's text exactly as in the file, without "\n". */
  line: string;
  /** 1-based line number; the header is line 1. */
  lineNo: number;
  /** Byte offset of the line in the (decompressed) file, and its length without "\n". */
  offset: number;
  bytes: number;
}

/** An open tape: its header, read eagerly, and its entries, read lazily. */
export interface OpenedTape {
  header: TapeHeader;
  /** Line 1 exactly as in the file. */
  headerLine: string;
  /** Single pass: the file is read as this is iterated, and closed at its end or on break. */
  entries: AsyncIterable<TapeEntry>;
  /**
   * The same entries a chunk's lines (64 KiB) at a time: one asynchronous step per chunk
   * instead of per line, for readers that go through whole tapes. Single pass, and only one of
   * `entries` and `batches` can be iterated.
   */
  batches: AsyncIterable<TapeEntry[]>;
  /** Releases the file without iterating (safe to call at any time, more than once). */
  close(): Promise<void>;
}

const GZIP_MAGIC = Buffer.from([0x1f, 0x8b]);

type Decoded<T> = { ok: true; value: T; text: string } | { ok: false; why: string };

/** Decodes a line's bytes (strict UTF-8) and parses them with `parse`. */
function decodeLine<T>(
  raw: RawLine,
  parse: (text: string) => { ok: true; value: T } | { ok: false; why: string },
): Decoded<T> {
  // isUtf8 is as strict as a fatal TextDecoder (no overlongs, no surrogates; a test holds the
  // two equal) and, with toString, cheaper per short line than a decoder call that may throw.
  if (!isUtf8(raw.bytes)) return { ok: false, why: "not valid UTF-8" };
  const text = raw.bytes.toString("utf8");
  const parsed = parse(text);
  return parsed.ok ? { ok: true, value: parsed.value, text } : parsed;
}

function corrupt(message: string): InputError {
  return new InputError(message, "TAPE_CORRUPT");
}

/**
 * Opens a tape and reads its header line. Throws InputError for a missing or unreadable file and
 * for a missing, torn or invalid header; every later problem surfaces while iterating `entries`.
 */
export async function openTapeEntries(
  path: string,
  opts: ReadTapeOptions = {},
): Promise<OpenedTape> {
  const source = await openTapeSource(path, opts.accessPoints);
  let lastLineNo = 0;
  const batches = splitLineBatches(source.chunks, path, opts.maxLineBytes)[Symbol.asyncIterator]();
  let batch: RawLine[] = [];
  let at = 0;
  /** Loads the next chunk's lines; false at the end of the file. */
  const nextBatch = async (): Promise<boolean> => {
    try {
      const r = await batches.next();
      if (r.done) return false;
      batch = r.value;
      at = 0;
      lastLineNo = batch[batch.length - 1]?.lineNo ?? lastLineNo;
      return true;
    } catch (err) {
      if (!(err instanceof CorruptGzip)) throw err;
      const where =
        lastLineNo === 0 ? "not readable as gzip" : `corrupt gzip data after line ${lastLineNo}`;
      throw corrupt(`${path}: ${where} (${err.message})`);
    }
  };
  const nextLine = async (): Promise<RawLine | undefined> => {
    while (at >= batch.length) if (!(await nextBatch())) return undefined;
    return batch[at++];
  };

  let header: TapeHeader;
  let headerLine: string;
  try {
    ({ header, headerLine } = await readHeader(source, await nextLine()));
  } catch (err) {
    await source.close();
    throw err;
  }

  /**
   * A chunk's good lines at a time. The lines before a bad one are handed over before it fails,
   * as they would be one at a time.
   */
  async function* entryBatches(): AsyncGenerator<TapeEntry[]> {
    let torn: TornLine | undefined;
    try {
      while (at < batch.length || (await nextBatch())) {
        const out: TapeEntry[] = [];
        while (at < batch.length) {
          const raw = batch[at++] as RawLine;
          const parsed = decodeLine(raw, tryParseEventLine);
          if (parsed.ok) {
            out.push({
              event: parsed.value,
              line: parsed.text,
              lineNo: raw.lineNo,
              offset: raw.offset,
              bytes: raw.bytes.length,
            });
            continue;
          }
          if (raw.terminated) {
            if (out.length > 0) yield out;
            throw corrupt(`${path}:${raw.lineNo}: ${parsed.why}`);
          }
          torn = {
            file: path,
            line: raw.lineNo,
            bytes: raw.bytes.length,
            reason: `line ${raw.lineNo} is cut short (${raw.bytes.length} bytes, no newline)`,
          };
        }
        if (out.length > 0) yield out;
      }
      if (!torn && source.truncated) {
        torn = {
          file: path,
          line: lastLineNo + 1,
          bytes: 0,
          reason: `the gzip stream ends early, after line ${lastLineNo}`,
        };
      }
    } finally {
      await source.close();
    }
    if (torn) opts.onTorn?.(torn);
  }

  const batchGen = entryBatches();
  let claimed = false;
  const claim = () => {
    if (claimed) throw new Error(`${path}: a tape's entries can be iterated only once`);
    claimed = true;
  };
  return {
    header,
    headerLine,
    entries: {
      [Symbol.asyncIterator]() {
        claim();
        return oneByOne(batchGen, (e) => e);
      },
    },
    batches: {
      [Symbol.asyncIterator]() {
        claim();
        return batchGen;
      },
    },
    async close() {
      await batchGen.return(undefined);
      await source.close();
    },
  };
}

/**
 * Hands out `batches` one item at a time, mapped by `map`, taking each item from the batch in
 * hand so that only a new batch costs an asynchronous step (an async generator would cost one
 * per item).
 */
function oneByOne<T, U>(batches: AsyncIterator<T[]>, map: (item: T) => U): AsyncIterator<U> {
  let held: T[] = [];
  let i = 0;
  return {
    async next(): Promise<IteratorResult<U>> {
      while (i >= held.length) {
        const r = await batches.next();
        if (r.done) return { done: true, value: undefined };
        held = r.value;
        i = 0;
      }
      return { done: false, value: map(held[i++] as T) };
    },
    async return(): Promise<IteratorResult<U>> {
      await batches.return?.();
      return { done: true, value: undefined };
    },
  };
}

async function readHeader(
  source: TapeSource,
  raw: RawLine | undefined,
): Promise<{ header: TapeHeader; headerLine: string }> {
  const path = source.path;
  if (raw === undefined) {
    throw corrupt(
      source.truncated
        ? `${path}: the gzip stream ends before the tape header (line 1)`
        : `${path}: empty file, not a tape (no header line)`,
    );
  }
  if (!source.gzip && raw.bytes.subarray(0, 2).equals(GZIP_MAGIC)) {
    throw corrupt(`${path}: looks gzip-compressed; name it *.gz to read it as a gzip tape`);
  }
  const parsed = decodeLine(raw, tryParseHeaderLine);
  if (parsed.ok) return { header: parsed.value, headerLine: parsed.text };
  if (!raw.terminated) {
    throw corrupt(`${path}:1: the tape header is cut short (the file ends inside line 1)`);
  }
  throw corrupt(`${path}:1: not a valid tape header: ${parsed.why}`);
}

/** Opens a tape for streaming: the header now, the events as they are iterated (single pass). */
export async function openTape(
  path: string,
  opts?: ReadTapeOptions,
): Promise<{ header: TapeHeader; events: AsyncIterable<TapeEvent>; close(): Promise<void> }> {
  const tape = await openTapeEntries(path, opts);
  const events: AsyncIterable<TapeEvent> = {
    [Symbol.asyncIterator]: () => oneByOne(tape.batches[Symbol.asyncIterator](), (e) => e.event),
  };
  return { header: tape.header, events, close: () => tape.close() };
}

/** Reads a whole tape into memory: for small tapes and tests. `torn` is set for a torn end. */
export async function readTapeAll(
  path: string,
  opts: ReadTapeOptions = {},
): Promise<{ header: TapeHeader; events: TapeEvent[]; torn?: TornLine }> {
  let torn: TornLine | undefined;
  const tape = await openTape(path, {
    ...opts,
    onTorn: (t) => {
      torn = t;
      opts.onTorn?.(t);
    },
  });
  const events: TapeEvent[] = [];
  for await (const e of tape.events) events.push(e);
  return torn ? { header: tape.header, events, torn } : { header: tape.header, events };
}
