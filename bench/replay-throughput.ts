/**
 * Replay throughput at `--speed max`, one message per frame and with `--batch`, against a bare
 * `ws` server sending the same frames (one per frame, or grouped 256 to a frame as the replay
 * server groups at max). The client is another process; each side runs ROUNDS times, the median
 * counts.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULTS } from "../src/replay/defaults.js";
import { startReplayServer } from "../src/replay/server.js";
import { loadTapeIndex } from "../src/replay/tape-index.js";
import { startBareServer } from "./bare-server.js";
import { runScript } from "./child.js";
import { writeMdTape } from "./md-tape.js";
import { median, ofBaseline, report } from "./report.js";

const MESSAGES = 50_000;
const ROUNDS = 3;
/** The replay server puts at most this many messages in one turn (and so one batch). */
const PER_TURN = 256;

const dir = mkdtempSync(join(tmpdir(), "tapedeck-bench-"));
const tape = join(dir, "md.tape.jsonl");
const texts = writeMdTape(
  tape,
  Array.from({ length: MESSAGES }, (_, i) => i * 10),
);
const single = texts.map((t) => `a[${t}]`);
const grouped: string[] = [];
for (let i = 0; i < texts.length; i += PER_TURN) {
  grouped.push(`a[${texts.slice(i, i + PER_TURN).join(",")}]`);
}

// Indexed once: the benchmark measures serving, not start-up.
const index = await loadTapeIndex(tape);

async function clientMicros(url: string): Promise<number> {
  return Number((await runScript("bench/throughput-client.ts", [url, String(MESSAGES)])).trim());
}

async function replayRun(batch: boolean): Promise<number> {
  const server = await startReplayServer({ tapes: [index], speed: "max", batch });
  try {
    return await clientMicros(server.urls.md);
  } finally {
    await server.close();
  }
}

async function bareRun(frames: readonly string[]): Promise<number> {
  const server = await startBareServer(frames, DEFAULTS.backpressureBytes);
  try {
    return await clientMicros(server.url);
  } finally {
    await server.close();
  }
}

for (const batch of [false, true]) {
  const replay: number[] = [];
  const bare: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    replay.push(await replayRun(batch));
    bare.push(await bareRun(batch ? grouped : single));
  }
  const rate = (us: number) => MESSAGES / (us / 1e6);
  const mine = rate(median(replay));
  const base = rate(median(bare));
  const name = batch ? "replay throughput --batch" : "replay throughput max";
  report(`${name} (bare ws)`, base, "msg/s");
  report(name, mine, "msg/s", `${ofBaseline(mine, base)}, target >= 0.8`);
}
rmSync(dir, { recursive: true, force: true });
