/**
 * The HTTP control endpoint, for scripts: `GET /_tapedeck/status` and
 * `POST /_tapedeck/pause|resume|speed|seek` with a JSON body
 * (`{"session"?: key, "speed"?: 2|"max", "t"?: µs or ISO time, "seq"?: n}`). Without `session`
 * a command applies to every live session. Answers are JSON.
 */
import type { ReplayHub, ReplaySession } from "./engine.js";
import { parseSpeed } from "./session-clock.js";

/** The path prefix of the control endpoint. */
export const CONTROL_PREFIX = "/_tapedeck";

/** A control answer. */
export interface ControlAnswer {
  status: number;
  body: unknown;
}

function sessionsOf(hubs: readonly ReplayHub[], key: unknown): ReplaySession[] {
  const all = hubs.flatMap((h) => h.sessions());
  return typeof key === "string" ? all.filter((s) => s.key === key) : all;
}

/** Handles one control request; `path` is what follows CONTROL_PREFIX. Never throws. */
export function handleControl(
  hubs: readonly ReplayHub[],
  method: string,
  path: string,
  bodyText: string,
): ControlAnswer {
  const command = path.replace(/^\/+|\/+$/g, "").toLowerCase();
  if (command === "status" && method === "GET") {
    return {
      status: 200,
      body: { sessions: hubs.flatMap((h) => h.sessions().map((s) => s.status())) },
    };
  }
  if (method !== "POST")
    return { status: 405, body: { error: `use POST ${CONTROL_PREFIX}/${command}` } };
  let body: Record<string, unknown> = {};
  if (bodyText.trim() !== "") {
    try {
      const parsed: unknown = JSON.parse(bodyText);
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
        return { status: 400, body: { error: "body must be a JSON object" } };
      }
      body = parsed as Record<string, unknown>;
    } catch (err) {
      return { status: 400, body: { error: `body is not JSON: ${(err as Error).message}` } };
    }
  }
  const targets = sessionsOf(hubs, body.session);
  switch (command) {
    case "pause":
      for (const s of targets) s.clock.pause();
      break;
    case "resume":
      for (const s of targets) s.clock.resume();
      break;
    case "speed": {
      const speed = parseSpeed(body.speed as string | number);
      if (speed === undefined)
        return { status: 400, body: { error: 'speed must be 0.25..100 or "max"' } };
      for (const s of targets) s.clock.setSpeed(speed);
      break;
    }
    case "seek": {
      for (const s of targets) {
        if (typeof body.seq === "number") {
          if (!s.seekSeq(body.seq))
            return { status: 400, body: { error: `no event with seq ${body.seq}` } };
        } else if (typeof body.t === "number" && body.t >= 0) {
          s.seek(body.t);
        } else if (typeof body.t === "string" && Number.isFinite(Date.parse(body.t))) {
          s.seekTime(Date.parse(body.t));
        } else {
          return {
            status: 400,
            body: { error: 'seek needs "seq" (number) or "t" (µs or ISO time)' },
          };
        }
      }
      break;
    }
    default:
      return { status: 404, body: { error: `unknown control command "${command}"` } };
  }
  return { status: 200, body: { ok: true, sessions: targets.map((s) => s.status()) } };
}
