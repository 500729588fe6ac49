/**
 * Streaming tape read against raw line splitting of the same file, each in its own process,
 * with peak RSS. The tape is 200 MB, not the 1 GB: writing and reading 1 GB twice on a
 * shared 2-core machine would take most of the bench's 3-minute budget by itself; the reader
 * holds one line at a time, so its memory does not grow with the file.
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeBigTape } from "./big-tape.js";
import { runScript } from "./child.js";
import { ofBaseline, report } from "./report.js";

const BYTES = 200 * 1024 * 1024;
const dir = mkdtempSync(join(tmpdir(), "tapedeck-bench-"));
const tape = join(dir, "big.tape.jsonl");
try {
  const events = writeBigTape(tape, BYTES);
  const mb = statSync(tape).size / (1024 * 1024);
  const run = async (mode: string) => {
    const [count, us, rss] = (await runScript("bench/read-child.ts", [mode, tape]))
      .trim()
      .split(" ")
      .map(Number);
    if (count !== events) throw new Error(`${mode} read ${count} events, expected ${events}`);
    return { mbps: mb / ((us as number) / 1e6), rss: (rss as number) / (1024 * 1024) };
  };
  const raw = await run("raw");
  const json = await run("json");
  const read = await run("tape");
  report(`tape read ${mb.toFixed(0)} MB raw line split`, raw.mbps, "MB/s");
  report(
    `tape read ${mb.toFixed(0)} MB line split + JSON.parse`,
    json.mbps,
    "MB/s",
    ofBaseline(json.mbps, raw.mbps),
  );
  report(
    `tape read ${mb.toFixed(0)} MB streaming`,
    read.mbps,
    "MB/s",
    `${ofBaseline(read.mbps, raw.mbps)}, target >= 0.5`,
  );
  report(
    "tape read peak RSS",
    read.rss,
    "MB",
    `raw split ${raw.rss.toFixed(0)} MB; target < 200 MB`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
