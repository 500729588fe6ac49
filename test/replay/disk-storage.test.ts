/**
 * Replay from a tape read from disk as it plays (plain and gzip, torn tails included) sends the
 * same frames at the same virtual times as replay from a tape held in memory; seeking gives the
 * same following frames; a tape changed under a running replay ends only the sessions that read
 * it, with a plain reason.
 */
import {
  appendFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  truncateSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { createReplayHub, createReplaySession } from "../../src/replay/engine.js";
import { SessionClock, type Speed } from "../../src/replay/session-clock.js";
import { loadTapeIndex, type TapeIndex } from "../../src/replay/tape-index.js";
import { VirtualTimer } from "../../src/replay/timer.js";
import type { EventInput } from "../../src/tape/events.js";
import { openTapeWriter } from "../../src/tape/writer.js";
import { type Sent, testOutlet } from "./harness.js";

const dir = mkdtempSync(join(tmpdir(), "tapedeck-disk-"));
let tapeNo = 0;

interface Shape {
  frames: Array<{ gapUs: number; contract: number; messages: number; pad: number; tm: boolean }>;
  gzip: boolean;
  torn: "none" | "line" | "cut";
  flushEvery: number;
}

const shapeArb: fc.Arbitrary<Shape> = fc.record({
  frames: fc.array(
    fc.record({
      gapUs: fc.integer({ min: 0, max: 40_000 }),
      contract: fc.constantFrom(3001, 4001),
      messages: fc.integer({ min: 1, max: 3 }),
      pad: fc.nat({ max: 600 }),
      tm: fc.boolean(),
    }),
    { minLength: 1, maxLength: 80 },
  ),
  gzip: fc.boolean(),
  torn: fc.constantFrom("none", "line", "cut"),
  flushEvery: fc.integer({ min: 1, max: 12 }),
});

function quote(contractId: number, n: number): string {
  return JSON.stringify({
    e: "md",
    d: {
      quotes: [
        {
          timestamp: new Date(Date.UTC(2026, 10, 25, 14) + n).toISOString(),
          contractId,
          entries: { Bid: { price: 6000 + (n % 40) * 0.25, size: n % 9 } },
        },
      ],
    },
  });
}

/** Writes the tape `shape` describes through the tape writer; returns its path. */
async function writeTape(shape: Shape): Promise<string> {
  const path = join(dir, `t${++tapeNo}.tape.jsonl${shape.gzip ? ".gz" : ""}`);
  const w = await openTapeWriter({ path, flushIntervalMs: 60_000 });
  const ev = (e: EventInput) => w.write(e);
  let t = 1000;
  const step = () => {
    t += 10;
    return t;
  };
  ev({
    k: "open",
    t,
    c: 2,
    url: "wss://md.tradovateapi.com/v1/websocket",
    proto: "tradovate",
    role: "md",
  });
  ev({ k: "send", t: step(), c: 2, text: "authorize\n0\n\ntok" });
  ev({ k: "recv", t: step(), c: 2, text: 'a[{"s":200,"i":0}]' });
  for (const [i, id] of [3001, 4001].entries()) {
    ev({ k: "send", t: step(), c: 2, text: `md/subscribeQuote\n${i + 1}\n\n{"symbol":${id}}` });
    ev({ k: "recv", t: step(), c: 2, text: `a[{"s":200,"i":${i + 1},"d":{}}]` });
  }
  ev({
    k: "open",
    t,
    c: 3,
    url: "wss://trademanagergroup.com:5000/ws",
    proto: "trademanager",
    role: "trademanager",
  });
  ev({ k: "send", t: step(), c: 3, text: '{"type":"AUTH","user":"u","token":"x"}' });
  ev({ k: "recv", t: step(), c: 3, text: '{"data":"ok"}' });
  let n = 0;
  for (const [k, f] of shape.frames.entries()) {
    t += f.gapUs;
    if (f.tm) {
      // Padding with characters JSON escapes, so line bytes and text lengths differ.
      const ticker = `ES1!${'é\\"\u2028'.repeat(f.pad >> 2)}`;
      ev({ k: "recv", t, c: 3, text: JSON.stringify({ type: "DATA", data: { ticker, n: k } }) });
    } else {
      const msgs = Array.from({ length: f.messages }, () => quote(f.contract, n++));
      ev({ k: "recv", t, c: 2, text: `a[${msgs.join(",")}]` });
    }
    if ((k + 1) % shape.flushEvery === 0) await w.flush();
  }
  await w.close();
  if (shape.torn === "line")
    appendFileSync(path, shape.gzip ? Buffer.from([0x1f]) : '{"seq":99999,"t":');
  if (shape.torn === "cut") {
    const size = readFileSync(path).length;
    truncateSync(path, Math.max(200, size - 37));
  }
  return path;
}

/** What a client that subscribes to both contracts and logs in to Trade Manager receives. */
function play(
  index: TapeIndex,
  speed: Speed,
  seekTo?: { seq: number } | { tapeUs: number },
): Sent[] {
  const timer = new VirtualTimer();
  const s = createReplaySession(index, new SessionClock(timer, speed), {
    silentTimeoutMs: 0,
    heartbeatMs: 1e9,
    clockEventMs: 1e9,
  });
  const md = testOutlet(timer);
  const tm = testOutlet(timer);
  const c = s.connect("md", md);
  c.receive("authorize\n0\n\ntok", false);
  c.receive('md/subscribeQuote\n1\n\n{"symbol":3001}', false);
  c.receive('md/subscribeQuote\n2\n\n{"symbol":4001}', false);
  s.connect("trademanager", tm).receive('{"type":"AUTH","user":"u","token":"x"}', false);
  if (seekTo !== undefined) {
    timer.advance(0);
    if ("seq" in seekTo) s.seekSeq(seekTo.seq);
    else s.seek(seekTo.tapeUs);
  }
  timer.runUntilIdle(1_000_000, 1e7);
  s.close();
  return [...md.frames.map((f) => ({ ...f, text: `md ${f.text}` })), ...tm.frames];
}

describe("replay from disk equals replay from memory", () => {
  test("frame for frame and at the same virtual times, at max and at 10x", async () => {
    await fc.assert(
      fc.asyncProperty(shapeArb, fc.constantFrom<Speed>("max", 10), async (shape, speed) => {
        const path = await writeTape(shape);
        const memory = await loadTapeIndex(path, { storage: "memory" });
        // Tiny blocks and access points, so lines cross block boundaries and gzip tapes are
        // read from many points.
        const disk = await loadTapeIndex(path, {
          storage: "disk",
          blockBytes: 512,
          pointSpacing: 256,
        });
        try {
          // A gzip tape whose only sync flush was cut off falls back to memory, correctly.
          if (!shape.gzip) expect(disk.storage).toBe("disk");
          const want = play(memory, speed);
          const data = want.filter((f) => f.text.includes("quotes") || f.text.includes("DATA"));
          if (shape.torn === "none") expect(data.length).toBeGreaterThan(0);
          expect(play(disk, speed)).toEqual(want);
          // The index saved beside the tape gives the same replay when read back.
          if (disk.storage === "disk") {
            const again = await loadTapeIndex(path, { storage: "disk", blockBytes: 512 });
            expect(again.fromCache).toBe(true);
            expect(play(again, speed)).toEqual(want);
            again.close();
          }
        } finally {
          disk.close();
        }
      }),
      { numRuns: 60 },
    );
  });

  test("seeking to any seq or time gives the same following frames as a full read", async () => {
    await fc.assert(
      fc.asyncProperty(shapeArb, fc.nat(), fc.boolean(), async (shape, pick, byTime) => {
        const path = await writeTape({ ...shape, torn: "none" });
        const memory = await loadTapeIndex(path, { storage: "memory" });
        const disk = await loadTapeIndex(path, {
          storage: "disk",
          blockBytes: 700,
          pointSpacing: 300,
        });
        try {
          const seq = 1 + (pick % memory.stats.events);
          expect(disk.timeOfSeq(seq)).toBe(memory.timeOfSeq(seq));
          // By time: any tape time up to just past the last event, not only event times.
          const span = (memory.timeOfSeq(memory.stats.events) ?? 0) + 2;
          const to = byTime ? { tapeUs: pick % span } : { seq };
          const want = play(memory, "max", to);
          expect(play(disk, "max", to)).toEqual(want);
        } finally {
          disk.close();
        }
      }),
      { numRuns: 40 },
    );
  });

  test("a gzip tape keeps access points a block apart and replays from them", async () => {
    const frames = Array.from({ length: 400 }, (_, k) => ({
      gapUs: 1000,
      contract: 3001,
      messages: 1,
      pad: 0,
      tm: k % 5 === 0,
    }));
    const path = await writeTape({ frames, gzip: true, torn: "none", flushEvery: 3 });
    const disk = await loadTapeIndex(path, { storage: "disk", pointSpacing: 4096 });
    const memory = await loadTapeIndex(path, { storage: "memory" });
    expect(disk.storage).toBe("disk");
    expect(play(disk, "max")).toEqual(play(memory, "max"));
    disk.close();
  });
});

describe("the index saved beside the tape", () => {
  const frames = Array.from({ length: 300 }, (_, k) => ({
    gapUs: 1000,
    contract: k % 2 ? 3001 : 4001,
    messages: 1 + (k % 3),
    pad: k,
    tm: k % 7 === 0,
  }));

  test("is reused while the tape is unchanged, and rebuilt when it is stale", async () => {
    const path = await writeTape({ frames, gzip: false, torn: "none", flushEvery: 10 });
    const memory = await loadTapeIndex(path, { storage: "memory" });
    const want = play(memory, "max");
    const builds: { path: string; bytes: number; cachePath: string | undefined }[] = [];
    const onBuild = (b: (typeof builds)[number]) => builds.push(b);
    const built = await loadTapeIndex(path, { storage: "disk", onBuild });
    expect(built.fromCache).toBe(false);
    expect(existsSync(`${path}.tdx`)).toBe(true);
    // A caller is told the tape is being read whole, with its size, before the wait.
    expect(builds).toEqual([{ path, bytes: readFileSync(path).length, cachePath: `${path}.tdx` }]);
    built.close();
    const reused = await loadTapeIndex(path, { storage: "disk", onBuild });
    expect(reused.fromCache).toBe(true);
    expect(builds).toHaveLength(1);
    expect(play(reused, "max")).toEqual(want);
    reused.close();
    // Appended to: the saved index covers only a prefix now, so it is rebuilt over the whole.
    appendFileSync(
      path,
      `${readFileSync(path, "utf8")
        .trimEnd()
        .split("\n")
        .at(-1)!
        .replace(/"seq":\d+/, '"seq":99999')}\n`,
    );
    const rebuilt = await loadTapeIndex(path, { storage: "disk" });
    expect(rebuilt.fromCache).toBe(false);
    expect(rebuilt.stats.events).toBe(memory.stats.events + 1);
    rebuilt.close();
  });

  test("a damaged index file is ignored and replaced", async () => {
    const path = await writeTape({ frames, gzip: true, torn: "none", flushEvery: 10 });
    (await loadTapeIndex(path, { storage: "disk", pointSpacing: 2048 })).close();
    const saved = readFileSync(`${path}.tdx`);
    writeFileSync(`${path}.tdx`, saved.subarray(0, saved.length >> 1));
    const again = await loadTapeIndex(path, { storage: "disk", pointSpacing: 2048 });
    expect(again.fromCache).toBe(false);
    const memory = await loadTapeIndex(path, { storage: "memory" });
    expect(play(again, "max")).toEqual(play(memory, "max"));
    again.close();
    expect((await loadTapeIndex(path, { storage: "disk" })).fromCache).toBe(true);
  });
});

describe("a tape changed under a running replay", () => {
  /** A long plain tape, read from disk in small blocks, and a hub serving it. */
  async function running() {
    const frames = Array.from({ length: 600 }, () => ({
      gapUs: 1000,
      contract: 3001,
      messages: 1,
      pad: 0,
      tm: false,
    }));
    const path = await writeTape({ frames, gzip: false, torn: "none", flushEvery: 50 });
    const index = await loadTapeIndex(path, { storage: "disk", blockBytes: 4096 });
    const timer = new VirtualTimer();
    const logs: string[] = [];
    const hub = createReplayHub(index, "connection", {
      timer,
      speed: 1,
      silentTimeoutMs: 0,
      log: (l) => logs.push(l),
    });
    const out = testOutlet(timer);
    const c = hub.connect("md", out);
    c.receive("authorize\n0\n\ntok", false);
    c.receive('md/subscribeQuote\n1\n\n{"symbol":3001}', false);
    timer.advance(50); // about 50 quotes: the first blocks only
    return { path, index, timer, hub, out, logs };
  }

  test("truncated: the reading session is closed with the reason; the hub serves others", async () => {
    const r = await running();
    const before = r.out.data().length;
    expect(before).toBeGreaterThan(10);
    truncateSync(r.path, 3000);
    r.timer.advance(1000);
    expect(r.out.closedWith?.code).toBe(1011);
    expect(r.out.closedWith?.reason).toMatch(/shrank/);
    expect(r.logs.join("\n")).toMatch(
      /t\d+\.tape\.jsonl: the file shrank to 3000 bytes since it was indexed/,
    );
    // A new client on the same hub still connects and is answered.
    const other = testOutlet(r.timer);
    r.hub.connect("md", other).receive("authorize\n0\n\ntok", false);
    r.timer.advance(1);
    expect(other.frames.map((f) => f.text)).toContain('a[{"s":200,"i":0}]');
    r.hub.close();
    r.index.close();
  });

  test("rewritten in place: detected by the indexed bytes, not served", async () => {
    const r = await running();
    const bytes = readFileSync(r.path);
    writeFileSync(
      r.path,
      Buffer.concat([bytes.subarray(0, bytes.length - 200), Buffer.alloc(200, 0x20)]),
    );
    r.timer.advance(1000);
    expect(r.out.closedWith?.reason).toMatch(/rewritten/);
    r.hub.close();
    r.index.close();
  });

  test("appended to (a recording still going): replay carries on", async () => {
    const r = await running();
    appendFileSync(r.path, "\n");
    r.timer.advance(2000);
    expect(r.out.closedWith).toBeUndefined();
    expect(r.out.data().filter((f) => f.text.includes("quotes"))).toHaveLength(600);
    r.hub.close();
    r.index.close();
  });
});
