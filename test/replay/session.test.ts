import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { createReplaySession } from "../../src/replay/engine.js";
import { itemAt } from "../../src/replay/frame-list.js";
import { SessionClock } from "../../src/replay/session-clock.js";
import { loadTapeIndex } from "../../src/replay/tape-index.js";
import { VirtualTimer } from "../../src/replay/timer.js";
import type { EventInput, TapeEvent } from "../../src/tape/events.js";
import { serializeEvent, serializeHeader } from "../../src/tape/line.js";
import { EXPECTED, STARTED } from "./fixture-tape.js";
import { demoIndex, messagesOf, testOutlet } from "./harness.js";

async function session(speed: number | "max", silentTimeoutMs = 0) {
  const index = await demoIndex();
  const timer = new VirtualTimer();
  const clock = new SessionClock(timer, speed);
  return { timer, clock, index, s: createReplaySession(index, clock, { silentTimeoutMs }) };
}

describe("backpressure", () => {
  test("a backpressured client holds the session; nothing piles up; it resumes on drain", async () => {
    const { timer, s } = await session("max");
    const out = testOutlet(timer);
    const c = s.connect("md", out);
    c.receive("authorize\n0\n\nx", false);
    out.full = true;
    c.receive('md/subscribeQuote\n1\n\n{"symbol":"ESZ5"}', false);
    timer.advance(1000);
    expect(out.frames.filter((f) => f.text.includes('"quotes"'))).toHaveLength(0);
    expect(s.status().held).toBe(true);
    out.full = false;
    c.drained();
    timer.runUntilIdle(1000, 1100);
    expect(messagesOf(out.frames).filter((m) => m.includes('"quotes"'))).toEqual(EXPECTED.quotes);
    expect(s.status().held).toBe(false);
  });
});

describe("silent clients", () => {
  test("a client that sends nothing is closed after the timeout; a heartbeating one is not", async () => {
    const { timer, s } = await session(1, 10_000);
    const silent = testOutlet(timer);
    const chatty = testOutlet(timer);
    s.connect("md", silent);
    const c = s.connect("md", chatty);
    for (let k = 0; k < 8; k++) {
      timer.advance(2500);
      c.receive("[]", false);
    }
    expect(silent.closedWith).toEqual({ code: 1000, reason: "client silent" });
    expect(silent.frames.at(-1)).toEqual({ at: 10_000, text: 'c[1000,"client silent"]' });
    expect(chatty.closedWith).toBeUndefined();
  });
});

describe("seek", () => {
  test("seek by seq skips the frames before it; seeking back replays them", async () => {
    const { timer, index, s } = await session(1);
    const out = testOutlet(timer);
    const c = s.connect("md", out);
    c.receive("authorize\n0\n\nx", false);
    c.receive('md/subscribeQuote\n1\n\n{"symbol":"ESZ5"}', false);
    // The recorded event carrying the third quote.
    const thirdList = index.tradovate
      .find((x) => x.role === "md")!
      .exchanges.find((e) => e.endpointKey === "md/subscribequote")!.followers;
    const third = itemAt(thirdList, 2);
    expect(s.seekSeq(third.seq)).toBe(true);
    timer.advance(2000);
    expect(messagesOf(out.frames).filter((m) => m.includes('"quotes"'))).toEqual(
      EXPECTED.quotes.slice(2),
    );
    s.seek(0);
    timer.advance(2000);
    expect(messagesOf(out.frames).filter((m) => m.includes('"quotes"'))).toEqual([
      ...EXPECTED.quotes.slice(2),
      ...EXPECTED.quotes,
    ]);
    expect(s.seekSeq(10_000)).toBe(false);
  });
});

