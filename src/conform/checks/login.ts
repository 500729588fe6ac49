/**
 * login: every Tradovate socket authorizes promptly after `o`, before any other request; in the
 * rejected-token run, a refused authorize is not retried in a tight loop.
 */
import { authorizeOf, connName, secs } from "../connections.js";
import { type Verdict, verdict } from "../verdict.js";
import type { CheckContext } from "./context.js";
import { endOf } from "./context.js";

/** How long after `o` an authorize still counts as prompt. */
export const AUTHORIZE_WITHIN_MS = 3000;

/** login.authorize over a normal run. */
export function checkAuthorize(ctx: CheckContext): Verdict {
  const bad: string[] = [];
  const good: string[] = [];
  let exercised = 0;
  for (const c of ctx.conns) {
    const auth = authorizeOf(c);
    const first = c.sent.find((s) => s.frame.kind !== "heartbeat");
    const end = endOf(c, ctx);
    if (!auth) {
      if (end - c.openMs >= AUTHORIZE_WITHIN_MS) {
        exercised++;
        bad.push(`${connName(c)}: no authorize in ${secs(end - c.openMs)} after o`);
      }
      continue;
    }
    exercised++;
    const delay = auth.ms - c.openMs;
    if (first && first !== auth)
      bad.push(
        `${connName(c)}: sent "${first.text.split("\n")[0]}" (#${first.seq}) before authorize`,
      );
    else if (delay > AUTHORIZE_WITHIN_MS)
      bad.push(`${connName(c)}: authorize #${auth.seq} came ${secs(delay)} after o`);
    else good.push(`${connName(c)}: authorize #${auth.seq} ${Math.round(delay)} ms after o`);
  }
  if (exercised === 0) return verdict("login", "authorize", "not-exercised", "no socket opened");
  if (bad.length > 0)
    return verdict(
      "login",
      "authorize",
      "fail",
      `${bad.length} socket(s) did not authorize first and promptly`,
      bad,
    );
  return verdict(
    "login",
    "authorize",
    "pass",
    `${good.length} socket(s) authorized first, within ${secs(AUTHORIZE_WITHIN_MS)}`,
    good,
  );
}

/** Fewest ms between authorize attempts (new sockets) after a refusal that is not a tight loop. */
export const REJECTED_RETRY_MIN_MS = 500;
/** Most authorize attempts in a rejected-token run that are not a loop. */
export const REJECTED_MAX_ATTEMPTS = 5;

/** login.rejected over the rejected-token run (every authorize is refused). */
export function checkRejected(ctx: CheckContext): Verdict {
  const attempts = ctx.conns.flatMap((c) => {
    const a = authorizeOf(c);
    return a ? [{ c, a }] : [];
  });
  if (attempts.length === 0)
    return verdict(
      "login",
      "rejected",
      "not-exercised",
      "the client never authorized in the rejected-token run",
      [],
      "rejected-token",
    );
  const ev = attempts.map(
    ({ c, a }) => `${connName(c)}: authorize #${a.seq} at ${secs(a.ms)}, refused`,
  );
  const gaps = attempts.slice(1).map(({ a }, k) => a.ms - attempts[k]!.a.ms);
  const tight = gaps.filter((g) => g < REJECTED_RETRY_MIN_MS).length;
  if (attempts.length > REJECTED_MAX_ATTEMPTS || tight > 1)
    return verdict(
      "login",
      "rejected",
      "fail",
      `${attempts.length} authorize attempts after a refusal (${tight} within ${REJECTED_RETRY_MIN_MS} ms): a tight loop`,
      ev,
      "rejected-token",
    );
  return verdict(
    "login",
    "rejected",
    "pass",
    `${attempts.length} authorize attempt(s); no tight loop`,
    ev,
    "rejected-token",
  );
}
