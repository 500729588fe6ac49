import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { test } from "@fast-check/vitest";
import fc from "fast-check";
import { afterAll, describe, expect } from "vitest";
import { InputError } from "../../src/errors.js";
import { ManualClock } from "../../src/tape/clock.js";
import { frameBytes, type TapeEvent } from "../../src/tape/events.js";
import {
  parseEventLine,
  readTapeAll,
  serializeEvent,
  type TornLine,
} from "../../src/tape/reader.js";
import { openTapeWriter } from "../../src/tape/writer.js";
import { anyBytes, anyEventInput, anyTimedInput } from "./roundtrip-arbitraries.js";

const dir = mkdtempSync(join(tmpdir(), "tapedeck-roundtrip-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const freshPath = (gz: boolean) => join(dir, `t${++n}.tape.jsonl${gz ? ".gz" : ""}`);

/** Writes the inputs, flushing where `flushAt` says, and returns what write() reported. */
async function writeTape(
  path: string,
  inputs: {
    input: Parameters<Awaited<ReturnType<typeof openTapeWriter>>["write"]>[0];
    advance: number;
  }[],
  flushAt: (i: number) => boolean,
  onFlush?: (lastSeq: number) => void,
) {
  const clock = new ManualClock(1_000_000);
  const writer = await openTapeWriter({ path, clock, onFlush });
  const written: TapeEvent[] = [];
  const expected: unknown[] = [];
  for (const [i, { input, advance }] of inputs.entries()) {
    clock.advance(advance);
    const t = input.t ?? clock.nowMicros() - 1_000_000;
    written.push(writer.write(input));
    expected.push({ ...input, seq: i + 1, t });
    if (flushAt(i)) await writer.flush();
  }
  await writer.close();
  return { written, expected, header: writer.header };
}

describe("write then read", () => {
  test.prop([fc.array(anyTimedInput, { maxLength: 25 }), fc.boolean(), fc.func(fc.boolean())], {
    numRuns: 120,
  })(
    "any events come back identical, seq 1..n, t as given or from the clock",
    async (inputs, gz, flushAt) => {
      const path = freshPath(gz);
      const { written, expected, header } = await writeTape(path, inputs, flushAt);
      const back = await readTapeAll(path);
      expect(back.torn).toBeUndefined();
      expect(back.header).toEqual(header);
      expect(back.events).toEqual(expected);
      expect(back.events).toEqual(written);
    },
  );

  test.prop([fc.array(fc.tuple(fc.boolean(), anyBytes), { maxLength: 20 })], { numRuns: 40 })(
    "binary frames keep their bytes exactly",
    async (frames) => {
      const path = freshPath(false);
      const writer = await openTapeWriter({ path, clock: new ManualClock() });
      for (const [recv, bytes] of frames) {
        writer.write({
          k: recv ? "recv" : "send",
          c: 1,
          b64: Buffer.from(bytes).toString("base64"),
        });
      }
      await writer.close();
      const back = await readTapeAll(path);
      expect(
        back.events.map((e) => (e.k === "recv" || e.k === "send" ? [...frameBytes(e)] : null)),
      ).toEqual(frames.map(([, bytes]) => [...bytes]));
    },
  );
});

describe("one line", () => {
  test.prop([anyEventInput, fc.nat(), fc.integer({ min: 1, max: 1e9 })])(
    "serializeEvent and parseEventLine are inverse, and the line is canonical",
    (input, t, seq) => {
      const event = { ...input, seq, t } as TapeEvent;
      const line = serializeEvent(event);
      expect(line).not.toContain("\n");
      expect(line.startsWith(`{"seq":${seq},"t":${t},"k":"${event.k}"`)).toBe(true);
      const back = parseEventLine(line, "x.tape.jsonl", 2);
      expect(back).toEqual(event);
      expect(serializeEvent(back)).toBe(line);
    },
  );
});

/** Byte offset where each line ends (excluding its "\n"), line 1 first. */
function lineEnds(bytes: Buffer): number[] {
  const ends: number[] = [];
  for (let i = bytes.indexOf(10); i !== -1; i = bytes.indexOf(10, i + 1)) ends.push(i);
  return ends;
}

describe("a tape cut at any byte", () => {
  test.prop([fc.array(anyTimedInput, { minLength: 1, maxLength: 12 }), fc.nat()], { numRuns: 120 })(
    "plain: reads every whole line before the cut; a partial last line is reported torn",
    async (inputs, cutSeed) => {
      const path = freshPath(false);
      const { written } = await writeTape(path, inputs, () => false);
      const full = readFileSync(path);
      const cut = cutSeed % (full.length + 1);
      writeFileSync(path, full.subarray(0, cut));
      const ends = lineEnds(full);
      const headerEnd = ends[0]!;
      if (cut < headerEnd) {
        await expect(readTapeAll(path)).rejects.toThrow(InputError);
        return;
      }
      const whole = ends.slice(1).filter((end) => end <= cut).length;
      const back = await readTapeAll(path);
      expect(back.events).toEqual(written.slice(0, whole));
      const start = whole === 0 ? headerEnd + 1 : ends[whole]! + 1;
      if (cut > start) {
        expect(back.torn).toEqual<TornLine>({
          file: path,
          line: whole + 2,
          bytes: cut - start,
          reason: `line ${whole + 2} is cut short (${cut - start} bytes, no newline)`,
        });
      } else {
        expect(back.torn).toBeUndefined();
      }
    },
  );

  test.prop([fc.array(anyTimedInput, { minLength: 1, maxLength: 12 }), fc.nat()], { numRuns: 120 })(
    "gzip: reads at least every flushed event before the cut, never a wrong one, and reports the cut",
    async (inputs, cutSeed) => {
      const path = freshPath(true);
      const sizeAtSeq: number[] = [];
      const { written } = await writeTape(
        path,
        inputs,
        () => true,
        (lastSeq) => {
          sizeAtSeq[lastSeq] = statSync(path).size;
        },
      );
      const full = readFileSync(path);
      const cut = cutSeed % (full.length + 1);
      writeFileSync(path, full.subarray(0, cut));
      const headerSize = sizeAtSeq[0]!;
      let back: Awaited<ReturnType<typeof readTapeAll>>;
      try {
        back = await readTapeAll(path);
      } catch (err) {
        // Only a cut before the header's flush point may lose the header.
        expect(err).toBeInstanceOf(InputError);
        expect(cut).toBeLessThan(headerSize);
        return;
      }
      const flushed = sizeAtSeq.findLastIndex((size) => size !== undefined && size <= cut);
      expect(back.events.length).toBeGreaterThanOrEqual(Math.max(flushed, 0));
      expect(back.events).toEqual(written.slice(0, back.events.length));
      if (cut < full.length) expect(back.torn).toBeDefined();
      else expect(back.torn).toBeUndefined();
    },
  );

  test("gzip: a tape whose compressed stream is whole reads without a torn report", async () => {
    const path = freshPath(true);
    writeFileSync(
      path,
      gzipSync('{"tape":1,"id":"a","started":"2026-01-01T00:00:00Z","tool":"x"}\n'),
    );
    expect(await readTapeAll(path)).toEqual({
      header: { tape: 1, id: "a", started: "2026-01-01T00:00:00Z", tool: "x" },
      events: [],
    });
  });
});
