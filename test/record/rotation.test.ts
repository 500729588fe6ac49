/**
 * Rotation: a frame is written to exactly one tape, in order, including frames written while
 * the next tape is being opened; every tape stands alone (re-announced opens, verify clean).
 */
import { readdirSync } from "node:fs";
import fc from "fast-check";
import { expect, test } from "vitest";
import { Recording } from "../../src/record/recording.js";
import { readTapeAll } from "../../src/tape/reader.js";
import { cli } from "../helpers/cli.js";
import { tmpDir } from "./harness.js";
import { VirtualTimers } from "./virtual-timers.js";

async function framesOf(paths: string[]) {
  const all: string[] = [];
  for (const p of paths) {
    const { events } = await readTapeAll(p);
    for (const e of events) if (e.k === "recv" && e.text !== undefined) all.push(e.text);
  }
  return all;
}

test("by size: every frame lands in exactly one tape, in order, across the boundaries", async () => {
  const dir = tmpDir();
  const timers = new VirtualTimers();
  const rec = await Recording.open({ dir, label: "rot", timers, rotate: { bytes: 2000 } });
  const c = rec.open("wss://md.tradovateapi.com/v1/websocket", "tradovate", "md");
  const sent: string[] = [];
  for (let burst = 0; burst < 6; burst++) {
    // A burst written synchronously: part of it arrives while the next tape is opening.
    for (let i = 0; i < 30; i++) {
      const text = `a[{"e":"md","d":{"n":${burst * 30 + i}}}]`;
      sent.push(text);
      rec.frame("recv", c, text);
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  await rec.finish();
  const files = rec.stats().files;
  expect(files.length).toBeGreaterThan(2);
  expect(readdirSync(dir).filter((n) => n.endsWith(".tape.jsonl"))).toHaveLength(files.length);
  // Names sort in recording order, even within one second.
  expect([...files].sort()).toEqual(files);
  expect(files[0]).toMatch(/_rot-p001\.tape\.jsonl$/);
  expect(files[1]).toMatch(/_rot-p002\.tape\.jsonl$/);
  expect(await framesOf(files)).toEqual(sent);
  for (const [k, f] of files.entries()) {
    const { header, events } = await readTapeAll(f);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events[0]).toMatchObject({ k: "open", c, role: "md" });
    if (k > 0) {
      expect(header.meta).toMatchObject({ part: k + 1 });
      expect(events[1]).toMatchObject({ k: "mark", label: "rotated" });
    }
    expect((await cli("verify", f)).code).toBe(0);
  }
});

test("property: any sizes and bursts: the tapes together hold each frame once, in order", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.integer({ min: 300, max: 3000 }),
      fc.array(fc.array(fc.string({ maxLength: 60 }), { maxLength: 25 }), {
        minLength: 1,
        maxLength: 5,
      }),
      async (bytes, bursts) => {
        const dir = tmpDir();
        const rec = await Recording.open({
          dir,
          label: "p",
          timers: new VirtualTimers(),
          rotate: { bytes },
        });
        const c = rec.open("ws://127.0.0.1:1/x", "raw", "other");
        const sent: string[] = [];
        for (const burst of bursts) {
          for (const text of burst) {
            sent.push(text);
            rec.frame("recv", c, text);
          }
          await new Promise((r) => setTimeout(r, 1));
        }
        await rec.finish();
        expect(await framesOf(rec.stats().files)).toEqual(sent);
      },
    ),
    { numRuns: 15 },
  );
});

test("by time: the first write after the period starts the next tape", async () => {
  const dir = tmpDir();
  const timers = new VirtualTimers();
  const rec = await Recording.open({ dir, label: "t", timers, rotate: { ms: 60_000 } });
  const c = rec.open("ws://127.0.0.1:1/x", "raw", "other");
  rec.frame("recv", c, "one");
  timers.advance(59_999);
  rec.frame("recv", c, "two");
  expect(rec.stats().files).toHaveLength(1);
  timers.advance(1);
  rec.frame("recv", c, "three");
  // rotate() joins the rotation already under way rather than starting another.
  await rec.rotate();
  rec.frame("recv", c, "four");
  await rec.finish();
  const files = rec.stats().files;
  expect(files).toHaveLength(2);
  expect(await framesOf([files[0]!])).toEqual(["one", "two", "three"]);
  expect(await framesOf([files[1]!])).toEqual(["four"]);
});

test("an explicit --file keeps its name for part 1; later parts sit beside it with -pNNN", async () => {
  const dir = tmpDir();
  const path = `${dir}/session.tape.jsonl`;
  const rec = await Recording.open({
    dir: "/nonexistent",
    label: "x",
    path,
    timers: new VirtualTimers(),
    rotate: { bytes: 1 },
  });
  const c = rec.open("ws://127.0.0.1:1/x", "raw", "other");
  rec.frame("recv", c, "a");
  await rec.rotate();
  rec.frame("recv", c, "b");
  await rec.finish();
  expect(rec.stats().files.slice(0, 2)).toEqual([path, `${dir}/session-p002.tape.jsonl`]);
  expect(await framesOf(rec.stats().files)).toEqual(["a", "b"]);
});