describe("the market replay socket's own API", () => {
  const startMs = Date.parse(STARTED);

  test("check, initialize at 200%, clock events, md on the replay socket, pause with speed 0", async () => {
    const { timer, s } = await session(1);
    const out = testOutlet(timer);
    const c = s.connect("replay", out);
    c.receive("authorize\n0\n\nx", false);
    c.receive(
      `replay/checkReplaySession\n1\n\n${JSON.stringify({ startTimestamp: new Date(startMs + 500).toISOString() })}`,
      false,
    );
    c.receive(
      `replay/checkreplaysession\n2\n\n${JSON.stringify({ startTimestamp: "2019-08-26T16:43:08.599Z" })}`,
      false,
    );
    c.receive(
      `replay/initializeClock\n3\n\n${JSON.stringify({ startTimestamp: new Date(startMs).toISOString(), speed: 200, initialBalance: 50000 })}`,
      false,
    );
    c.receive('md/subscribeQuote\n4\n\n{"symbol":"ESZ5"}', false);
    const msgs = () => messagesOf(out.frames).map((m) => JSON.parse(m) as Record<string, unknown>);
    expect(msgs().slice(1, 4)).toEqual([
      { s: 200, i: 1, d: { checkStatus: "OK" } },
      {
        s: 200,
        i: 2,
        d: {
          checkStatus: "StartTimestampAdjusted",
          startTimestamp: new Date(startMs).toISOString(),
        },
      },
      { s: 200, i: 3, d: { ok: true } },
    ]);
    timer.advance(1000);
    const clocks = msgs()
      .filter((m) => m.e === "clock")
      .map((m) => JSON.parse(m.d as string) as { t: string; s: number });
    expect(clocks.map((k) => k.s)).toEqual([200, 200]);
    // Two seconds of tape per second of real time.
    expect(Date.parse(clocks[1]!.t) - Date.parse(clocks[0]!.t)).toBe(2000);
    // Quotes play at their recorded tape times from the initialized start, at 2x.
    const quoteTimes = out.frames.filter((f) => f.text.includes('"quotes"')).map((f) => f.at);
    expect(quoteTimes).toEqual([60, 260, 400, 510]);
    const before = out.frames.length;
    c.receive('replay/changeSpeed\n5\n\n{"speed":0}', false);
    timer.advance(3000);
    const after = out.frames.slice(before).map((f) => f.text);
    expect(after[0]).toBe('a[{"s":200,"i":5,"d":{"ok":true}}]');
    expect(after.filter((f) => f.includes('"clock"')).every((f) => f.includes('\\"s\\":0'))).toBe(
      true,
    );
    c.receive('replay/changespeed\n6\n\n{"speed":900}', false);
    expect(out.frames.at(-1)?.text).toBe(
      'a[{"s":200,"i":6,"d":{"errorText":"speed must be 0..400"}}]',
    );
  });
});

describe("session lifetime", () => {
  test("a standalone session can be rejoined after its last socket left", async () => {
    const { timer, s } = await session("max");
    const first = testOutlet(timer);
    const a = s.connect("md", first);
    a.receive("authorize\n0\n\nx", false);
    a.closed();
    const second = testOutlet(timer);
    const b = s.connect("md", second);
    b.receive("authorize\n0\n\nx", false);
    b.receive('md/subscribeQuote\n1\n\n{"symbol":"ESZ5"}', false);
    timer.runUntilIdle(100, 60_000);
    expect(messagesOf(second.frames).filter((m) => m.includes('"quotes"'))).toHaveLength(
      EXPECTED.quotes.length,
    );
  });
});

describe("connection events", () => {
  test("a recorded shutdown plays at its recorded offset from the socket's open", async () => {
    const shutdown = '{"e":"shutdown","d":{"reasonCode":"Maintenance","reason":"bye"}}';
    const events: EventInput[] = [
      {
        t: 0,
        k: "open",
        c: 1,
        url: "wss://md.tradovateapi.com/v1/websocket",
        proto: "tradovate",
        role: "md",
      },
      { t: 1000, k: "recv", c: 1, text: "o" },
      { t: 3_000_000, k: "recv", c: 1, text: `a[${shutdown}]` },
    ];
    const lines = [serializeHeader({ tape: 1, id: "s", started: STARTED, tool: "test" })];
    for (const [k, e] of events.entries())
      lines.push(serializeEvent({ seq: k + 1, ...e } as TapeEvent));
    const path = join(mkdtempSync(join(tmpdir(), "tapedeck-replay-")), "shutdown.tape.jsonl");
    writeFileSync(path, `${lines.join("\n")}\n`);
    const timer = new VirtualTimer();
    const s = createReplaySession(await loadTapeIndex(path), new SessionClock(timer, 1), {
      silentTimeoutMs: 0,
    });
    const out = testOutlet(timer);
    s.connect("md", out).receive("authorize\n0\n\nx", false);
    timer.advance(2999);
    expect(out.frames.some((f) => f.text.includes("shutdown"))).toBe(false);
    timer.advance(1);
    expect(out.frames.at(-1)).toEqual({ at: 3000, text: `a[${shutdown}]` });
  });
});

describe("starting mid-tape", () => {
  test("fromUs skips what was recorded before it and plays the rest at its recorded spacing", async () => {
    const index = await demoIndex();
    const timer = new VirtualTimer();
    const s = createReplaySession(index, new SessionClock(timer, 1), {
      silentTimeoutMs: 0,
      fromUs: 800_000,
    });
    const out = testOutlet(timer);
    const c = s.connect("md", out);
    c.receive("authorize\n0\n\nx", false);
    c.receive('md/subscribeQuote\n1\n\n{"symbol":"ESZ5"}', false);
    timer.advance(1000);
    const quotes = out.frames.filter((f) => f.text.includes('"quotes"'));
    expect(quotes.map((q) => q.text.slice(2, -1))).toEqual(EXPECTED.quotes.slice(2));
    expect(quotes.map((q) => q.at)).toEqual([0, 220]);
  });
});
