/**
 * Loads tapes once per server into an immutable index that every session shares.
 *
 * Memory model: a tape is read once at start, streaming, and what replay needs is kept: the
 * request/response exchanges, REST exchanges and small maps, and for every replayed server
 * message either its text ("memory": about the size of the tape's recv frames) or where it is
 * in the file ("disk": 32 bytes a message, texts read as the clock reaches them through a
 * shared block cache; gzip tapes through their sync-flush access points). Sessions hold only
 * cursors into it.
 */
import { stat } from "node:fs/promises";
import { fsError, InputError } from "../errors.js";
import { detectProtocol } from "../protocols/detect.js";
import { isObject, normaliseBody, parseJson } from "../protocols/tradovate/index.js";
import type { HttpEvent, TapeHeader } from "../tape/events.js";
import { AccessPointCollector, POINT_SPACING } from "../tape/gzip-access.js";
import { openTapeEntries } from "../tape/reader.js";
import { stampTape, TapeBytes } from "../tape/tape-bytes.js";
import { isGzipPath } from "../tape/tape-source.js";
import { diskFrames, type FramesFactory, LineReader, memoryFrames } from "./frame-list.js";
import type {
  RecordedExchange,
  RestExchange,
  TmConnIndex,
  TradovateConnIndex,
} from "./recorded.js";

export type { IndexParts } from "./index-cache.js";

import { type IndexParts, indexCachePath, readIndexCache, writeIndexCache } from "./index-cache.js";
import { SeqTimes } from "./seq-times.js";
import { TmConnIndexer } from "./tm-indexer.js";
import { TradovateConnIndexer } from "./tradovate-indexer.js";

/** A loaded tape, ready to replay. Treat as read-only: sessions share it. */
export interface TapeIndex {
  path: string;
  header: TapeHeader;
  /** The tape's `started` as epoch ms (with fraction). */
  startedMs: number;
  /** Time of the first and last event, µs. */
  firstT: number;
  lastT: number;
  tradovate: TradovateConnIndex[];
  trademanager: TmConnIndex[];
  /** Every recorded exchange, by `exchangeKey`. */
  exchangesByKey: Map<string, RecordedExchange[]>;
  /** md subscriptions and charts by {@link looseKey}: the contract, not the symbol's spelling. */
  exchangesByLooseKey: Map<string, RecordedExchange[]>;
  /** Every recorded exchange, by endpoint key alone. */
  exchangesByEndpoint: Map<string, RecordedExchange[]>;
  rest: RestExchange[];
  /** The `d` of the first recorded `user/syncrequest` response. */
  snapshot: Record<string, unknown> | undefined;
  /** Contract name (upper-case) -> id, from REST, socket answers and the snapshot. */
  contractIds: Map<string, number>;
  /** Tape time of an event by seq, or undefined if there is no such seq. */
  timeOfSeq(seq: number): number | undefined;
  /** How many events were read and how many recorded events nothing could be attributed to. */
  stats: { events: number; orphans: number };
  /** Where the replayed texts are: in memory, or read from the tape file as they are played. */
  storage: TapeStorage;
  /** True when the index was read from the cache beside the tape instead of built. */
  fromCache: boolean;
  /** Releases the tape file (disk storage); texts read after this reopen it. */
  close(): void;
}

/** The key exchanges are matched on: endpoint key, query, normalised body. */
export function exchangeKey(endpointKey: string, query: string, bodyKey: string): string {
  return `${endpointKey}\n${query}\n${bodyKey}`;
}

/**
 * A key for md requests that ignores how the contract was named and what history was asked for:
 * `md/subscribequote|3001`, `md/getchart|3001|<chartDescription>`. A client that subscribes by
 * contract id (or another case) still gets what the tape recorded for the symbol. Undefined for
 * other requests or an unknown symbol.
 */
export function looseKey(
  endpointKey: string,
  body: unknown,
  contractIds: ReadonlyMap<string, number>,
): string | undefined {
  if (!endpointKey.startsWith("md/") || !isObject(body)) return undefined;
  const sym = body.symbol;
  const id =
    typeof sym === "number"
      ? sym
      : typeof sym === "string"
        ? contractIds.get(sym.toUpperCase())
        : undefined;
  if (id === undefined) return undefined;
  if (endpointKey === "md/getchart") {
    return `${endpointKey}|${id}|${normaliseBody(body.chartDescription)}`;
  }
  return `${endpointKey}|${id}`;
}

/** Sorted query text, so `b=1&a=2` and `a=2&b=1` match. */
export function normaliseQuery(query: string): string {
  const params = [...new URLSearchParams(query)];
  params.sort(([a, x], [b, y]) => (a === b ? (x < y ? -1 : x > y ? 1 : 0) : a < b ? -1 : 1));
  return new URLSearchParams(params).toString();
}

/** Path after `/v1/`, lower-case; the whole path (no leading `/`) when there is no `/v1/`. */
export function restPath(pathname: string): string {
  const p = pathname.toLowerCase();
  const at = p.indexOf("/v1/");
  return (at >= 0 ? p.slice(at + 4) : p.replace(/^\/+/, "")).replace(/\/+$/, "");
}

