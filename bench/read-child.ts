/**
 * The tape-read benchmark's reader, run as its own process so its peak RSS is its own.
 * `tape`: streams the tape with the tape reader a chunk's entries at a time (as the replay index
 * and `openTape` read it); `entries`: the same, one entry per step; `raw`: splits the same file
 * into lines with nothing else; `json`: splits the same way and JSON.parses each line (the floor
 * for any reader that decodes events). Prints `<events or lines> <µs> <peak RSS bytes>`.
 * Usage: read-child.ts <mode> <path>
 */
import { createReadStream } from "node:fs";
import { openTapeEntries } from "../src/tape/reader.js";

const [mode, path] = process.argv.slice(2);
if (!path || !["tape", "entries", "raw", "json"].includes(mode ?? ""))
  throw new Error("usage: read-child.ts tape|entries|raw|json <path>");

const start = performance.now();
let count = 0;
if (mode === "tape") {
  const tape = await openTapeEntries(path);
  for await (const batch of tape.batches) count += batch.length;
} else if (mode === "entries") {
  const tape = await openTapeEntries(path);
  for await (const _ of tape.entries) count += 1;
} else {
  // The same 64 KiB chunks the tape reader asks for; a line is a subarray (or a concat across
  // chunks), the least a line splitter can do.
  let carry: Buffer | undefined;
  for await (const chunk of createReadStream(path, {
    highWaterMark: 64 * 1024,
  }) as AsyncIterable<Buffer>) {
    let from = 0;
    for (let nl = chunk.indexOf(10); nl !== -1; nl = chunk.indexOf(10, from)) {
      const line = carry
        ? Buffer.concat([carry, chunk.subarray(from, nl)])
        : chunk.subarray(from, nl);
      carry = undefined;
      if (mode === "json") JSON.parse(line.toString("utf8"));
      count += 1;
      from = nl + 1;
    }
    if (from < chunk.length)
      carry = carry ? Buffer.concat([carry, chunk.subarray(from)]) : chunk.subarray(from);
  }
  count -= 1; // the header line, so both modes count events
}
const us = Math.round((performance.now() - start) * 1000);
process.stdout.write(`${count} ${us} ${process.resourceUsage().maxRSS * 1024}\n`);
