/**
 * reconnect: after conform drops a socket (1006) and refuses the first reconnects, the client's
 * attempts come with growing delays; the socket it gets back re-authorizes, re-syncs (trading)
 * and restores the same subscriptions (md).
 */
import { authorizeOf, connName, requestsOf, secs } from "../connections.js";
import type { Observed } from "../observation.js";
import { activeSubscriptions } from "../subscriptions.js";
import { type Verdict, verdict } from "../verdict.js";
import type { CheckContext } from "./context.js";

/** The later half of the delays must average this many times the earlier half. */
export const GROWTH = 1.5;
/** Below this a delay is no backoff at all. */
export const MIN_LAST_DELAY_MS = 200;

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

/**
 * True when delays between attempts (3 or more) back off: the last is at least
 * {@link MIN_LAST_DELAY_MS} and the later half averages {@link GROWTH} times the earlier half.
 * Halves, not single delays, so one delay stretched by a busy machine does not decide.
 */
export function backoffGrows(delays: readonly number[]): boolean {
  const last = delays[delays.length - 1] ?? 0;
  const half = Math.floor(delays.length / 2);
  const early = delays.slice(0, half);
  const late = delays.slice(delays.length - half);
  return last >= MIN_LAST_DELAY_MS && mean(late) >= GROWTH * mean(early);
}

type Drop = Extract<Observed, { k: "steer" }>;

/** reconnect.backoff and reconnect.restore. */
export function checkReconnect(ctx: CheckContext): Verdict[] {
  const drops = ctx.events.filter((e): e is Drop => e.k === "steer" && e.action === "drop");
  if (drops.length === 0)
    return [
      verdict(
        "reconnect",
        "backoff",
        "not-exercised",
        "conform dropped no socket (the run ended first)",
      ),
      verdict("reconnect", "restore", "not-exercised", "conform dropped no socket"),
    ];
  const backoffBad: string[] = [];
  const backoffGood: string[] = [];
  const restoreBad: string[] = [];
  const restoreGood: string[] = [];
  let backoffJudged = 0;
  for (const d of drops) {
    const old = ctx.conns.find((c) => c.conn === d.conn);
    if (!old) continue;
    const attempts = ctx.events.filter(
      (e) => (e.k === "refused" || e.k === "open") && e.role === old.role && e.seq > d.seq,
    );
    const firstOpen = attempts.findIndex((e) => e.k === "open");
    const tried = firstOpen < 0 ? attempts : attempts.slice(0, firstOpen + 1);
    const times = [d.ms, ...tried.map((e) => e.ms)];
    const delays = times.slice(1).map((t, k) => Math.round(t - times[k]!));
    const line = `${connName(old)} dropped at ${secs(d.ms)} (#${d.seq}); attempts at ${tried.map((e) => `${secs(e.ms)} #${e.seq}${e.k === "refused" ? " refused" : " open"}`).join(", ") || "none"}; delays ${delays.join(", ")} ms`;
    if (delays.length >= 3) {
      backoffJudged++;
      if (!backoffGrows(delays)) backoffBad.push(line);
      else backoffGood.push(line);
    } else if (tried.length > 0) backoffGood.push(`${line} (too few attempts to judge growth)`);
    const back =
      firstOpen < 0
        ? undefined
        : ctx.conns.find((c) => c.conn === (tried[firstOpen] as { conn: number }).conn);
    if (!back) {
      restoreBad.push(`${connName(old)}: never came back before the run ended`);
      continue;
    }
    const missing: string[] = [];
    if (!authorizeOf(back)) missing.push("authorize");
    const reqs = requestsOf(back);
    if (old.role === "trading" || old.role === "replay") {
      const hadSync = requestsOf(old).some((r) => r.key === "user/syncrequest");
      if (hadSync && !reqs.some((r) => r.key === "user/syncrequest"))
        missing.push("user/syncrequest");
    }
    const now = activeSubscriptions(back);
    for (const s of activeSubscriptions(old)) if (!now.has(s)) missing.push(s);
    if (missing.length > 0)
      restoreBad.push(
        `${connName(back)} replaced ${connName(old)} but never sent: ${missing.join("; ")}`,
      );
    else
      restoreGood.push(
        `${connName(back)} replaced ${connName(old)} at ${secs(back.openMs)}: authorized and restored ${[...activeSubscriptions(old)].join("; ") || "its sync"}`,
      );
  }
  const backoff =
    backoffJudged === 0 && backoffBad.length === 0
      ? verdict(
          "reconnect",
          "backoff",
          "not-exercised",
          "too few reconnect attempts to judge",
          backoffGood,
        )
      : backoffBad.length > 0
        ? verdict(
            "reconnect",
            "backoff",
            "fail",
            `reconnect delays do not grow (later half < ${GROWTH}x the earlier, or last < ${MIN_LAST_DELAY_MS} ms)`,
            [...backoffBad, ...backoffGood],
          )
        : verdict("reconnect", "backoff", "pass", "reconnect delays grow", backoffGood);
  const restore =
    restoreBad.length > 0
      ? verdict("reconnect", "restore", "fail", "a reconnected socket did not restore its state", [
          ...restoreBad,
          ...restoreGood,
        ])
      : verdict(
          "reconnect",
          "restore",
          "pass",
          "every dropped socket came back, re-authorized and restored",
          restoreGood,
        );
  return [backoff, restore];
}
