/**
 * Streaming tape read against raw line splitting of the same file, each in its own process,
 * with peak RSS, on the 1 GiB market-data tape the disk-replay benchmark uses (generated once
 * into bench/.cache/). The reader holds one chunk's lines at a time, so its memory does not
 * grow with the file. `TAPEDECK_BENCH_DISK_MB` changes the tape size.
 */
import { statSync } from "node:fs";
import { cachedMdTape } from "./cached-tape.js";
import { runScript } from "./child.js";
import { ofBaseline, report } from "./report.js";

const tape = cachedMdTape(Number(process.env.TAPEDECK_BENCH_DISK_MB ?? 1024));
let events: number | undefined;
{
  const mb = statSync(tape).size / (1024 * 1024);
  const run = async (mode: string) => {
    const [count, us, rss] = (await runScript("bench/read-child.ts", [mode, tape]))
      .trim()
      .split(" ")
      .map(Number);
    events ??= count;
    if (count !== events) throw new Error(`${mode} read ${count} events, expected ${events}`);
    return { mbps: mb / ((us as number) / 1e6), rss: (rss as number) / (1024 * 1024) };
  };
  const raw = await run("raw");
  const json = await run("json");
  const read = await run("tape");
  const entries = await run("entries");
  report(`tape read ${mb.toFixed(0)} MB raw line split`, raw.mbps, "MB/s");
  report(
    `tape read ${mb.toFixed(0)} MB line split + JSON.parse`,
    json.mbps,
    "MB/s",
    ofBaseline(json.mbps, raw.mbps),
  );
  report(
    `tape read ${mb.toFixed(0)} MB streaming, a chunk's entries per step`,
    read.mbps,
    "MB/s",
    `${ofBaseline(read.mbps, raw.mbps)}, target >= 0.4`,
  );
  report(
    `tape read ${mb.toFixed(0)} MB streaming, one entry per step`,
    entries.mbps,
    "MB/s",
    ofBaseline(entries.mbps, raw.mbps),
  );
  report(
    "tape read peak RSS",
    read.rss,
    "MB",
    `raw split ${raw.rss.toFixed(0)} MB; target < 200 MB`,
  );
}