function bodyKeyOf(text: string | undefined): string {
  if (text === undefined || text === "") return "";
  const parsed = parseJson(text);
  return parsed.ok ? normaliseBody(parsed.value) : text;
}

function restExchange(e: HttpEvent): RestExchange | undefined {
  let url: URL;
  try {
    url = new URL(e.url);
  } catch {
    return undefined;
  }
  const headers = e.res.headers ?? {};
  const ct = Object.entries(headers).find(([k]) => k.toLowerCase() === "content-type")?.[1];
  return {
    t: e.t,
    method: e.method.toUpperCase(),
    path: restPath(url.pathname),
    query: normaliseQuery(url.search),
    bodyKey: bodyKeyOf(e.req.body),
    status: e.status,
    body: e.res.body ?? (e.res.b64 ? Buffer.from(e.res.b64, "base64").toString("utf8") : undefined),
    contentType: ct,
  };
}

function addContract(map: Map<string, number>, value: unknown): void {
  const items = Array.isArray(value) ? value : [value];
  for (const c of items) {
    if (isObject(c) && typeof c.name === "string" && typeof c.id === "number") {
      map.set(c.name.toUpperCase(), c.id);
    }
  }
}

/** Where a loaded tape keeps the texts it replays. */
export type TapeStorage = "memory" | "disk";

/** How to load a tape. */
export interface LoadTapeOptions {
  /**
   * "memory" keeps every replayed text in memory (fastest, the tape's size in RAM); "disk"
   * keeps only where each is and reads it as the clock reaches it; "auto" (default) chooses
   * disk for a tape larger than {@link MEMORY_LIMIT_BYTES} (gzip: an eighth of it).
   */
  storage?: TapeStorage | "auto";
  /** Disk storage's block size for plain tapes, bytes (default 1 MiB; tests use small ones). */
  blockBytes?: number;
  /** Least distance between gzip access points, bytes (default 1 MiB; tests use small ones). */
  pointSpacing?: number;
  /** Save a disk index beside the tape and reuse it while the tape is unchanged (default true). */
  cache?: boolean;
  /**
   * Told when a disk index is built by reading the whole tape instead of read from the cache
   * (a gigabyte takes seconds), before the read starts, so a caller can say why it waits.
   */
  onBuild?: (info: { path: string; bytes: number; cachePath: string | undefined }) => void;
}

/** Tapes up to this size (bytes on disk) are replayed from memory under "auto". */
export const MEMORY_LIMIT_BYTES = 64 * 1024 * 1024;

/**
 * Reads a tape in one streaming pass and indexes it; only the index and (in memory mode) the
 * replayed texts are kept, never the tape's events. A disk index is saved beside the tape
 * (`<tape>.tdx`) and reused while the tape is unchanged. A missing or corrupt tape is an
 * InputError naming it.
 */
export async function loadTapeIndex(path: string, opts: LoadTapeOptions = {}): Promise<TapeIndex> {
  const gzip = isGzipPath(path);
  let storage: TapeStorage;
  let size: number | undefined;
  if (opts.storage === "memory" || opts.storage === "disk") storage = opts.storage;
  else {
    size = await fileSize(path);
    storage = size > (gzip ? MEMORY_LIMIT_BYTES / 8 : MEMORY_LIMIT_BYTES) ? "disk" : "memory";
  }
  const cache = storage === "disk" && opts.cache !== false;
  if (cache) {
    const cached = readIndexCache(path, opts);
    if (cached) return assemble(path, cached);
  }
  if (storage === "disk" && opts.onBuild) {
    const bytes = size ?? (await fileSize(path));
    opts.onBuild({ path, bytes, cachePath: cache ? indexCachePath(path) : undefined });
  }
  let parts = await indexPass(path, storage, opts);
  // A gzip tape written without sync flushes (not by tapedeck) cannot be read from the middle.
  const spacing = opts.pointSpacing ?? POINT_SPACING;
  const disk = parts.disk;
  if (disk && gzip && disk.points.length <= 1 && disk.length > spacing) {
    parts = await indexPass(path, "memory", opts);
  } else if (cache) {
    writeIndexCache(path, parts);
  }
  return assemble(path, parts);
}

async function fileSize(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch (err) {
    fsError(err, path);
  }
}

