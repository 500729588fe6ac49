/**
 * ratelimit: a `p-ticket` penalty on login is waited out for `p-time` seconds and the login is
 * re-sent with the ticket; a `p-captcha` stops the retries.
 */
import { secs } from "../connections.js";
import { type Verdict, verdict } from "../verdict.js";
import type { CheckContext } from "./context.js";
import { httpOf, jsonObject } from "./tokens.js";

/** How much earlier than p-time a retry may arrive (timer granularity on both sides). */
export const EARLY_SLACK_MS = 100;

/** A client that waited p-time retries within this much more; later counts as never. */
export const RETRY_WITHIN_MS = 2000;

/** ratelimit.ticket. */
export function checkRateLimit(ctx: CheckContext): Verdict {
  const logins = httpOf(ctx).filter((e) => e.path === "auth/accesstokenrequest");
  const bad: string[] = [];
  const good: string[] = [];
  let penalties = 0;
  for (const [k, e] of logins.entries()) {
    const res = jsonObject(e.res);
    const ticket = res?.["p-ticket"];
    if (typeof ticket !== "string" || res?.["p-captcha"] === true) continue;
    penalties++;
    const wait = Number(res?.["p-time"] ?? 0) * 1000;
    const next = logins[k + 1];
    const head = `penalty #${e.seq} at ${secs(e.ms)}: p-time ${wait / 1000} s`;
    if (!next) {
      // A penalty near the end of the run may simply not have run out yet.
      const end = ctx.stopMs ?? ctx.endMs;
      if (end - e.ms >= wait + RETRY_WITHIN_MS) bad.push(`${head}; the login was never retried`);
      else penalties--;
      continue;
    }
    const waited = next.ms - e.ms;
    const sentTicket = jsonObject(next.req)?.["p-ticket"] === ticket;
    const line = `${head}; retry #${next.seq} after ${Math.round(waited)} ms, ${sentTicket ? "with" : "without"} the ticket`;
    if (waited < wait - EARLY_SLACK_MS || !sentTicket) bad.push(line);
    else good.push(line);
  }
  if (penalties === 0)
    return verdict("ratelimit", "ticket", "not-exercised", "no login was answered with a p-ticket");
  if (bad.length > 0)
    return verdict(
      "ratelimit",
      "ticket",
      "fail",
      "a p-ticket penalty was not waited out or the ticket not sent",
      [...bad, ...good],
    );
  return verdict("ratelimit", "ticket", "pass", "waited p-time and retried with the ticket", good);
}
