/**
 * The checks of the dedicated runs: a Maintenance shutdown (reconnect.maintenance), every
 * authorize refused (login.rejected, in login.ts), a captcha on login (ratelimit.captcha).
 */
import { secs } from "../connections.js";
import type { Observed } from "../observation.js";
import { type Verdict, verdict } from "../verdict.js";
import type { CheckContext } from "./context.js";
import { httpOf, jsonObject } from "./tokens.js";

/** More reconnect attempts per role than this in the watch after a Maintenance is hammering. */
export const MAINTENANCE_MAX_ATTEMPTS = 6;
/** Attempts closer than this to the one before are immediate retries. */
export const IMMEDIATE_MS = 100;

/** reconnect.maintenance: after `shutdown` Maintenance the client backs off. */
export function checkMaintenance(ctx: CheckContext): Verdict {
  const shut = ctx.events.find((e) => e.k === "fault" && e.kind === "shutdown");
  if (!shut)
    return verdict(
      "reconnect",
      "maintenance",
      "not-exercised",
      "no socket lived to its Maintenance shutdown",
      [],
      "maintenance",
    );
  const attempts = ctx.events.filter(
    (e): e is Extract<Observed, { k: "refused" | "open" }> =>
      (e.k === "refused" || e.k === "open") && e.seq > shut.seq,
  );
  // Attempts of each role count separately: a client reconnects its sockets independently.
  const roles = [...new Set(attempts.map((a) => a.role))];
  const bad: string[] = [];
  const good: string[] = [];
  for (const role of roles) {
    const times = [shut.ms, ...attempts.filter((a) => a.role === role).map((a) => a.ms)];
    const delays = times.slice(1).map((t, k) => Math.round(t - times[k]!));
    const line = `${role}: ${delays.length} attempt(s) after the shutdown #${shut.seq} at ${secs(shut.ms)}; delays ${delays.join(", ")} ms`;
    // Counts and short gaps only: a busy machine can make a client's attempts later and fewer,
    // never more frequent, so it cannot turn a backing-off client into a hammering one.
    const immediate = delays.slice(1).filter((d) => d < IMMEDIATE_MS).length;
    const hammering = delays.length > MAINTENANCE_MAX_ATTEMPTS || immediate >= 2;
    (hammering ? bad : good).push(line);
  }
  if (bad.length > 0)
    return verdict(
      "reconnect",
      "maintenance",
      "fail",
      "hammered the server after a Maintenance shutdown",
      [...bad, ...good],
      "maintenance",
    );
  return verdict(
    "reconnect",
    "maintenance",
    "pass",
    roles.length === 0
      ? "did not reconnect during the watch after Maintenance"
      : "backed off after a Maintenance shutdown",
    good,
    "maintenance",
  );
}

/** ratelimit.captcha: a penalty with `p-captcha` ends the client's login attempts. */
export function checkCaptcha(ctx: CheckContext): Verdict {
  const logins = httpOf(ctx).filter((e) => e.path === "auth/accesstokenrequest");
  const k = logins.findIndex((e) => jsonObject(e.res)?.["p-captcha"] === true);
  if (k < 0)
    return verdict(
      "ratelimit",
      "captcha",
      "not-exercised",
      "the client never logged in over REST",
      [],
      "captcha",
    );
  const first = logins[k]!;
  const more = logins.slice(k + 1);
  const head = `captcha penalty #${first.seq} at ${secs(first.ms)}`;
  if (more.length > 0)
    return verdict(
      "ratelimit",
      "captcha",
      "fail",
      `kept logging in after a p-captcha (${more.length} more attempt(s))`,
      [head, ...more.slice(0, 5).map((e) => `login #${e.seq} at ${secs(e.ms)}`)],
      "captcha",
    );
  return verdict(
    "ratelimit",
    "captcha",
    "pass",
    "stopped logging in after a p-captcha",
    [head],
    "captcha",
  );
}
