/** The one-line status the CLI shows while serving. */
import type { SessionStatus } from "./engine.js";

/** e.g. `2 clients, 1 session | s1 1x 14:03:08.020 1234 frames`. */
export function formatStatus(sessions: readonly SessionStatus[], connections: number): string {
  const head = `${connections} client${connections === 1 ? "" : "s"}, ${sessions.length} session${sessions.length === 1 ? "" : "s"}`;
  const parts = sessions.slice(0, 3).map((s, k) => {
    const speed = s.paused ? "paused" : s.speed === "max" ? "max" : `${s.speed}x`;
    const at = s.tapeTime?.slice(11, 23) ?? "--:--:--";
    return `s${k + 1} ${speed} ${at} ${s.framesSent} frames${s.held ? " (slow client)" : ""}`;
  });
  const more = sessions.length > 3 ? ` +${sessions.length - 3} more` : "";
  return parts.length === 0 ? head : `${head} | ${parts.join(" | ")}${more}`;
}
