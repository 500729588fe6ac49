/**
 * Timing fidelity at 1x on a bursty tape: bursts of 100 frames within 1 ms, quiet gaps of 1-3 s,
 * about 20 s in all (the whole bench must stay near 3 minutes; TAPEDECK_BENCH_BURSTS=300 gives
 * the 10 minutes).
 * Lateness = arrival at the client (another process, counted from the subscribe answer) -
 * recorded offset (counted from the recorded answer); server-side, the scheduler's own reading.
 * The baseline, in the same run: a bare `ws` server sending the same frames at the same offsets
 * with the same way of waiting and nothing else (bench/bare-timed-server.ts), to the same client.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startReplayServer } from "../src/replay/server.js";
import { startBareTimedServer } from "./bare-timed-server.js";
import { runScript } from "./child.js";
import { writeMdTape } from "./md-tape.js";
import { median, percentile, report } from "./report.js";

/** `TAPEDECK_BENCH_BURSTS=300` plays about 10 minutes (each side), as issue 14 asks. */
const BURSTS = Number(process.env.TAPEDECK_BENCH_BURSTS ?? 10);
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
const texts = writeMdTape(tape, offsets);
// The recorded quote i came 1 µs + offsets[i] after the recorded subscribe answer.
const due = offsets.map((o) => 1 + o);
/**
 * Each quote's lateness at the client, ms, two ways: from the subscribe answer's arrival (what a
 * client sees on its own, carrying the answer's own delivery jitter) and against the server's
 * due time on the machine's shared clock (`dueEpochs`, epoch ms).
 */
async function clientLateness(url: string, dueEpochs: readonly number[]) {
  const out = await runScript("bench/timing-client.ts", [url, String(offsets.length)]);
  const { answer, arrivals } = JSON.parse(out) as { answer: number; arrivals: number[] };
  return {
    fromAnswer: arrivals.map((a, i) => a - answer - (due[i] as number) / 1000),
    shared: arrivals.map((a, i) => a - (dueEpochs[i] as number)),
  };
}
// Server side: how late the scheduler handed each frame to its socket, on the server's clock,
// and so when each was due on the shared clock.
const serverLate: number[] = [];
const serverDue: number[] = [];
const server = await startReplayServer({
  tapes: [tape],
  speed: 1,
  onLateness: (ms) => {
    serverLate.push(ms);
    serverDue.push(performance.timeOrigin + performance.now() - ms);
  },
});
let mine: Awaited<ReturnType<typeof clientLateness>>;
try {
  mine = await clientLateness(server.urls.md, serverDue);
} finally {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
}
const bareServer = await startBareTimedServer(
  texts.map((t) => `a[${t}]`),
  due,
);
let bare: Awaited<ReturnType<typeof clientLateness>>;
try {
  bare = await clientLateness(bareServer.url, bareServer.due);
} finally {
  await bareServer.close();
}
/**
 * Drift: the median lateness of the last tenth of the bursts minus that of the first tenth, from
 * the subscribe answer (the shared-clock reading is measured against the server's own due times,
 * so a clock that drifts would not show in it). One burst at each end was too noisy.
 */
const drift = (xs: readonly number[]) => {
  const n = PER_BURST * Math.max(1, Math.floor(BURSTS / 10));
  return median(xs.slice(-n)) - median(xs.slice(0, n));
};
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
const timers = await setTimeoutLateness(200);
report(
  "timing bare setTimeout lateness p50",
  percentile(timers, 50),
  "ms",
  `p99 ${percentile(timers, 99).toFixed(2)} ms; context`,
);
const vs = (xs: readonly number[], p: number) => `bare ws ${percentile(xs, p).toFixed(2)} ms`;
const row = (name: string, xs: readonly number[], base: readonly number[], target: string) => {
  report(`${name} p50`, percentile(xs, 50), "ms", `${vs(base, 50)}; ${target}`);
  report(`${name} p99`, percentile(xs, 99), "ms", `${vs(base, 99)}`);
  report(`${name} earliest`, Math.min(...xs), "ms", `bare ws ${Math.min(...base).toFixed(2)} ms`);
};
row(
  "timing 1x server-side lateness",
  serverLate,
  bareServer.late,
  "target p50 <= 0.05, p99 <= 0.5 ms",
);
row("timing 1x client-side lateness", mine.shared, bare.shared, "against the server's due time");
row(
  "timing 1x client-side from the answer",
  mine.fromAnswer,
  bare.fromAnswer,
  "as a client sees it",
);
report(
  `timing 1x drift over ${spanS.toFixed(0)} s`,
  drift(mine.fromAnswer),
  "ms",
  `bare ws ${drift(bare.fromAnswer).toFixed(2)} ms; last tenth's p50 - first tenth's, client side from the answer; target ~0`,
);
