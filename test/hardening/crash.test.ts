/**
 * Crash safety at scale: RECORDINGS writer processes (test/tape/kill-child.ts, plain and gzip),
 * each killed with SIGKILL after a random number of flushes plus a random delay. Every tape must
 * read, its seqs must run 1, 2, 3, ... without a hole (a torn last line is allowed and skipped),
 * every event must be exactly what the child wrote, and every event the child reported flushed
 * before the kill must be there.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, test } from "vitest";
import { readTapeAll, type TornLine } from "../../src/tape/reader.js";
import { killEvent } from "../tape/kill-events.js";
import { type KillPlan, runAndKill } from "../tape/kill-runner.js";

const RECORDINGS = 20;
/** Children alive at once: the machine has two cores. */
const PARALLEL = 4;
/** A bound against a child that never gets going; not a measurement. */
const WATCHDOG_MS = 40_000;

const dir = mkdtempSync(join(tmpdir(), "tapedeck-crash-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("crash safety", () => {
  test(`${RECORDINGS} writers killed with SIGKILL at random moments leave readable, hole-free tapes`, async () => {
    const plans = fc.sample(
      fc.record({
        flushes: fc.integer({ min: 1, max: 8 }),
        delayMs: fc.integer({ min: 0, max: 40 }),
      }),
      { seed: Number(process.env.CRASH_SEED ?? 8), numRuns: RECORDINGS },
    );
    const results: Array<{ tape: string; flushed: number }> = [];
    let next = 0;
    const worker = async () => {
      while (next < plans.length) {
        const k = next++;
        const tape = join(dir, `killed-${k}.tape.jsonl${k % 2 === 1 ? ".gz" : ""}`);
        results.push({ tape, flushed: await runAndKill(tape, plans[k] as KillPlan, WATCHDOG_MS) });
      }
    };
    await Promise.all(Array.from({ length: PARALLEL }, worker));
    expect(results).toHaveLength(RECORDINGS);

    let events = 0;
    let torn = 0;
    for (const { tape, flushed } of results) {
      let tornLine: TornLine | undefined;
      const back = await readTapeAll(tape, { onTorn: (t) => (tornLine = t) });
      if (tornLine) torn += 1;
      expect(flushed, tape).toBeGreaterThan(0);
      expect(back.events.length, tape).toBeGreaterThanOrEqual(flushed);
      back.events.forEach((e, i) => {
        expect(e.seq, `${tape}: hole before event ${i + 1}`).toBe(i + 1);
        expect(e, tape).toMatchObject(killEvent(i + 1));
      });
      events += back.events.length;
    }
    console.log(
      `crash: ${RECORDINGS} killed writers, ${events} events read back, ${torn} torn tails`,
    );
  }, 120_000);
});
