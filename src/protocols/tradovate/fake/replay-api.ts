/**
 * The market replay socket's own endpoints (spec §8): `replay/checkreplaysession`,
 * `replay/initializeclock` (speed in percent, 0..400; 0 pauses) and `replay/changespeed`.
 * The host supplies the clock; this file decides the answers.
 */
import { isObject } from "../json.js";
import { response, type ServerMessage } from "../messages.js";
import type { RequestFrame } from "../requests.js";

/** Fastest replay speed Tradovate offers, in percent. */
export const MAX_REPLAY_PERCENT = 400;

/** The clock the replay endpoints drive. Times are epoch ms. */
export interface ReplayClockHost {
  /** First and last time the recording covers. */
  range(): { startMs: number; endMs: number };
  /** Moves the clock to `startMs` and sets the speed (percent; 0 pauses). */
  initialize(startMs: number, percent: number): void;
  changeSpeed(percent: number): void;
}

function percentOf(body: unknown): number | undefined {
  if (!isObject(body)) return undefined;
  const s = body.speed;
  return typeof s === "number" && Number.isFinite(s) && s >= 0 && s <= MAX_REPLAY_PERCENT
    ? s
    : undefined;
}

function timeOf(body: unknown): number | undefined {
  if (!isObject(body) || typeof body.startTimestamp !== "string") return undefined;
  const ms = Date.parse(body.startTimestamp);
  return Number.isFinite(ms) ? ms : undefined;
}

/** Answers a `replay/*` request, or returns undefined for another endpoint. */
export function replayAnswer(req: RequestFrame, host: ReplayClockHost): ServerMessage | undefined {
  switch (req.endpointKey) {
    case "replay/checkreplaysession": {
      const at = timeOf(req.body);
      if (at === undefined)
        return response(req.id, 200, { errorText: "startTimestamp is required" });
      const { startMs, endMs } = host.range();
      if (at >= startMs && at <= endMs) return response(req.id, 200, { checkStatus: "OK" });
      return response(req.id, 200, {
        checkStatus: "StartTimestampAdjusted",
        startTimestamp: new Date(startMs).toISOString(),
      });
    }
    case "replay/initializeclock": {
      const percent = percentOf(req.body) ?? 100;
      const { startMs, endMs } = host.range();
      const at = timeOf(req.body) ?? startMs;
      host.initialize(Math.min(Math.max(at, startMs), endMs), percent);
      return response(req.id, 200, { ok: true });
    }
    case "replay/changespeed": {
      const percent = percentOf(req.body);
      if (percent === undefined) {
        return response(req.id, 200, { errorText: `speed must be 0..${MAX_REPLAY_PERCENT}` });
      }
      host.changeSpeed(percent);
      return response(req.id, 200, { ok: true });
    }
    default:
      return undefined;
  }
}
