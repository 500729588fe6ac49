/**
 * Loads tapes once per server into an immutable index that every session shares.
 *
 * Memory model: a tape is read fully at start (streaming, one line at a time) and what replay
 * needs is kept: the text of every recorded server message and REST exchange, plus small maps.
 * That is roughly the size of the tape's recv frames and HTTP bodies, once per server however
 * many clients connect; sessions hold only cursors into it. A tape larger than memory cannot
 * be served.
 */
import { InputError } from "../errors.js";
import { detectProtocol } from "../protocols/detect.js";
import { isObject, normaliseBody, parseJson } from "../protocols/tradovate/index.js";
import type { FrameEvent, HttpEvent, OpenEvent, TapeHeader } from "../tape/events.js";
import { readTapeAll } from "../tape/reader.js";
import type {
  RecordedExchange,
  RestExchange,
  TmConnIndex,
  TradovateConnIndex,
} from "./recorded.js";
import { indexTmConnection } from "./tm-indexer.js";
import { indexTradovateConnection } from "./tradovate-indexer.js";

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

/** Reads a tape and indexes it. A missing or corrupt tape is an InputError naming it. */
export async function loadTapeIndex(path: string): Promise<TapeIndex> {
  const { header, events } = await readTapeAll(path);
  const opens = new Map<number, OpenEvent>();
  const frames = new Map<number, FrameEvent[]>();
  const rest: RestExchange[] = [];
  const seqs: number[] = [];
  const times: number[] = [];
  for (const e of events) {
    seqs.push(e.seq);
    times.push(e.t);
    if (e.k === "open") opens.set(e.c, e);
    else if (e.k === "recv" || e.k === "send") {
      const list = frames.get(e.c) ?? [];
      list.push(e);
      frames.set(e.c, list);
    } else if (e.k === "http") {
      const r = restExchange(e);
      if (r) rest.push(r);
    }
  }

  const contractIds = new Map<string, number>();
  for (const r of rest) {
    if (r.status < 200 || r.status >= 300 || !r.body) continue;
    if (!r.path.startsWith("contract/")) continue;
    const parsed = parseJson(r.body);
    if (parsed.ok) addContract(contractIds, parsed.value);
  }

  const tradovate: TradovateConnIndex[] = [];
  const trademanager: TmConnIndex[] = [];
  let orphans = 0;
  for (const [c, open] of opens) {
    const detected = detectProtocol(open.url);
    const proto = open.proto === "raw" ? detected.proto : open.proto;
    const role = open.role ?? detected.role ?? "other";
    const list = frames.get(c) ?? [];
    if (proto === "tradovate") {
      const ix = indexTradovateConnection(c, role, open.t, list, (name) =>
        contractIds.get(name.toUpperCase()),
      );
      tradovate.push(ix);
      orphans += ix.orphans;
    } else if (proto === "trademanager") {
      trademanager.push(indexTmConnection(c, open.t, list));
    }
  }

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
      if (ex.endpointKey.startsWith("contract/")) addContract(contractIds, ex.response.d);
    }
  }
  if (snapshot) addContract(contractIds, snapshot.contracts);
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
  return {
    path,
    header,
    startedMs: startedMs + microsOf(header.started) / 1000,
    firstT: times[0] ?? 0,
    lastT: times.at(-1) ?? 0,
    tradovate,
    trademanager,
    exchangesByKey,
    exchangesByLooseKey,
    exchangesByEndpoint,
    rest,
    snapshot,
    contractIds,
    timeOfSeq(seq) {
      let lo = 0;
      let hi = seqs.length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const s = seqs[mid]!;
        if (s === seq) return times[mid];
        if (s < seq) lo = mid + 1;
        else hi = mid - 1;
      }
      return undefined;
    },
    stats: { events: events.length, orphans },
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
