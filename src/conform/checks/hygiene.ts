/**
 * hygiene: no subscription is taken twice on one connection (a chart re-requested without
 * `md/cancelChart`, a quote re-subscribed without unsubscribing: both leak server streams), and
 * on exit (conform's SIGTERM) the client closes every socket it still holds with 1000.
 */
import { connName, secs } from "../connections.js";
import { replaySubscriptions } from "../subscriptions.js";
import { type Verdict, verdict } from "../verdict.js";
import type { CheckContext } from "./context.js";

/** hygiene.close. */
export function checkHygiene(ctx: CheckContext): Verdict {
  const stop = ctx.stopMs;
  const open = ctx.conns.filter(
    (c) => c.closeMs === undefined || stop === undefined || c.closeMs >= stop,
  );
  if (stop === undefined && open.length === 0)
    return verdict(
      "hygiene",
      "close",
      "not-exercised",
      "the client exited by itself with no socket open",
    );
  if (open.length === 0)
    return verdict(
      "hygiene",
      "close",
      "not-exercised",
      "no socket was open when conform stopped the client",
    );
  const bad: string[] = [];
  const good: string[] = [];
  for (const c of open) {
    const line = `${connName(c)}: ${c.closeMs === undefined ? "never closed" : `closed by the ${c.closedBy} with ${c.closeCode} at ${secs(c.closeMs)}`}`;
    if (c.closedBy === "client" && c.closeCode === 1000) good.push(line);
    else bad.push(line);
  }
  if (bad.length > 0)
    return verdict("hygiene", "close", "fail", "sockets not closed with 1000 on exit", [
      ...bad,
      ...good,
    ]);
  return verdict(
    "hygiene",
    "close",
    "pass",
    `${good.length} socket(s) closed with 1000 on exit`,
    good,
  );
}

/** hygiene.subscriptions. */
export function checkSubscriptions(ctx: CheckContext): Verdict {
  let taken = 0;
  const leaks: string[] = [];
  for (const c of ctx.conns) {
    const r = replaySubscriptions(c);
    taken += r.taken;
    for (const d of r.duplicates)
      leaks.push(
        `${connName(c)}: ${d.key} taken again (#${d.againSeq} at ${secs(d.againMs)}) while #${d.firstSeq} was still active`,
      );
  }
  if (taken === 0)
    return verdict("hygiene", "subscriptions", "not-exercised", "the client subscribed to nothing");
  if (leaks.length > 0)
    return verdict(
      "hygiene",
      "subscriptions",
      "fail",
      "subscriptions taken twice without ending the first",
      leaks,
    );
  return verdict(
    "hygiene",
    "subscriptions",
    "pass",
    `${taken} subscription(s), none taken twice on one connection`,
  );
}
