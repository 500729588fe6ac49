/**
 * The index of a disk-stored tape, saved beside it as `<tape>.tdx` so the next server on the
 * same tape starts in about a second instead of reading the whole tape again. The file holds
 * the stamp of the tape it was built from (size, mtime, its last indexed bytes); a tape that
 * no longer matches makes the index stale, and it is rebuilt. Format (docs/replay.md):
 * "TDX1", a uint32 length, that many bytes of JSON (everything but the columns), padding to 8,
 * then the columns' pages and the gzip windows, each at an 8-byte boundary.
 */
import { closeSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from "node:fs";
import { parseServerMessage, type ResponseMessage } from "../protocols/tradovate/index.js";
import type { TapeHeader } from "../tape/events.js";
import type { GzipAccessPoint } from "../tape/gzip-access.js";
import { stampMatches, TapeBytes, type TapeStamp } from "../tape/tape-bytes.js";
import {
  ArrayFrames,
  type DiskColumns,
  DiskFrames,
  type FrameList,
  framesOf,
  LineReader,
  type StreamItem,
} from "./frame-list.js";
import { type PackedColumn, PackedNumbers } from "./packed-numbers.js";
import type {
  RecordedExchange,
  RecordedTmFrame,
  RestExchange,
  TmConnIndex,
  TradovateConnIndex,
} from "./recorded.js";
import { type SavedSeqTimes, SeqTimes } from "./seq-times.js";
import type { TapeStorage } from "./tape-index.js";

/** What one indexing pass (or the index cache) yields, before the lookup maps are built. */
export interface IndexParts {
  header: TapeHeader;
  tradovate: TradovateConnIndex[];
  trademanager: TmConnIndex[];
  rest: RestExchange[];
  contractIds: Map<string, number>;
  seqTimes: SeqTimes;
  storage: TapeStorage;
  /** Disk storage: the reader the lists share and what it reads. */
  disk?: {
    lines: LineReader;
    stamp: TapeStamp;
    /** Decompressed bytes the index covers. */
    length: number;
    points: GzipAccessPoint[];
    blockBytes: number | undefined;
  };
  fromCache?: boolean;
}

const MAGIC = Buffer.from("TDX1");
/** Bumped whenever what the file holds changes meaning; other versions are rebuilt. */
const VERSION = 1;

/** Where the index of `tape` is kept. */
export function indexCachePath(tape: string): string {
  return `${tape}.tdx`;
}

type SavedList =
  | { items: StreamItem[] }
  | {
      t: PackedColumn;
      seq: PackedColumn;
      off: PackedColumn;
      len: PackedColumn;
      part: PackedColumn;
    };

interface SavedExchange extends Omit<RecordedExchange, "response" | "followers"> {
  response: { raw: unknown; text: string | undefined };
  followers: SavedList;
}

interface Meta {
  version: number;
  stamp: { size: number; mtimeMs: number; tail: string; coveredBytes: number };
  length: number;
  blockBytes: number | undefined;
  header: TapeHeader;
  tradovate: Array<
    Omit<TradovateConnIndex, "exchanges" | "connectionEvents"> & {
      exchanges: SavedExchange[];
      connectionEvents: SavedList;
    }
  >;
  trademanager: Array<
    Omit<TmConnIndex, "stream" | "acks"> & {
      stream: SavedList;
      acks: Array<[string, RecordedTmFrame[][]]>;
    }
  >;
  rest: RestExchange[];
  contractIds: Array<[string, number]>;
  seqTimes: SavedSeqTimes;
  points: Array<{ coff: number; uoff: number; at: number; bytes: number }>;
}

/** Collects the binary part, each piece 8-aligned; returns where each piece starts. */
class Blob {
  readonly parts: Uint8Array[] = [];
  size = 0;
  put = (bytes: Uint8Array): number => {
    const at = this.size;
    this.parts.push(bytes);
    this.size += bytes.byteLength;
    const pad = (8 - (this.size % 8)) % 8;
    if (pad > 0) {
      this.parts.push(new Uint8Array(pad));
      this.size += pad;
    }
    return at;
  };
}

function saveList(list: FrameList, blob: Blob): SavedList {
  if (!(list instanceof DiskFrames)) return { items: [...framesOf(list)] };
  const c = list.columns;
  return {
    t: c.t.save(blob.put),
    seq: c.seq.save(blob.put),
    off: c.off.save(blob.put),
    len: c.len.save(blob.put),
    part: c.part.save(blob.put),
  };
}

function loadList(saved: SavedList, data: ArrayBuffer, at: number, lines: LineReader): FrameList {
  if ("items" in saved) return new ArrayFrames(saved.items);
  const col = (c: PackedColumn) => PackedNumbers.load(c, data, at);
  const columns: DiskColumns = {
    t: col(saved.t),
    seq: col(saved.seq),
    off: col(saved.off),
    len: col(saved.len),
    part: col(saved.part),
  };
  return new DiskFrames(columns, lines);
}

/**
 * Saves the index of a disk-stored tape beside it. Best effort: a tape in a folder that cannot
 * be written to is simply indexed again next time.
 */
export function writeIndexCache(tape: string, parts: IndexParts): boolean {
  const disk = parts.disk;
  if (!disk) return false;
  const blob = new Blob();
  const meta: Meta = {
    version: VERSION,
    stamp: { ...disk.stamp, tail: disk.stamp.tail.toString("base64") },
    length: disk.length,
    blockBytes: disk.blockBytes,
    header: parts.header,
    tradovate: parts.tradovate.map((c) => ({
      ...c,
      exchanges: c.exchanges.map((ex) => ({
        ...ex,
        response: { raw: ex.response.raw, text: ex.response.text },
        followers: saveList(ex.followers, blob),
      })),
      connectionEvents: saveList(c.connectionEvents, blob),
    })),
    trademanager: parts.trademanager.map((c) => ({
      ...c,
      stream: saveList(c.stream, blob),
      acks: [...c.acks],
    })),
    rest: parts.rest,
    contractIds: [...parts.contractIds],
    seqTimes: parts.seqTimes.save(blob.put),
    points: disk.points.map((p) => ({
      coff: p.coff,
      uoff: p.uoff,
      bytes: p.window.byteLength,
      at: blob.put(p.window),
    })),
  };
  const json = Buffer.from(JSON.stringify(meta));
  const head = Buffer.alloc(8);
  MAGIC.copy(head, 0);
  head.writeUInt32LE(json.length, 4);
  const pad = Buffer.alloc((8 - ((8 + json.length) % 8)) % 8);
  const path = indexCachePath(tape);
  const partial = `${path}.partial`;
  let fd: number | undefined;
  try {
    fd = openSync(partial, "w");
    for (const b of [head, json, pad, ...blob.parts]) writeSync(fd, b);
    closeSync(fd);
    fd = undefined;
    renameSync(partial, path);
    return true;
  } catch {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(partial);
    } catch {
      // Nothing was written.
    }
    return false;
  }
}

