/**
 * Replay of a 1 GiB tape from disk (generated once into bench/.cache/): a cold start (the
 * index built by reading the whole tape, then saved beside it) and a warm one (the saved index
 * read back). For each: the time to index, the server's peak RSS while it serves one client at
 * max speed, the time from the client's subscribe to its first frame, and the throughput over
 * the first MESSAGES quotes against a bare `ws` server sending the same frames one per send in
 * the same run. `TAPEDECK_BENCH_DISK_MB` changes the tape size.
 */
import { rmSync } from "node:fs";
import { DEFAULTS } from "../src/replay/defaults.js";
import { indexCachePath } from "../src/replay/index-cache.js";
import { startBareServer } from "./bare-server.js";
import { cachedMdTape } from "./cached-tape.js";
import { runScript, startScript } from "./child.js";
import { quoteMessage } from "./md-tape.js";
import { ofBaseline, report } from "./report.js";

const MB = Number(process.env.TAPEDECK_BENCH_DISK_MB ?? 1024);
const MESSAGES = 500_000;
const rate = (us: number) => MESSAGES / (us / 1e6);

const tape = cachedMdTape(MB);

/** One server process over the tape and one client; what it measured. */
async function serve() {
  const server = await startScript("bench/replay-disk-server.ts", [tape]);
  const [, url, indexMs, cached] = server.firstLine.trim().split(" ");
  const client = await runScript("bench/first-frame-client.ts", [url!, String(MESSAGES)]);
  const [firstUs, lastUs] = client.trim().split(" ").map(Number);
  const rss = Number((await server.result).trim().split("\n").at(-1));
  return {
    indexS: Number(indexMs) / 1000,
    fromCache: cached === "1",
    rssMb: rss / (1024 * 1024),
    firstMs: firstUs! / 1000,
    rate: rate(lastUs!),
  };
}

rmSync(indexCachePath(tape), { force: true });
const cold = await serve();
const warm = await serve();
if (cold.fromCache || !warm.fromCache) throw new Error("expected a cold start, then a cached one");

const frames = Array.from({ length: MESSAGES }, (_, n) => `a[${quoteMessage(n)}]`);
const bare = await startBareServer(frames, DEFAULTS.backpressureBytes);
let bareUs: number;
try {
  bareUs = Number(
    (await runScript("bench/throughput-client.ts", [bare.url, String(MESSAGES)])).trim(),
  );
} finally {
  await bare.close();
}
const base = rate(bareUs);
const name = `replay ${MB} MiB from disk`;
report(`${name}: cold index`, cold.indexS, "s", "one streaming pass, then saved");
report(`${name}: warm index`, warm.indexS, "s", "the saved index read back");
report(`${name}: peak RSS, cold`, cold.rssMb, "MB", "indexing, then serving; target < 250 MB");
report(
  `${name}: peak RSS, warm`,
  warm.rssMb,
  "MB",
  "serving from the saved index; target < 250 MB",
);
report(`${name}: first frame`, warm.firstMs, "ms", "after subscribe; target < 1000 ms");
report("replay from disk max (bare ws)", base, "msg/s");
report("replay from disk max", warm.rate, "msg/s", `${ofBaseline(warm.rate, base)}, target >= 0.9`);
