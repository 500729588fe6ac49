/**
 * The recorded frames a replay stream plays, as a list read by position: held in memory for
 * small tapes, or read from the tape file as the clock reaches them (docs/replay.md, "Tapes
 * from disk"). Every list of one tape shares the tape's reader and its block cache.
 */
import { serverMessageTexts } from "../protocols/tradovate/frames.js";
import type { TapeBytes } from "../tape/tape-bytes.js";

/** One recorded frame (or message) of a stream. */
export interface StreamItem {
  /** Recorded tape time, µs. */
  t: number;
  seq: number;
  /** The text to send (a Tradovate message's JSON, or a whole Trade Manager frame). */
  text: string;
}

/** Recorded frames by position, in tape order. */
export interface FrameList {
  readonly length: number;
  /** Tape time of item `i`, µs. */
  t(i: number): number;
  seq(i: number): number;
  /** The text of item `i`; from disk this may throw when the tape changed under the server. */
  text(i: number): string;
}

/** Where a frame's text is in the tape: its line, and which part of the line's frame. */
export interface FrameLocation {
  /** Offset and length of the event's line in the decompressed tape. */
  off: number;
  len: number;
  /**
   * {@link WHOLE_FRAME}: the frame text itself (Trade Manager); {@link ONLY_MESSAGE}: the one
   * message of a Tradovate `a[...]` frame; k >= 0: its k-th message of several.
   */
  part: number;
}

export const WHOLE_FRAME = -1;
export const ONLY_MESSAGE = -2;

/** A list over items already in memory. */
export class ArrayFrames implements FrameList {
  readonly #items: readonly StreamItem[];
  constructor(items: readonly StreamItem[]) {
    this.#items = items;
  }
  get length(): number {
    return this.#items.length;
  }
  t(i: number): number {
    return this.#items[i]!.t;
  }
  seq(i: number): number {
    return this.#items[i]!.seq;
  }
  text(i: number): string {
    return this.#items[i]!.text;
  }
}

/** `list` itself, or an array wrapped as a list. */
export function asFrameList(list: FrameList | readonly StreamItem[]): FrameList {
  return Array.isArray(list) ? new ArrayFrames(list) : (list as FrameList);
}

/** Item `i` of `list` as an object. */
export function itemAt(list: FrameList, i: number): StreamItem {
  return { t: list.t(i), seq: list.seq(i), text: list.text(i) };
}

/** Every item of `list`, in order (reads each text once). */
export function* framesOf(list: FrameList): Generator<StreamItem> {
  for (let i = 0; i < list.length; i++) yield itemAt(list, i);
}

/** The first position whose time is at least `tapeUs` (`length` if none): O(log n). */
export function firstAtOrAfter(list: FrameList, tapeUs: number, from = 0): number {
  let lo = from;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list.t(mid) < tapeUs) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Reads frame texts from a tape's lines, remembering the last line (its messages are adjacent).
 * Made before the tape is indexed; the reader is attached once the index knows the file.
 */
export class LineReader {
  readonly path: string;
  #bytes: TapeBytes | undefined;
  #off = -1;
  #frame = "";
  #messages: string[] | undefined;

  constructor(path: string) {
    this.path = path;
  }

  /** Where the bytes come from, once the tape is indexed. */
  attach(bytes: TapeBytes): void {
    this.#bytes = bytes;
  }

  /** Releases the file. */
  close(): void {
    this.#bytes?.close();
    this.#off = -1;
  }