async function indexPass(
  path: string,
  storage: TapeStorage,
  opts: LoadTapeOptions,
): Promise<IndexParts> {
  const gzip = isGzipPath(path);
  const collector =
    storage === "disk" && gzip ? new AccessPointCollector(opts.pointSpacing) : undefined;
  const lines = storage === "disk" ? new LineReader(path) : undefined;
  const frames: FramesFactory = lines ? diskFrames(lines) : memoryFrames;
  const tape = await openTapeEntries(path, { accessPoints: collector });
  const header = tape.header;
  const contractIds = new Map<string, number>();
  const contractIdOf = (name: string) => contractIds.get(name.toUpperCase());
  const tradovateIx = new Map<number, TradovateConnIndexer>();
  const tmIx = new Map<number, TmConnIndexer>();
  const tradovate: TradovateConnIndex[] = [];
  const trademanager: TmConnIndex[] = [];
  const rest: RestExchange[] = [];
  const seqTimes = new SeqTimes();
  let length = 0;

  for await (const entries of tape.batches) {
    for (const entry of entries) {
      const e = entry.event;
      seqTimes.add(e.seq, e.t);
      length = entry.offset + entry.bytes;
      const span = { off: entry.offset, len: entry.bytes };
      if (e.k === "open") {
        const detected = detectProtocol(e.url);
        const proto = e.proto === "raw" ? detected.proto : e.proto;
        const role = e.role ?? detected.role ?? "other";
        // A connection number opened again (tapes joined end to end) keeps one index, as the
        // recorded connection it continues; its open time is the latest open's.
        const reused = tradovateIx.get(e.c) ?? tmIx.get(e.c);
        if (reused) reused.reopened(e.t);
        else if (proto === "tradovate") {
          tradovateIx.set(e.c, new TradovateConnIndexer(e.c, role, e.t, contractIdOf, frames));
        } else if (proto === "trademanager") {
          tmIx.set(e.c, new TmConnIndexer(e.c, e.t, frames));
        }
      } else if (e.k === "recv" || e.k === "send") {
        const tv = tradovateIx.get(e.c);
        if (tv) {
          const ex = tv.add(e, span);
          if (ex?.endpointKey.startsWith("contract/")) addContract(contractIds, ex.response.d);
          if (ex?.endpointKey === "user/syncrequest" && isObject(ex.response.d)) {
            addContract(contractIds, ex.response.d.contracts);
          }
        } else tmIx.get(e.c)?.add(e, span);
      } else if (e.k === "http") {
        const r = restExchange(e);
        if (!r) continue;
        rest.push(r);
        if (r.status >= 200 && r.status < 300 && r.body && r.path.startsWith("contract/")) {
          const parsed = parseJson(r.body);
          if (parsed.ok) addContract(contractIds, parsed.value);
        }
      }
    }
  }
  for (const ix of tradovateIx.values()) tradovate.push(ix.done());
  for (const ix of tmIx.values()) trademanager.push(ix.done());

  const parts: IndexParts = {
    header,
    tradovate,
    trademanager,
    rest,
    contractIds,
    seqTimes,
    storage,
  };
  if (lines) {
    const points = collector?.points ?? [];
    const covered = gzip ? await fileSize(path) : length;
    const stamp = stampTape(path, covered);
    lines.attach(new TapeBytes(path, stamp, length, gzip ? points : undefined, opts.blockBytes));
    parts.disk = { lines, stamp, length, points, blockBytes: opts.blockBytes };
  }
  return parts;
}

/** Builds the lookup maps over what a pass (or the index cache) produced. */
function assemble(path: string, parts: IndexParts): TapeIndex {
  const { header, tradovate, trademanager, rest, contractIds, seqTimes, storage } = parts;
  const orphans = tradovate.reduce((n, c) => n + c.orphans, 0);
  const exchangesByKey = new Map<string, RecordedExchange[]>();
  const exchangesByEndpoint = new Map<string, RecordedExchange[]>();
  let snapshot: Record<string, unknown> | undefined;
  for (const conn of tradovate) {
    for (const ex of conn.exchanges) {
      if (ex.endpointKey === "authorize") continue;
      push(exchangesByKey, exchangeKey(ex.endpointKey, normaliseQuery(ex.query), ex.bodyKey), ex);
      push(exchangesByEndpoint, ex.endpointKey, ex);
      if (
        ex.endpointKey === "user/syncrequest" &&
        snapshot === undefined &&
        isObject(ex.response.d)
      ) {
        snapshot = ex.response.d;
      }
    }
  }
  const exchangesByLooseKey = new Map<string, RecordedExchange[]>();
  for (const conn of tradovate) {
    for (const ex of conn.exchanges) {
      const key = looseKey(ex.endpointKey, ex.body, contractIds);
      if (key !== undefined) push(exchangesByLooseKey, key, ex);
    }
  }

  const startedMs = Date.parse(header.started);
  if (!Number.isFinite(startedMs)) {
    throw new InputError(`${path}:1: the header's "started" is not a time: ${header.started}`);
  }
  const lines = parts.disk?.lines;
  return {
    path,
    header,
    startedMs: startedMs + microsOf(header.started) / 1000,
    firstT: seqTimes.firstT,
    lastT: seqTimes.lastT,
    tradovate,
    trademanager,
    exchangesByKey,
    exchangesByLooseKey,
    exchangesByEndpoint,
    rest,
    snapshot,
    contractIds,
    storage,
    fromCache: parts.fromCache ?? false,
    timeOfSeq: (seq) => seqTimes.timeOfSeq(seq),
    stats: { events: seqTimes.length, orphans },
    close: () => lines?.close(),
  };
}

/** The sub-millisecond digits of an ISO time (`.123456Z` gives 456), which Date.parse drops. */
function microsOf(iso: string): number {
  const m = /\.\d{3}(\d{1,3})/.exec(iso);
  return m ? Number(m[1]!.padEnd(3, "0")) : 0;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
