import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readTapeAll } from "../../src/tape/reader.js";
import { killEvent } from "./kill-events.js";
import { runAndKill } from "./kill-runner.js";

const dir = mkdtempSync(join(tmpdir(), "tapedeck-kill-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Flush reports to see before the kill: enough that the child is mid-stream, not starting up. */
const FLUSHES_BEFORE_KILL = 4;
/** Upper bound on the whole child run; a bound against hanging, not a measurement. */
const WATCHDOG_MS = 25_000;

describe("a writer killed with SIGKILL", () => {
  for (const name of ["killed.tape.jsonl", "killed.tape.jsonl.gz"]) {
    it(`leaves every flushed event readable (${name})`, async () => {
      const tape = join(dir, name);
      const flushed = await runAndKill(
        tape,
        { flushes: FLUSHES_BEFORE_KILL, delayMs: 0 },
        WATCHDOG_MS,
      );
      expect(flushed).toBeGreaterThan(0);

      const back = await readTapeAll(tape);
      // Everything the child reported flushed is there, seq contiguous from 1, content intact;
      // events written after the last report may or may not be (the kill races the next flush).
      expect(back.events.length).toBeGreaterThanOrEqual(flushed);
      back.events.forEach((e, i) => {
        expect(e).toMatchObject({ ...killEvent(i + 1), seq: i + 1 });
      });
      const ts = back.events.map((e) => e.t);
      expect(ts).toEqual([...ts].sort((a, b) => a - b));
    });
  }
});
