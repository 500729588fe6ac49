/** Helpers for recording from a real (loopback) replay server: run the CLI, watch the tape. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bufferIo } from "../../src/cli/io.js";
import { runCli } from "../../src/cli/run.js";
import { parseServerFrame } from "../../src/protocols/tradovate/frames.js";
import type { TapeEvent } from "../../src/tape/events.js";
import { readTapeAll } from "../../src/tape/reader.js";

export const FIXTURE = new URL("../fixtures/replay/demo.tape.jsonl", import.meta.url).pathname;

/** Fake credentials, long enough to be masked anywhere. */
export const CREDS = {
  TRADOVATE_USERNAME: "alice",
  TRADOVATE_PASSWORD: "Pa55word-horse-battery",
  TRADOVATE_APP_ID: "tapedeck-test",
  TRADOVATE_APP_VERSION: "1.0",
  TRADOVATE_CID: "8123",
  TRADOVATE_SEC: "sec-f00dfeed-0123456789",
  TRADEMANAGER_TOKEN: "tm-session-9f8e7d6c5b4a",
};

export function tmpDir(): string {
  return mkdtempSync(join(tmpdir(), "tapedeck-rec-"));
}

/** A .env file holding {@link CREDS}; returns its path. */
export function writeEnvFile(dir: string): string {
  const path = join(dir, ".env");
  writeFileSync(
    path,
    Object.entries(CREDS)
      .map(([k, v]) => `${k}=${v}`)
      .join("\n"),
  );
  return path;
}

/** Runs the CLI in-process until `stop()` is called; resolves with exit code and output. */
export function startCli(...argv: string[]) {
  const io = bufferIo();
  const ctl = new AbortController();
  const done = runCli(argv, io, ctl.signal).then((code) => ({
    code,
    stdout: io.stdout,
    stderr: io.stderr,
  }));
  return { io, done, stop: () => ctl.abort("SIGINT") };
}

/** Reads the tape (torn end allowed) until `pred` holds; throws after `ms` with what it saw. */
export async function waitForTape(
  path: string,
  pred: (events: TapeEvent[]) => boolean,
  ms = 15_000,
): Promise<TapeEvent[]> {
  const deadline = Date.now() + ms;
  let last: TapeEvent[] = [];
  for (;;) {
    try {
      last = (await readTapeAll(path)).events;
      if (pred(last)) return last;
    } catch {
      // not written yet
    }
    if (Date.now() > deadline) {
      throw new Error(
        `tape never got there; ${last.length} events: ${JSON.stringify(last.slice(-5))}`,
      );
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Connection numbers of a role. */
export function connsOf(events: readonly TapeEvent[], role: string): number[] {
  return events.flatMap((e) => (e.k === "open" && e.role === role ? [e.c] : []));
}

/** Text frames of kind `k` on connections `cs`. */
export function textsOn(
  events: readonly TapeEvent[],
  k: "send" | "recv",
  cs: readonly number[],
): string[] {
  return events.flatMap((e) =>
    e.k === k && cs.includes(e.c) && e.text !== undefined ? [e.text] : [],
  );
}

/**
 * The Tradovate messages inside received frames, heartbeats and `o` left out, each with its
 * request id removed (the replay answers under the recorder's own ids), grouped by kind so
 * each stream's order can be compared: responses, md quotes/doms/histograms, charts, props.
 */
export function tradovateStreams(frames: readonly string[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const f of frames) {
    const frame = parseServerFrame(f);
    if (frame.kind !== "messages") continue;
    for (const m of frame.messages) {
      const obj = { ...(m.raw as Record<string, unknown>) };
      delete obj.i;
      const d = obj.d as Record<string, unknown> | undefined;
      const kind =
        m.type === "response"
          ? "response"
          : obj.e === "md" && d
            ? `md:${Object.keys(d).sort().join(",")}`
            : String(obj.e);
      const list = out[kind] ?? [];
      list.push(JSON.stringify(obj));
      out[kind] = list;
    }
  }
  return out;
}

/** Total messages in {@link tradovateStreams}. */
export function countMessages(frames: readonly string[]): number {
  return Object.values(tradovateStreams(frames)).reduce((n, l) => n + l.length, 0);
}
