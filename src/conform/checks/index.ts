/** Every check, by stage. */
import type { StageName, Verdict } from "../verdict.js";
import type { CheckContext } from "./context.js";
import { checkHeartbeats } from "./heartbeats.js";
import { checkHygiene, checkSubscriptions } from "./hygiene.js";
import { checkAuthorize } from "./login.js";
import { checkOrders } from "./orders.js";
import { checkRateLimit } from "./ratelimit.js";
import { checkReconnect } from "./reconnect.js";
import { checkSync } from "./sync.js";
import { checkTokens } from "./tokens.js";

export { type CheckContext, checkContext } from "./context.js";
export { checkRejected } from "./login.js";

const BY_STAGE: Record<StageName, (ctx: CheckContext) => Verdict[]> = {
  login: (ctx) => [checkAuthorize(ctx)],
  heartbeats: checkHeartbeats,
  sync: checkSync,
  reconnect: checkReconnect,
  tokens: (ctx) => [checkTokens(ctx)],
  ratelimit: (ctx) => [checkRateLimit(ctx)],
  orders: checkOrders,
  hygiene: (ctx) => [checkSubscriptions(ctx), checkHygiene(ctx)],
};

/** The verdicts of `stages` over the main run. */
export function runChecks(ctx: CheckContext, stages: readonly StageName[]): Verdict[] {
  return stages.flatMap((s) => BY_STAGE[s](ctx));
}
