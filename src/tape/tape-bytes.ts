/**
 * Random, synchronous reads of a tape's (decompressed) bytes, for a replay that serves frames
 * from disk as its clock reaches them. Reads go a block at a time through a small cache shared
 * by everything that reads the tape: plain tapes in 1 MiB blocks, gzip tapes from one access
 * point to the next. Synchronous on purpose: the replay scheduler sends in one turn what falls
 * due, and a block is at most a page-cache read or a ~1 MiB inflate.
 *
 * The file is checked whenever a block is loaded: a tape that shrank, or whose indexed bytes
 * changed, is an error naming it (the reads would otherwise serve someone else's frames).
 */
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { InputError } from "../errors.js";
import { type GzipAccessPoint, inflateFrom } from "./gzip-access.js";

/** What identifies the file an index was built from. */
export interface TapeStamp {
  /** File size in bytes when indexed. */
  size: number;
  mtimeMs: number;
  /** The last up to 4 KiB of the file's bytes that the index covers (raw, as on disk). */
  tail: Buffer;
  /** Where `tail` ends in the file: the bytes the index covers. */
  coveredBytes: number;
}

/** Decompressed bytes per plain block. */
export const BLOCK_BYTES = 1024 * 1024;
/** Blocks kept decoded: enough for every stream of a few sessions to be in a different block. */
const CACHE_BLOCKS = 8;
const TAIL_BYTES = 4096;

/** The error a read raises when the file is no longer the one indexed. */
export function tapeChanged(path: string, why: string): InputError {
  return new InputError(
    `${path}: ${why} since it was indexed; restart to re-index it`,
    "TAPE_CHANGED",
  );
}

/** Reads `len` bytes at `pos` of an open file (fewer at its end). */
function readAt(fd: number, pos: number, len: number, into?: Buffer): Buffer {
  const buf = into && into.length >= len ? into.subarray(0, len) : Buffer.allocUnsafe(len);
  let got = 0;
  while (got < len) {
    const n = readSync(fd, buf, got, len - got, pos + got);
    if (n === 0) break;
    got += n;
  }
  return got === len ? buf : buf.subarray(0, got);
}

/** Stamps the file at `path` for later change checks; `coveredBytes` is how much was indexed. */
export function stampTape(path: string, coveredBytes: number): TapeStamp {
  const fd = openSync(path, "r");
  try {
    const st = fstatSync(fd);
    const from = Math.max(0, coveredBytes - TAIL_BYTES);
    return {
      size: st.size,
      mtimeMs: st.mtimeMs,
      tail: readAt(fd, from, coveredBytes - from),
      coveredBytes,
    };
  } finally {
    closeSync(fd);
  }
}

/** True when the file at `path` is still exactly the one `stamp` was taken of (size, mtime, tail). */
export function stampMatches(path: string, stamp: TapeStamp): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(path, "r");
    const st = fstatSync(fd);
    if (st.size !== stamp.size || st.mtimeMs !== stamp.mtimeMs) return false;
    const from = stamp.coveredBytes - stamp.tail.length;
    return readAt(fd, from, stamp.tail.length).equals(stamp.tail);
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Random access to one tape's decompressed bytes. */
export class TapeBytes {
  readonly path: string;
  readonly #stamp: TapeStamp;
  /** Gzip access points, in order; undefined for a plain tape. */
  readonly #points: readonly GzipAccessPoint[] | undefined;
  /** Decompressed length the index covers. */
  readonly #length: number;
  #fd: number | undefined;
  readonly #cache = new Map<number, Buffer>();
  /**
   * The last block evicted, reused for the next read: a 1 MiB block per 1 MiB played would
   * otherwise be garbage that the GC collects only when external memory has grown tens of MB.
   * Safe because every caller of {@link read} decodes what it gets before reading again.
   */
  #spare: Buffer | undefined;
  #checkedMtime: number;
  readonly #blockBytes: number;