  /** The text of `part` of the frame whose event line is [off, off + len) of the tape. */
  read(off: number, len: number, part: number): string {
    if (off !== this.#off) {
      if (!this.#bytes) throw new Error(`${this.path}: read before the tape was indexed`);
      const line = this.#bytes.read(off, len).toString("utf8");
      let frame: unknown;
      try {
        frame = (JSON.parse(line) as { text?: unknown }).text;
      } catch {
        frame = undefined;
      }
      if (typeof frame !== "string") {
        throw new Error(`${this.path}: the line at byte ${off} is no longer the indexed frame`);
      }
      this.#off = off;
      this.#frame = frame;
      this.#messages = undefined;
    }
    if (part === WHOLE_FRAME) return this.#frame;
    if (part === ONLY_MESSAGE) return this.#frame.slice(2, -1);
    this.#messages ??= serverMessageTexts(this.#frame);
    const text = this.#messages[part];
    if (text === undefined) throw new Error(`${this.path}: the frame at byte ${off} changed`);
    return text;
  }
}

/** Growable Float64Array. */
class F64 {
  a = new Float64Array(8);
  n = 0;
  push(v: number): void {
    if (this.n === this.a.length) {
      const b = new Float64Array(Math.ceil(this.a.length * 1.5));
      b.set(this.a);
      this.a = b;
    }
    this.a[this.n++] = v;
  }
  /** The items (a view: growing by half keeps the unused tail under a third). */
  done(): Float64Array {
    return this.a.subarray(0, this.n);
  }
}

/** Growable Int32Array. */
class I32 {
  a = new Int32Array(8);
  n = 0;
  push(v: number): void {
    if (this.n === this.a.length) {
      const b = new Int32Array(Math.ceil(this.a.length * 1.5));
      b.set(this.a);
      this.a = b;
    }
    this.a[this.n++] = v;
  }
  /** The items (a view: growing by half keeps the unused tail under a third). */
  done(): Int32Array {
    return this.a.subarray(0, this.n);
  }
}

/** A list whose texts are read from the tape: 32 bytes per item in memory. */
class DiskFrames implements FrameList {
  readonly #t: Float64Array;
  readonly #seq: Float64Array;
  readonly #off: Float64Array;
  readonly #len: Int32Array;
  readonly #part: Int32Array;
  readonly #lines: LineReader;

  constructor(b: DiskFramesBuilder) {
    this.#t = b.t.done();
    this.#seq = b.seq.done();
    this.#off = b.off.done();
    this.#len = b.len.done();
    this.#part = b.part.done();
    this.#lines = b.lines;
  }
  get length(): number {
    return this.#t.length;
  }
  t(i: number): number {
    return this.#t[i]!;
  }
  seq(i: number): number {
    return this.#seq[i]!;
  }
  text(i: number): string {
    return this.#lines.read(this.#off[i]!, this.#len[i]!, this.#part[i]!);
  }
}

/** Collects a list while a tape is indexed. */
export interface FramesBuilder {
  add(t: number, seq: number, text: string, loc: FrameLocation): void;
  readonly length: number;
  done(): FrameList;
}

class MemoryFramesBuilder implements FramesBuilder {
  readonly items: StreamItem[] = [];
  get length(): number {
    return this.items.length;
  }
  add(t: number, seq: number, text: string): void {
    this.items.push({ t, seq, text });
  }
  done(): FrameList {
    return new ArrayFrames(this.items);
  }
}

class DiskFramesBuilder implements FramesBuilder {
  readonly t = new F64();
  readonly seq = new F64();
  readonly off = new F64();
  readonly len = new I32();
  readonly part = new I32();
  readonly lines: LineReader;
  constructor(lines: LineReader) {
    this.lines = lines;
  }
  get length(): number {
    return this.t.n;
  }
  add(t: number, seq: number, _text: string, loc: FrameLocation): void {
    this.t.push(t);
    this.seq.push(seq);
    this.off.push(loc.off);
    this.len.push(loc.len);
    this.part.push(loc.part);
  }
  done(): FrameList {
    return new DiskFrames(this);
  }
}

/** Makes the builders of one tape's lists: texts kept, or only where they are on disk. */
export type FramesFactory = () => FramesBuilder;

/** Builders that keep every text in memory. */
export const memoryFrames: FramesFactory = () => new MemoryFramesBuilder();

/** Builders whose lists read their texts through `lines` when played. */
export function diskFrames(lines: LineReader): FramesFactory {
  return () => new DiskFramesBuilder(lines);
}
