/**
 * How the client's requests and the tape met: what it asked for that the tape could not answer
 * (REST 404s, unrecorded endpoints), and the subscriptions the tape offered that it never used.
 */
import { parseServerFrame } from "../protocols/tradovate/frames.js";
import type { TapeIndex } from "../replay/tape-index.js";
import { requestSymbol } from "../replay/tradovate-indexer.js";
import type { CheckContext } from "./checks/context.js";
import { connName, requestsOf } from "./connections.js";

/** One line per distinct request the fake could not answer from the tape. */
export function unanswered(ctx: CheckContext): string[] {
  const out = new Set<string>();
  for (const e of ctx.events) {
    if (e.k === "http" && (e.status === 404 || e.res.includes("was not recorded")))
      out.add(`REST ${e.method} ${e.path}: ${e.status} ${e.res.slice(0, 80)}`);
  }
  for (const c of ctx.conns) {
    const keyOf = new Map(requestsOf(c).map((r) => [r.id, r.key]));
    for (const a of c.answers) {
      const f = parseServerFrame(a.text);
      if (f.kind !== "messages") continue;
      for (const m of f.messages) {
        const r = m as { i?: unknown; s?: unknown; d?: unknown };
        if (typeof r.i !== "number") continue;
        const text = JSON.stringify(r.d ?? "");
        if (r.s === 404 || text.includes("was not recorded"))
          out.add(
            `${connName(c).replace(/^conn \d+ /, "")} ${keyOf.get(r.i) ?? `id ${r.i}`}: ${text.slice(0, 80)}`,
          );
      }
    }
  }
  return [...out];
}

/** Streams the tape can play (md subscriptions, charts, the sync) as `endpoint symbol`. */
const STREAMS = new Set([
  "md/subscribequote",
  "md/subscribedom",
  "md/subscribehistogram",
  "md/getchart",
  "user/syncrequest",
]);

function streamKey(endpointKey: string, body: unknown): string {
  const symbol = requestSymbol(body);
  return symbol === undefined ? endpointKey : `${endpointKey} ${symbol}`;
}

/** The tape's streams that no request of the client asked for, one line each. */
export function unused(index: TapeIndex, ctx: CheckContext): string[] {
  const asked = new Set<string>();
  for (const c of ctx.conns) {
    for (const r of requestsOf(c)) {
      if (r.frame.kind === "request") asked.add(streamKey(r.key, r.frame.body));
    }
  }
  const offered = new Set<string>();
  for (const [endpoint, exchanges] of index.exchangesByEndpoint) {
    if (!STREAMS.has(endpoint)) continue;
    for (const x of exchanges) offered.add(streamKey(endpoint, x.body));
  }
  return [...offered].filter((k) => !asked.has(k)).sort();
}
