/** The status line while recording and the summary after it: plain text, no terminal codes. */
import type { RecordingStats } from "./recording.js";

/** `1h02m03s` style elapsed time. */
export function formatElapsed(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const mm = String(m).padStart(2, "0");
  const ss = String(sec).padStart(2, "0");
  return h > 0 ? `${h}h${mm}m${ss}s` : m > 0 ? `${m}m${ss}s` : `${sec}s`;
}

/** `12.3 MB`, `512 B`. */
export function formatBytes(n: number): string {
  if (n < 1000) return `${n} B`;
  const units = ["kB", "MB", "GB", "TB"];
  let v = n;
  let u = -1;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return `${v.toFixed(1)} ${units[u]}`;
}

/**
 * One status line: open connections, frames/s since the previous line, bytes, gaps, elapsed.
 * `previous` is the frame count and time of the previous line (for the rate).
 */
export function statusLine(
  s: RecordingStats,
  now: number,
  previous?: { frames: number; at: number },
): string {
  const open = s.connections.filter((c) => c.open).length;
  const span = previous ? now - previous.at : now - s.startedAt;
  const frames = previous ? s.frames - previous.frames : s.frames;
  const rate = span > 0 ? (frames * 1000) / span : 0;
  return [
    `recording ${formatElapsed(now - s.startedAt)}`,
    `${open} open / ${s.connections.length} conn`,
    `${s.frames} frames (${rate.toFixed(1)}/s)`,
    formatBytes(s.bytes),
    `${s.gaps} gap${s.gaps === 1 ? "" : "s"}`,
  ].join(" | ");
}

/** The summary printed when a recording ends: duration, frames per connection, gaps, files. */
export function summaryText(s: RecordingStats, now: number): string {
  const lines = [
    `recorded ${formatElapsed(now - s.startedAt)}: ${s.frames} frames, ${formatBytes(s.bytes)}, ${s.http} http, ${s.gaps} gap${s.gaps === 1 ? "" : "s"}`,
  ];
  for (const c of s.connections) {
    lines.push(
      `  c${c.c} ${c.role ?? "other"} ${c.url}: ${c.frames} frames, ${formatBytes(c.bytes)}`,
    );
  }
  for (const f of s.files) lines.push(`tape: ${f}`);
  return `${lines.join("\n")}\n`;
}
