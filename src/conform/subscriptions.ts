/**
 * The market-data subscriptions a connection holds, replayed from its requests: subscribe adds
 * `kind symbol`, unsubscribe removes it, `md/cancelChart` ends a chart.
 */
import { type ConnView, requestsOf } from "./connections.js";

const SUBSCRIBE: Record<string, string> = {
  "md/subscribequote": "quote",
  "md/subscribedom": "dom",
  "md/subscribehistogram": "histogram",
  "md/getchart": "chart",
};
const UNSUBSCRIBE: Record<string, string> = {
  "md/unsubscribequote": "quote",
  "md/unsubscribedom": "dom",
  "md/unsubscribehistogram": "histogram",
};

function symbolOf(body: unknown): string {
  if (typeof body !== "object" || body === null) return "?";
  const b = body as Record<string, unknown>;
  const chart = b.chartDescription === undefined ? "" : ` ${JSON.stringify(b.chartDescription)}`;
  return `${String(b.symbol ?? "?")}${chart}`;
}

/** A subscription taken while the same one was still active on the connection. */
export interface DuplicateSubscription {
  key: string;
  firstSeq: number;
  againSeq: number;
  againMs: number;
}

/** Replays `c`'s requests: the subscriptions active at its end, and every duplicate taken. */
export function replaySubscriptions(c: ConnView): {
  active: Map<string, number>;
  duplicates: DuplicateSubscription[];
  taken: number;
} {
  const active = new Map<string, number>();
  const duplicates: DuplicateSubscription[] = [];
  let taken = 0;
  for (const r of requestsOf(c)) {
    if (r.frame.kind !== "request") continue;
    const sub = SUBSCRIBE[r.key];
    const unsub = UNSUBSCRIBE[r.key];
    if (sub) {
      taken++;
      const key = `${sub} ${symbolOf(r.frame.body)}`;
      const first = active.get(key);
      if (first !== undefined)
        duplicates.push({ key, firstSeq: first, againSeq: r.seq, againMs: r.ms });
      else active.set(key, r.seq);
    } else if (unsub) active.delete(`${unsub} ${symbolOf(r.frame.body)}`);
    else if (r.key === "md/cancelchart") {
      // The cancel names a subscription id the client got back, not the chart's description.
      const charts = [...active.keys()].filter((k) => k.startsWith("chart "));
      const last = charts[charts.length - 1];
      if (last !== undefined) active.delete(last);
    }
  }
  return { active, duplicates, taken };
}

/** The subscriptions still active on `c` at its end, as `kind symbol` keys. */
export function activeSubscriptions(c: ConnView): Set<string> {
  return new Set(replaySubscriptions(c).active.keys());
}
