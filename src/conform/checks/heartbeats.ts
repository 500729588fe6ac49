/**
 * heartbeats: every authorized socket sends `[]` at least every 2.5 s, idle or under a burst,
 * and does not flood. Gaps are measured on the server's receive times, so a tolerance covers
 * event-loop delays on a busy machine.
 */
import { authorizeOf, type ConnView, connName, isHeartbeat, secs } from "../connections.js";
import { type Verdict, verdict } from "../verdict.js";
import { type CheckContext, endOf } from "./context.js";

/** Tradovate's heartbeat period. */
export const HEARTBEAT_PERIOD_MS = 2500;
/** Slack on top of the period for scheduling on a loaded machine. */
export const HEARTBEAT_SLACK_MS = 1000;
/** More heartbeats than one per this many ms (on average, over >= 4 s) is a flood. */
export const FLOOD_MS = 500;

/** The longest stretch without a heartbeat on `c`, from its authorize to its end. */
export function longestGap(c: ConnView, end: number): { from: number; to: number } | undefined {
  const auth = authorizeOf(c);
  if (!auth) return undefined;
  const beats = c.sent.filter(isHeartbeat).map((s) => s.ms);
  const marks = [auth.ms, ...beats.filter((t) => t >= auth.ms), end];
  let best: { from: number; to: number } | undefined;
  for (let k = 1; k < marks.length; k++) {
    const from = marks[k - 1]!;
    const to = marks[k]!;
    if (!best || to - from > best.to - best.from) best = { from, to };
  }
  return best;
}

/** How many frames `c` received in [from, to]. */
function framesIn(c: ConnView, from: number, to: number): number {
  return c.recvMs.filter((t) => t >= from && t <= to).length;
}

/** The most frames `c` received in any window of one heartbeat period. */
function busiest(c: ConnView): { at: number; frames: number } {
  let best = { at: 0, frames: 0 };
  let lo = 0;
  for (let hi = 0; hi < c.recvMs.length; hi++) {
    while (c.recvMs[hi]! - c.recvMs[lo]! > HEARTBEAT_PERIOD_MS) lo++;
    if (hi - lo + 1 > best.frames) best = { at: c.recvMs[lo]!, frames: hi - lo + 1 };
  }
  return best;
}

/** heartbeats.interval and heartbeats.flood. */
export function checkHeartbeats(ctx: CheckContext): Verdict[] {
  const limit = HEARTBEAT_PERIOD_MS + HEARTBEAT_SLACK_MS;
  const late: string[] = [];
  const fine: string[] = [];
  const flood: string[] = [];
  let measured = 0;
  for (const c of ctx.conns) {
    const end = endOf(c, ctx);
    const gap = longestGap(c, end);
    if (!gap) continue;
    const auth = authorizeOf(c)!;
    const beats = c.sent.filter(isHeartbeat).length;
    const life = end - auth.ms;
    const burst = busiest(c);
    const burstText =
      burst.frames > 0
        ? `; busiest ${secs(HEARTBEAT_PERIOD_MS)}: ${burst.frames} frames from ${secs(burst.at)}`
        : "";
    const gapText = `longest gap ${secs(gap.to - gap.from)} (${secs(gap.from)}..${secs(gap.to)}, ${framesIn(c, gap.from, gap.to)} frames received meanwhile)`;
    if (gap.to - gap.from > limit) {
      measured++;
      late.push(`${connName(c)}: ${beats} heartbeat(s) in ${secs(life)}; ${gapText}${burstText}`);
    } else if (life >= limit) {
      measured++;
      fine.push(`${connName(c)}: ${beats} heartbeats in ${secs(life)}; ${gapText}${burstText}`);
    }
    if (life >= 4000 && beats > life / FLOOD_MS)
      flood.push(
        `${connName(c)}: ${beats} heartbeats in ${secs(life)} (more than one per ${FLOOD_MS} ms)`,
      );
  }
  const interval =
    measured === 0
      ? verdict(
          "heartbeats",
          "interval",
          "not-exercised",
          `no authorized socket lived ${secs(limit)}`,
        )
      : late.length > 0
        ? verdict(
            "heartbeats",
            "interval",
            "fail",
            `no [] for more than ${secs(HEARTBEAT_PERIOD_MS)} (+${secs(HEARTBEAT_SLACK_MS)} slack)`,
            [...late, ...fine],
          )
        : verdict(
            "heartbeats",
            "interval",
            "pass",
            `[] at least every ${secs(HEARTBEAT_PERIOD_MS)} on ${fine.length} socket(s)`,
            fine,
          );
  const flooded =
    measured === 0
      ? verdict("heartbeats", "flood", "not-exercised", "no socket lived long enough to judge")
      : flood.length > 0
        ? verdict("heartbeats", "flood", "fail", "heartbeats flood the server", flood)
        : verdict("heartbeats", "flood", "pass", `at most one [] per ${FLOOD_MS} ms on average`);
  return [interval, flooded];
}
