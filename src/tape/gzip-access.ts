/**
 * Access points into a gzip tape: places where decompression can start without reading what
 * came before, so a replay can read any stretch of a compressed tape. A point sits just after a
 * Z_SYNC_FLUSH marker (the empty stored block `00 00 ff ff` the writer ends every flush with),
 * where the deflate stream is byte-aligned; starting there needs only the 32 KiB of output
 * before it as the inflate dictionary (zlib's zran approach, limited to byte-aligned points
 * because Node's zlib does not expose bit positions).
 */
import { constants, inflateRawSync } from "node:zlib";

/** Where raw inflate can start: compressed offset, decompressed offset, preceding window. */
export interface GzipAccessPoint {
  /** Byte offset in the file where a deflate block starts. */
  coff: number;
  /** Offset in the decompressed stream that block starts at. */
  uoff: number;
  /** The up to 32 KiB of decompressed data before `uoff` (the inflate dictionary). */
  window: Buffer;
}

/** The deflate window: a back-reference reaches at most this far. */
export const WINDOW_BYTES = 32 * 1024;
/** Points are kept at least this far apart (decompressed): the cost of a random read. */
export const POINT_SPACING = 1024 * 1024;
const SYNC_MARKER = Buffer.from([0x00, 0x00, 0xff, 0xff]);
const NEWLINE = 0x0a;

/** Length of the gzip member header at the start of `head`, or undefined if it is not one. */
export function gzipHeaderLength(head: Buffer): number | undefined {
  if (head.length < 10 || head[0] !== 0x1f || head[1] !== 0x8b || head[2] !== 8) return undefined;
  const flags = head[3]!;
  let at = 10;
  if (flags & 4) {
    if (head.length < at + 2) return undefined;
    at += 2 + (head[at]! | (head[at + 1]! << 8));
  }
  for (const bit of [8, 16]) {
    if (!(flags & bit)) continue;
    const nul = head.indexOf(0, at);
    if (nul < 0) return undefined;
    at = nul + 1;
  }
  if (flags & 2) at += 2;
  return at <= head.length ? at : undefined;
}

/**
 * Collects access points while a gzip file is decompressed in one pass. Feed the compressed
 * chunks through {@link split} (which cuts them just after each sync marker) and report every
 * decompressed chunk to {@link output} before the next compressed piece is pulled: then, when a
 * piece that ends at a marker has been consumed, the output so far is exactly what precedes it.
 */
export class AccessPointCollector {
  readonly points: GzipAccessPoint[] = [];
  readonly #spacing: number;
  #total = 0;
  #recent: Buffer[] = [];
  #recentBytes = 0;

  /** `spacing`: least decompressed distance between two points (tests use small ones). */
  constructor(spacing: number = POINT_SPACING) {
    this.#spacing = spacing;
  }

  /** Decompressed bytes seen so far. */
  get total(): number {
    return this.#total;
  }

  /** Records one decompressed chunk. */
  output(chunk: Buffer): void {
    this.#total += chunk.length;
    this.#recent.push(chunk);
    this.#recentBytes += chunk.length;
    while (this.#recent.length > 1 && this.#recentBytes - this.#recent[0]!.length >= WINDOW_BYTES) {
      this.#recentBytes -= this.#recent.shift()!.length;
    }
  }

  /** The compressed chunks, cut after each sync marker; points are recorded as they pass. */
  async *split(raw: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    let coff = 0;
    for await (const chunk of raw) {
      let from = 0;
      if (coff === 0) {
        const header = gzipHeaderLength(chunk);
        if (header !== undefined)
          this.points.push({ coff: header, uoff: 0, window: Buffer.alloc(0) });
      }
      for (
        let m = chunk.indexOf(SYNC_MARKER, from);
        m !== -1;
        m = chunk.indexOf(SYNC_MARKER, from)
      ) {
        const end = m + SYNC_MARKER.length;
        yield chunk.subarray(from, end);
        from = end;
        this.#consider(coff + end);
      }
      if (from < chunk.length) yield chunk.subarray(from);
      coff += chunk.length;
    }
  }

  #consider(coff: number): void {
    const last = this.points.at(-1);
    if (!last || this.#total - last.uoff < this.#spacing) return;
    const window = this.#window();
    // The writer flushes at line ends; four marker bytes inside compressed data (a false
    // marker) would also have to land exactly after a newline to be taken.
    if (window.at(-1) !== NEWLINE) return;
    this.points.push({ coff, uoff: this.#total, window });
  }

  #window(): Buffer {
    const joined = this.#recent.length === 1 ? this.#recent[0]! : Buffer.concat(this.#recent);
    // A copy: the window must not keep a whole decompressed chunk alive.
    return Buffer.from(joined.subarray(Math.max(0, joined.length - WINDOW_BYTES)));
  }
}

/**
 * Decompresses the deflate data `compressed` that starts at `point`. A cut-short input gives
 * what it holds; damaged data throws zlib's error.
 */
export function inflateFrom(point: GzipAccessPoint, compressed: Buffer): Buffer {
  return inflateRawSync(compressed, {
    dictionary: point.window.length > 0 ? point.window : undefined,
    finishFlush: constants.Z_SYNC_FLUSH,
  });
}
