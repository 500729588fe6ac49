/**
 * Replay throughput at `--speed max` against a bare `ws` server sending the same frames one per
 * `send` as backpressure allows: for 1, 10 and 100 concurrent sessions (each client socket its
 * own session; total messages per run fixed, split across them), and for one session with
 * `--batch` against a bare server sending the same 256-message frames. The clients run in
 * another process; each side runs ROUNDS times, interleaved, and the medians count.
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

/** Messages per run, all sessions together (the tape holds this many). */
const MESSAGES = 200_000;
const SESSIONS = [1, 10, 100] as const;
const ROUNDS = 3;
/** Frames the replay server sends to one socket in one write (scheduler CORK_FRAMES). */
const CORK_FRAMES = 64;
/** The replay server puts at most this many messages in one turn (and so one batch). */
const PER_TURN = 256;

const dir = mkdtempSync(join(tmpdir(), "tapedeck-bench-"));

/** A tape of `n` quotes, indexed once (the benchmark measures serving, not start-up). */
async function tapeOf(n: number) {
  const path = join(dir, `md-${n}.tape.jsonl`);
  const texts = writeMdTape(
    path,
    Array.from({ length: n }, (_, i) => i * 10),
  );
  return { index: await loadTapeIndex(path), texts };
}

// Each session of a run gets a tape's worth, so both servers send exactly what is counted.
const tapes = new Map<number, Awaited<ReturnType<typeof tapeOf>>>();
for (const n of SESSIONS) tapes.set(n, await tapeOf(MESSAGES / n));

function framesOf(texts: readonly string[], batch: boolean): string[] {
  if (!batch) return texts.map((t) => `a[${t}]`);
  const grouped: string[] = [];
  for (let i = 0; i < texts.length; i += PER_TURN) {
    grouped.push(`a[${texts.slice(i, i + PER_TURN).join(",")}]`);
  }
  return grouped;
}

async function clientMicros(url: string, sessions: number): Promise<number> {
  const perSession = MESSAGES / sessions;
  const out = await runScript("bench/throughput-client.ts", [
    url,
    String(perSession),
    String(sessions),
  ]);
  return Number(out.trim());
}

async function replayRun(batch: boolean, sessions: number): Promise<number> {
  const { index } = tapes.get(sessions) as Awaited<ReturnType<typeof tapeOf>>;
  const server = await startReplayServer({ tapes: [index], speed: "max", batch });
  try {
    return await clientMicros(server.urls.md, sessions);
  } finally {
    await server.close();
  }
}

async function bareRun(batch: boolean, sessions: number, corkFrames = 1): Promise<number> {
  const { texts } = tapes.get(sessions) as Awaited<ReturnType<typeof tapeOf>>;
  const frames = framesOf(texts, batch);
  const server = await startBareServer(frames, DEFAULTS.backpressureBytes, corkFrames);
  try {
    return await clientMicros(server.url, sessions);
  } finally {
    await server.close();
  }
}

const runs: { name: string; batch: boolean; sessions: number }[] = [
  ...SESSIONS.map((n) => ({
    name: n === 1 ? "replay throughput max" : `replay throughput max, ${n} sessions`,
    batch: false,
    sessions: n,
  })),
  { name: "replay throughput --batch", batch: true, sessions: 1 },
];
for (const { name, batch, sessions } of runs) {
  const replay: number[] = [];
  const bare: number[] = [];
  const bareCorked: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    replay.push(await replayRun(batch, sessions));
    bare.push(await bareRun(batch, sessions));
    if (!batch) bareCorked.push(await bareRun(batch, sessions, CORK_FRAMES));
  }
  // Total messages per second, every session together.
  const rate = (us: number) => MESSAGES / (us / 1e6);
  const mine = rate(median(replay));
  const base = rate(median(bare));
  report(`${name} (bare ws)`, base, "msg/s");
  if (!batch) {
    // The replay server's own grouping, given to the bare server: what the engine costs.
    const corked = rate(median(bareCorked));
    report(`${name} (bare ws, ${CORK_FRAMES} sends a write)`, corked, "msg/s");
    report(
      name,
      mine,
      "msg/s",
      `${ofBaseline(mine, base)}; ${(mine / corked).toFixed(2)}x the corked bare; target >= 0.9`,
    );
  } else report(name, mine, "msg/s", `${ofBaseline(mine, base)}, target >= 0.9`);
}
rmSync(dir, { recursive: true, force: true });