/**
 * The saved index of `tape`, or undefined when there is none, it is from another version, or
 * the tape is no longer the one it was built from (stale: the caller rebuilds it).
 */
export function readIndexCache(
  tape: string,
  opts: { blockBytes?: number } = {},
): IndexParts | undefined {
  let file: Buffer;
  try {
    file = readFileSync(indexCachePath(tape));
  } catch {
    return undefined;
  }
  try {
    if (file.length < 8 || !file.subarray(0, 4).equals(MAGIC)) return undefined;
    const jsonLength = file.readUInt32LE(4);
    const meta = JSON.parse(file.subarray(8, 8 + jsonLength).toString("utf8")) as Meta;
    if (meta.version !== VERSION || meta.blockBytes !== opts.blockBytes) return undefined;
    const stamp: TapeStamp = { ...meta.stamp, tail: Buffer.from(meta.stamp.tail, "base64") };
    if (!stampMatches(tape, stamp)) return undefined;
    // Typed-array views need aligned offsets: the data starts 8-aligned in the file; copy the
    // file once if the buffer itself is not.
    const aligned = file.byteOffset % 8 === 0 ? file : Buffer.from(file);
    const data = aligned.buffer as ArrayBuffer;
    const at = aligned.byteOffset + 8 + jsonLength + ((8 - ((8 + jsonLength) % 8)) % 8);
    const lines = new LineReader(tape);
    const list = (s: SavedList) => loadList(s, data, at, lines);
    const points: GzipAccessPoint[] = meta.points.map((p) => ({
      coff: p.coff,
      uoff: p.uoff,
      window: Buffer.from(data, at + p.at, p.bytes),
    }));
    const gzip = meta.points.length > 0;
    lines.attach(
      new TapeBytes(tape, stamp, meta.length, gzip ? points : undefined, meta.blockBytes),
    );
    return {
      header: meta.header,
      tradovate: meta.tradovate.map((c) => ({
        ...c,
        exchanges: c.exchanges.map((ex) => ({
          ...ex,
          response: parseServerMessage(ex.response.raw, ex.response.text) as ResponseMessage,
          followers: list(ex.followers),
        })),
        connectionEvents: list(c.connectionEvents),
      })),
      trademanager: meta.trademanager.map((c) => ({
        ...c,
        stream: list(c.stream),
        acks: new Map(c.acks as Array<["CLOSE_TRADE" | "MANUALTRADE", RecordedTmFrame[][]]>),
      })),
      rest: meta.rest,
      contractIds: new Map(meta.contractIds),
      seqTimes: SeqTimes.load(meta.seqTimes, data, at),
      storage: "disk",
      disk: { lines, stamp, length: meta.length, points, blockBytes: meta.blockBytes },
      fromCache: true,
    };
  } catch {
    // A damaged index file is as good as none.
    return undefined;
  }
}
