import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readTapeAll } from "../../src/tape/reader.js";
import { repoRoot } from "../helpers/cli.js";
import { killEvent } from "./kill-events.js";

const dir = mkdtempSync(join(tmpdir(), "tapedeck-kill-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Flush reports to see before the kill: enough that the child is mid-stream, not starting up. */
const FLUSHES_BEFORE_KILL = 4;
/** Upper bound on the whole child run; a bound against hanging, not a measurement. */
const WATCHDOG_MS = 25_000;

/**
 * Runs the writing child until it has reported FLUSHES_BEFORE_KILL flushes with events, kills it
 * with SIGKILL, and returns the highest seq it reported as flushed.
 */
function runAndKill(tape: string): Promise<number> {
  const child = spawn(process.execPath, ["--import", "tsx", "test/tape/kill-child.ts", tape], {
    cwd: repoRoot,
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let lastReported = 0;
    let reports = 0;
    let stdout = "";
    let stderr = "";
    let killed = false;
    const watchdog = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`child made no progress (reports: ${reports}); stderr: ${stderr}`));
    }, WATCHDOG_MS);
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    child.stdout.on("data", (d: Buffer) => {
      if (killed) return;
      stdout += d.toString();
      const lines = stdout.split("\n");
      stdout = lines.pop() ?? "";
      for (const line of lines) {
        const seq = Number(line);
        if (seq > 0) {
          lastReported = seq;
          reports += 1;
        }
      }
      if (reports >= FLUSHES_BEFORE_KILL) {
        killed = true;
        child.kill("SIGKILL");
      }
    });
    child.on("exit", (code, signal) => {
      clearTimeout(watchdog);
      if (signal === "SIGKILL" && killed) resolve(lastReported);
      else reject(new Error(`child ended by itself (code ${code}, signal ${signal}): ${stderr}`));
    });
  });
}

describe("a writer killed with SIGKILL", () => {
  for (const name of ["killed.tape.jsonl", "killed.tape.jsonl.gz"]) {
    it(`leaves every flushed event readable (${name})`, async () => {
      const tape = join(dir, name);
      const flushed = await runAndKill(tape);
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