  /** `blockBytes`: plain tapes' block size (tests use small ones to cross blocks often). */
  constructor(
    path: string,
    stamp: TapeStamp,
    length: number,
    points?: readonly GzipAccessPoint[],
    blockBytes: number = BLOCK_BYTES,
  ) {
    this.path = path;
    this.#blockBytes = blockBytes;
    this.#stamp = stamp;
    this.#length = length;
    this.#points = points;
    this.#checkedMtime = stamp.mtimeMs;
  }

  /** The bytes [off, off + len) of the decompressed tape. */
  read(off: number, len: number): Buffer {
    if (off < 0 || off + len > this.#length) {
      throw new RangeError(`${this.path}: read of ${len} bytes at ${off} is outside the tape`);
    }
    const first = this.#blockOf(off);
    const block = this.#block(first);
    const rel = off - block.start;
    if (rel + len <= block.bytes.length) return block.bytes.subarray(rel, rel + len);
    // A line that crosses a block boundary.
    const parts: Buffer[] = [block.bytes.subarray(rel)];
    let have = parts[0]!.length;
    for (let k = first + 1; have < len; k++) {
      const next = this.#block(k).bytes;
      parts.push(next.subarray(0, Math.min(next.length, len - have)));
      have += parts.at(-1)!.length;
    }
    return Buffer.concat(parts, len);
  }

  /** Releases the file. Reads after this reopen it. */
  close(): void {
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
    this.#cache.clear();
    this.#spare = undefined;
  }

  #blockOf(off: number): number {
    const points = this.#points;
    if (!points) return Math.floor(off / this.#blockBytes);
    let lo = 0;
    let hi = points.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (points[mid]!.uoff <= off) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  #block(k: number): { start: number; bytes: Buffer } {
    const points = this.#points;
    const start = points ? points[k]!.uoff : k * this.#blockBytes;
    const hit = this.#cache.get(k);
    if (hit) {
      // Most recently used last: Map keeps insertion order.
      this.#cache.delete(k);
      this.#cache.set(k, hit);
      return { start, bytes: hit };
    }
    const fd = this.#open();
    this.#check(fd);
    let bytes: Buffer;
    if (!points) {
      bytes = readAt(fd, start, Math.min(this.#blockBytes, this.#length - start), this.#spare);
      this.#spare = undefined;
    } else {
      const p = points[k]!;
      const end = points[k + 1]?.coff ?? this.#stamp.coveredBytes;
      const want = (points[k + 1]?.uoff ?? this.#length) - p.uoff;
      try {
        bytes = inflateFrom(p, readAt(fd, p.coff, end - p.coff));
      } catch {
        throw tapeChanged(this.path, "the compressed data no longer decodes");
      }
      if (bytes.length < want)
        throw tapeChanged(this.path, "the compressed data no longer decodes");
      bytes = bytes.subarray(0, want);
    }
    this.#cache.set(k, bytes);
    if (this.#cache.size > CACHE_BLOCKS) {
      const oldest = this.#cache.keys().next().value!;
      if (!points) this.#spare = this.#cache.get(oldest);
      this.#cache.delete(oldest);
    }
    return { start, bytes };
  }

  #open(): number {
    if (this.#fd === undefined) {
      try {
        this.#fd = openSync(this.path, "r");
      } catch {
        throw tapeChanged(this.path, "the file is gone");
      }
    }
    return this.#fd;
  }

  /** Fails if the file shrank below what was indexed or the indexed bytes were rewritten. */
  #check(fd: number): void {
    const st = fstatSync(fd);
    const s = this.#stamp;
    if (st.size < s.coveredBytes)
      throw tapeChanged(this.path, `the file shrank to ${st.size} bytes`);
    if (st.mtimeMs === this.#checkedMtime) return;
    // Written to since: an append (a recording still going) keeps the indexed bytes; anything
    // else is found by the bytes just before the end of what was indexed.
    const now = readAt(fd, s.coveredBytes - s.tail.length, s.tail.length);
    if (!now.equals(s.tail)) throw tapeChanged(this.path, "the file was rewritten");
    this.#checkedMtime = st.mtimeMs;
  }
}
