/** sync: exactly one `user/syncrequest` per trading connection; request ids unique per connection. */
import { authorizeOf, connName, isTradingRole, requestsOf, secs } from "../connections.js";
import { type Verdict, verdict } from "../verdict.js";
import { type CheckContext, endOf } from "./context.js";

/** A trading socket authorized this long without syncing has skipped its sync. */
export const SYNC_WITHIN_MS = 2000;

/** sync.once and sync.ids. */
export function checkSync(ctx: CheckContext): Verdict[] {
  const bad: string[] = [];
  const good: string[] = [];
  let trading = 0;
  const dupes: string[] = [];
  let withRequests = 0;
  for (const c of ctx.conns) {
    const reqs = requestsOf(c);
    const auth = authorizeOf(c);
    const seen = new Map<number, number>();
    for (const s of c.sent) {
      const id =
        s.frame.kind === "request" || s.frame.kind === "authorize" ? s.frame.id : undefined;
      if (id === undefined) continue;
      const before = seen.get(id);
      if (before !== undefined)
        dupes.push(`${connName(c)}: id ${id} used by #${before} and #${s.seq}`);
      else seen.set(id, s.seq);
    }
    if (seen.size > 0) withRequests++;
    if (!isTradingRole(c.role) || !auth) continue;
    const syncs = reqs.filter((r) => r.key === "user/syncrequest");
    const life = endOf(c, ctx) - auth.ms;
    if (syncs.length === 0 && life < SYNC_WITHIN_MS) continue;
    trading++;
    const where = syncs.map((s) => `#${s.seq} at ${secs(s.ms)}`).join(", ");
    if (syncs.length === 1) good.push(`${connName(c)}: one user/syncrequest (${where})`);
    else if (syncs.length === 0)
      bad.push(`${connName(c)}: no user/syncrequest in ${secs(life)} after authorize`);
    else bad.push(`${connName(c)}: ${syncs.length} user/syncrequest (${where})`);
  }
  const once =
    trading === 0
      ? verdict("sync", "once", "not-exercised", "no trading socket was authorized long enough")
      : bad.length > 0
        ? verdict(
            "sync",
            "once",
            "fail",
            "not exactly one user/syncrequest per trading connection",
            [...bad, ...good],
          )
        : verdict(
            "sync",
            "once",
            "pass",
            `one user/syncrequest on each of ${good.length} trading connection(s)`,
            good,
          );
  const ids =
    withRequests === 0
      ? verdict("sync", "ids", "not-exercised", "no requests were sent")
      : dupes.length > 0
        ? verdict("sync", "ids", "fail", "request ids repeat within a connection", dupes)
        : verdict("sync", "ids", "pass", `request ids unique on ${withRequests} connection(s)`);
  return [once, ids];
}
