/**
 * Recording from a local firehose at rising rates: the firehose (another process) sends
 * numbered frames for SECONDS at each rate; the recorder (src/record: a Recording fed by a
 * SocketSource, as `tapedeck record` runs them) writes them to a tape. A rate counts as kept up
 * when the tape holds every frame, numbers and seqs contiguous, and the last frame arrived within
 * 10% of the sending time (otherwise the recorder was falling behind, buffering in TCP).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import WebSocket from "ws";
import { realTimers } from "../src/live/timers.js";
import { Recording } from "../src/record/recording.js";
import { SocketSource } from "../src/record/socket-source.js";
import { readTapeAll } from "../src/tape/reader.js";
import { report } from "./report.js";

const RATES = [10_000, 25_000, 50_000, 60_000, 75_000, 100_000, 200_000];
const SECONDS = 1;

const server = spawn(process.execPath, ["--import", "tsx", "bench/firehose-server.ts"], {
  stdio: ["ignore", "pipe", "inherit"],
});
const port = await new Promise<number>((resolve, reject) => {
  server.stdout.setEncoding("utf8").once("data", (s: string) => resolve(Number(s.trim())));
  server.once("error", reject);
});
const dir = mkdtempSync(join(tmpdir(), "tapedeck-bench-"));

/** Records one burst; returns the achieved rate and whether nothing was lost. */
async function recordAt(rate: number): Promise<{ achieved: number; lossless: boolean }> {
  const count = rate * SECONDS;
  const path = join(dir, `firehose-${rate}.tape.jsonl`);
  const recording = await Recording.open({ dir, label: "firehose", path, timers: realTimers });
  let started = 0;
  let finished = 0;
  const done = new Promise<void>((resolve) => {
    const source = new SocketSource({
      name: "firehose",
      url: () => `ws://127.0.0.1:${port}/`,
      proto: "raw",
      recording,
      timers: realTimers,
      random: Math.random,
      session: (conn) => ({
        opened() {
          started = performance.now();
          conn.send(`go ${rate} ${count}`);
        },
        text(text) {
          if (text !== "end") return;
          finished = performance.now();
          void source.stop().then(() => resolve());
        },
      }),
    });
    void source.start();
  });
  await done;
  await recording.finish();
  const back = await readTapeAll(path);
  const numbers = back.events.flatMap((e) =>
    e.k === "recv" && e.text?.startsWith('{"n":') ? [(JSON.parse(e.text) as { n: number }).n] : [],
  );
  const contiguousSeq = back.events.every((e, i) => e.seq === i + 1);
  const allFrames = numbers.length === count && numbers.every((n, i) => n === i);
  rmSync(path);
  return {
    achieved: count / ((finished - started) / 1000),
    lossless: contiguousSeq && allFrames,
  };
}

/** The same burst into a bare `ws` client that only counts: what the firehose itself reaches. */
async function bareAt(rate: number): Promise<number> {
  const count = rate * SECONDS;
  const ws = new WebSocket(`ws://127.0.0.1:${port}/`);
  let started = 0;
  let seen = 0;
  return new Promise((resolve) => {
    ws.on("open", () => {
      started = performance.now();
      ws.send(`go ${rate} ${count}`);
    });
    ws.on("message", (data) => {
      if (data.toString() !== "end") {
        seen += 1;
        return;
      }
      const achieved = seen / ((performance.now() - started) / 1000);
      ws.close();
      resolve(achieved);
    });
  });
}

let best = 0;
try {
  for (const rate of RATES) {
    const bare = await bareAt(rate);
    report(`record firehose at ${rate.toLocaleString("en-US")}/s, bare client`, bare, "frames/s");
    const r = await recordAt(rate);
    const keptUp = r.lossless && r.achieved >= rate * 0.9;
    report(
      `record firehose at ${rate.toLocaleString("en-US")}/s`,
      r.achieved,
      "frames/s recorded",
      `${(r.achieved / bare).toFixed(2)}x bare; ${r.lossless ? "no loss, seq contiguous" : "LOSS"}${keptUp ? "" : ", fell behind"}`,
    );
    if (keptUp) best = rate;
    else break;
  }
  report("record firehose highest kept-up rate", best, "frames/s", "target >= 60,000");
} finally {
  server.kill("SIGTERM");
  rmSync(dir, { recursive: true, force: true });
}
