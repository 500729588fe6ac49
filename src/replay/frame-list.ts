/**
 * The recorded frames a replay stream plays, as a list read by position: held in memory for
 * small tapes, or read from the tape file as the clock reaches them (docs/replay.md, "Tapes
 * from disk"). Every list of one tape shares the tape's reader and its block cache.
 */
import { serverMessageTexts } from "../protocols/tradovate/frames.js";
import type { TapeBytes } from "../tape/tape-bytes.js";
import { PackedNumbers } from "./packed-numbers.js";

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

/** The columns of a disk list: time, seq, line offset and length, part + 2. */
export interface DiskColumns {
  t: PackedNumbers;
  seq: PackedNumbers;
  off: PackedNumbers;
  len: PackedNumbers;
  part: PackedNumbers;
}

/** A list whose texts are read from the tape: 15 bytes per item in memory. */
export class DiskFrames implements FrameList {
  readonly columns: DiskColumns;
  readonly #lines: LineReader;

  constructor(columns: DiskColumns, lines: LineReader) {
    this.columns = columns;
    this.#lines = lines;
  }
  get length(): number {
    return this.columns.t.length;
  }
  t(i: number): number {
    return this.columns.t.get(i);
  }
  seq(i: number): number {
    return this.columns.seq.get(i);
  }
  text(i: number): string {
    const c = this.columns;
    // Parts are stored + 2: message parts start at -2 and the column holds non-negatives.
    return this.#lines.read(c.off.get(i), c.len.get(i), c.part.get(i) - 2);
  }
}

/** Empty columns for a new disk list. */
export function newDiskColumns(): DiskColumns {
  return {
    t: new PackedNumbers(),
    seq: new PackedNumbers(),
    off: new PackedNumbers(),
    len: new PackedNumbers(2, false),
    part: new PackedNumbers(1, false),
  };
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
  readonly #c = newDiskColumns();
  readonly #lines: LineReader;
  constructor(lines: LineReader) {
    this.#lines = lines;
  }
  get length(): number {
    return this.#c.t.length;
  }
  add(t: number, seq: number, _text: string, loc: FrameLocation): void {
    const c = this.#c;
    c.t.push(t);
    c.seq.push(seq);
    c.off.push(loc.off);
    c.len.push(loc.len);
    c.part.push(loc.part + 2);
  }
  done(): FrameList {
    return new DiskFrames(this.#c, this.#lines);
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
