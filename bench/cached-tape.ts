/**
 * A large market-data tape for the read and replay benchmarks, generated once into
 * `bench/.cache/` (not committed) and reused by later runs: one md socket that authorizes and
 * subscribes to ESZ5 quotes, then quote frames 250 µs apart until the file reaches the size.
 */
import { closeSync, existsSync, mkdirSync, openSync, renameSync, writeSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { serializeEvent, serializeHeader } from "../src/tape/line.js";
import { quoteMessage, SUBSCRIBE } from "./md-tape.js";

const CACHE = fileURLToPath(new URL(".cache/", import.meta.url));
const SUBSCRIBED_AT = 1_000_000;
/** Tape time between two quotes, µs. */
export const QUOTE_GAP_US = 250;

/** The path of a cached tape of at least `mb` MiB, writing it first if it is not there yet. */
export function cachedMdTape(mb: number): string {
  const path = join(CACHE, `md-${mb}mb.tape.jsonl`);
  if (existsSync(path)) return path;
  mkdirSync(CACHE, { recursive: true });
  // Written under another name and renamed: an interrupted run leaves no half tape to reuse.
  const partial = `${path}.partial`;
  const fd = openSync(partial, "w");
  const head = [
    serializeHeader({
      tape: 1,
      id: "bench-big",
      started: "2026-11-25T14:00:00.000000Z",
      tool: "bench",
    }),
    ...[
      {
        t: 0,
        k: "open",
        c: 1,
        url: "wss://md.tradovateapi.com/v1/websocket",
        proto: "tradovate",
        role: "md",
      },
      { t: 1000, k: "send", c: 1, text: "authorize\n0\n\nrecorded-token" },
      { t: 2000, k: "recv", c: 1, text: 'a[{"s":200,"i":0}]' },
      { t: SUBSCRIBED_AT - 1000, k: "send", c: 1, text: SUBSCRIBE },
      { t: SUBSCRIBED_AT, k: "recv", c: 1, text: 'a[{"s":200,"i":1,"d":{}}]' },
    ].map((e, i) => serializeEvent({ ...e, seq: i + 1 } as never)),
  ];
  let written = writeSync(fd, `${head.join("\n")}\n`);
  const goal = mb * 1024 * 1024;
  let seq = head.length - 1;
  for (let n = 0; written < goal; ) {
    const lines: string[] = [];
    for (let k = 0; k < 10_000; k++, n++) {
      const t = SUBSCRIBED_AT + 1 + n * QUOTE_GAP_US;
      lines.push(
        serializeEvent({ seq: ++seq, t, k: "recv", c: 1, text: `a[${quoteMessage(n)}]` } as never),
      );
    }
    written += writeSync(fd, `${lines.join("\n")}\n`);
  }
  closeSync(fd);
  renameSync(partial, path);
  return path;
}
