/**
 * Timing fidelity at 1x on a bursty tape: bursts of 100 frames within 1 ms, quiet gaps of 1-3 s,
 * about 20 s in all (not the 10 minutes: the whole bench must stay near 3 minutes).
 * The baseline is the recorded offsets: lateness = arrival at the client (another process,
 * counted from the subscribe answer) - recorded offset (counted from the recorded answer).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startReplayServer } from "../src/replay/server.js";
import { runScript } from "./child.js";
import { writeMdTape } from "./md-tape.js";
import { median, percentile, report } from "./report.js";

const BURSTS = 10;
const PER_BURST = 100;

// A fixed pseudo-random gap sequence (1.0-3.0 s) so every run plays the same tape.
const offsets: number[] = [];
let at = 200_000;
for (let b = 0; b < BURSTS; b++) {
  for (let i = 0; i < PER_BURST; i++) offsets.push(at + i * 9); // 100 frames in < 1 ms
  at += 1_000_000 + ((b * 712_345) % 2_000_001);
}

const dir = mkdtempSync(join(tmpdir(), "tapedeck-bench-"));
const tape = join(dir, "bursty.tape.jsonl");
writeMdTape(tape, offsets);
// Server side: how late the scheduler handed each frame to its socket, on the server's clock.
const serverLate: number[] = [];
const server = await startReplayServer({
  tapes: [tape],
  speed: 1,
  onLateness: (ms) => serverLate.push(ms),
});
let arrivals: number[];
try {
  const out = await runScript("bench/timing-client.ts", [server.urls.md, String(offsets.length)]);
  arrivals = JSON.parse(out) as number[];
} finally {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
}
// The recorded quote i came 1 µs + offsets[i] after the recorded subscribe answer.
const late = arrivals.map((a, i) => (a - (1 + (offsets[i] as number))) / 1000);
const first = late.slice(0, PER_BURST);
const last = late.slice(-PER_BURST);
const spanS = ((offsets.at(-1) as number) - (offsets[0] as number)) / 1e6;
/** Context, not a baseline: how late a bare setTimeout fires on this machine right now. */
async function setTimeoutLateness(samples: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < samples; i++) {
    const ms = 1 + (i % 10);
    const start = performance.now();
    await new Promise((r) => setTimeout(r, ms));
    out.push(performance.now() - start - ms);
  }
  return out;
}
const bare = await setTimeoutLateness(200);
report(
  "timing bare setTimeout lateness p50",
  percentile(bare, 50),
  "ms",
  `p99 ${percentile(bare, 99).toFixed(2)} ms; context`,
);
report("timing 1x server-side lateness p50", percentile(serverLate, 50), "ms", "target <= 0.05 ms");
report("timing 1x server-side lateness p99", percentile(serverLate, 99), "ms", "target <= 0.5 ms");
report("timing 1x server-side earliest", Math.min(...serverLate), "ms", "target >= 0");
report("timing 1x lateness p50", percentile(late, 50), "ms", "client side; target <= 0.5 ms");
report("timing 1x lateness p99", percentile(late, 99), "ms", "target <= 2 ms");
report("timing 1x earliest", Math.min(...late), "ms", "target >= 0 (never early)");
report(
  `timing 1x drift over ${spanS.toFixed(0)} s`,
  median(last) - median(first),
  "ms",
  "last burst p50 - first burst p50; target ~0",
);
