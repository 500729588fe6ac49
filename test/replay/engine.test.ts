import { describe, expect, test } from "vitest";
import { createReplaySession } from "../../src/replay/engine.js";
import { SessionClock } from "../../src/replay/session-clock.js";
import { VirtualTimer } from "../../src/replay/timer.js";
import { ES, EXPECTED } from "./fixture-tape.js";
import { demoIndex, messagesOf, type TestOutlet, testOutlet } from "./harness.js";

const SUB_QUOTE = 'md/subscribeQuote\n7\n\n{"symbol":"ESZ5"}';
const SUB_DOM = 'md/subscribeDOM\n8\n\n{"symbol":"ESZ5"}';
const GET_CHART = `md/getchart\n9\n\n${JSON.stringify({ timeRange: { asMuchAsElements: 2 }, symbol: "ESZ5", chartDescription: { elementSizeUnit: "UnderlyingUnits", elementSize: 1, underlyingType: "MinuteBar" } })}`;

async function setup(speed: number | "max") {
  const index = await demoIndex();
  const timer = new VirtualTimer();
  const clock = new SessionClock(timer, speed);
  const session = createReplaySession(index, clock, { silentTimeoutMs: 0 });
  const trading = testOutlet(timer);
  const md = testOutlet(timer);
  const t = session.connect("trading", trading);
  const m = session.connect("md", md);
  return { timer, clock, session, trading, md, t, m };
}

/** Messages of kind e:"md" with quotes / doms, and chart packets, in arrival order. */
function split(out: TestOutlet) {
  const msgs = messagesOf(out.frames);
  return {
    quotes: msgs.filter((m) => m.includes('"quotes"')),
    doms: msgs.filter((m) => m.includes('"doms"')),
    chart: msgs.filter((m) => m.startsWith('{"e":"chart"')),
    props: msgs.filter((m) => m.startsWith('{"e":"props"')),
  };
}

describe("engine at max speed", () => {
  test("authorize, sync, quote/DOM/chart: exactly the tape's messages, in order", async () => {
    const { timer, trading, md, t, m } = await setup("max");
    expect(trading.frames[0]?.text).toBe("o");
    t.receive("authorize\n0\n\nany-token", false);
    expect(trading.frames.at(-1)?.text).toBe('a[{"s":200,"i":0}]');
    t.receive('user/syncrequest\n1\n\n{"users":[7]}', false);
    m.receive("authorize\n0\n\nmd-token", false);
    m.receive(SUB_QUOTE, false);
    m.receive(SUB_DOM, false);
    m.receive(GET_CHART, false);
    timer.runUntilIdle(10_000, 60_000);
    const tr = split(trading);
    const mm = split(md);
    expect(tr.props).toEqual(EXPECTED.props);
    expect(mm.quotes).toEqual(EXPECTED.quotes);
    expect(mm.doms).toEqual(EXPECTED.doms);
    expect(mm.chart).toEqual(EXPECTED.chart);
    // Responses carry the client's ids, the recorded payload.
    const responses = messagesOf(md.frames).filter((x) => x.startsWith('{"s"'));
    expect(responses).toEqual([
      '{"s":200,"i":0}',
      '{"s":200,"i":7,"d":{}}',
      '{"s":200,"i":8,"d":{}}',
      '{"s":200,"i":9,"d":{"historicalId":32,"realtimeId":31}}',
    ]);
    // Every a-frame holds one message.
    for (const f of [...trading.frames, ...md.frames]) {
      if (f.text.startsWith("a[")) expect(JSON.parse(f.text.slice(1))).toHaveLength(1);
    }
  });

  test("a subscription's response comes before its data", async () => {
    const { timer, md, m } = await setup("max");
    m.receive("authorize\n0\n\nx", false);
    m.receive(SUB_QUOTE, false);
    timer.runUntilIdle(10_000, 60_000);
    const msgs = messagesOf(md.frames);
    expect(msgs[1]).toBe('{"s":200,"i":7,"d":{}}');
    expect(msgs.slice(2)).toEqual(EXPECTED.quotes);
  });

  test("batch mode groups messages due together", async () => {
    const index = await demoIndex();
    const timer = new VirtualTimer();
    const session = createReplaySession(index, new SessionClock(timer, "max"), {
      batch: true,
      silentTimeoutMs: 0,
    });
    const out = testOutlet(timer);
    const c = session.connect("md", out);
    c.receive("authorize\n0\n\nx", false);
    c.receive(SUB_QUOTE, false);
    c.receive(SUB_DOM, false);
    timer.runUntilIdle(10_000, 60_000);
    const batched = out.frames.filter(
      (f) => f.text.startsWith("a[") && JSON.parse(f.text.slice(1)).length > 1,
    );
    expect(batched.length).toBeGreaterThan(0);
    const all = out.frames
      .filter((f) => f.text.startsWith("a["))
      .flatMap((f) => JSON.parse(f.text.slice(1)) as unknown[]);
    expect(all.filter((x) => JSON.stringify(x).includes('"quotes"'))).toHaveLength(
      EXPECTED.quotes.length,
    );
  });
});

describe("engine timing on a virtual clock", () => {
  test("at 10x, each frame goes out at response time + recorded offset / 10", async () => {
    const { timer, md, m } = await setup(10);
    m.receive("authorize\n0\n\nx", false);
    timer.advance(5);
    m.receive(SUB_QUOTE, false);
    const respondedAt = timer.now();
    timer.runUntilIdle(10_000, 10_000);
    const quotes = md.frames.filter((f) => f.text.includes('"quotes"'));
    // Recorded response at t=20_000 µs; quotes at 120_000, 520_000, 800_000, 1_020_000 µs.
    expect(quotes.map((q) => q.at - respondedAt)).toEqual([10, 50, 78, 100]);
  });

  test("pause holds frames, resume continues from where it stopped; speed changes rescale", async () => {
    const { timer, clock, md, m } = await setup(1);
    m.receive("authorize\n0\n\nx", false);
    m.receive(SUB_QUOTE, false);
    timer.advance(100); // first quote due at +100 ms
    expect(md.frames.filter((f) => f.text.includes('"quotes"'))).toHaveLength(1);
    clock.pause();
    timer.advance(5000);
    expect(md.frames.filter((f) => f.text.includes('"quotes"'))).toHaveLength(1);
    clock.resume();
    clock.setSpeed(2);
    timer.advance(199); // second quote: 400 ms of tape after the first = 200 ms at 2x
    expect(md.frames.filter((f) => f.text.includes('"quotes"'))).toHaveLength(1);
    timer.advance(1);
    expect(md.frames.filter((f) => f.text.includes('"quotes"'))).toHaveLength(2);
  });

  test("heartbeats go out every 2.5 s while idle, never in place of data", async () => {
    const { timer, trading } = await setup(1);
    timer.advance(10_000);
    expect(trading.frames.map((f) => [f.at, f.text])).toEqual([
      [0, "o"],
      [2500, "h"],
      [5000, "h"],
      [7500, "h"],
      [10_000, "h"],
    ]);
  });

  test("a late subscriber loses nothing: its stream is shifted, not skipped", async () => {
    const { timer, trading, md, t, m } = await setup(1);
    t.receive("authorize\n0\n\nx", false);
    t.receive('user/syncrequest\n1\n\n{"users":[7]}', false);
    m.receive("authorize\n0\n\nx", false);
    timer.advance(3000); // subscribes 3 s late: all its recorded quotes are already "past"
    m.receive(SUB_QUOTE, false);
    timer.runUntilIdle(10_000, 20_000);
    expect(split(md).quotes).toEqual(EXPECTED.quotes);
    expect(split(trading).props).toEqual(EXPECTED.props);
  });

  test("loop replays the streams again, in step", async () => {
    const index = await demoIndex();
    const timer = new VirtualTimer();
    const clock = new SessionClock(timer, "max");
    const session = createReplaySession(index, clock, { loop: true, silentTimeoutMs: 0 });
    const out = testOutlet(timer);
    const c = session.connect("md", out);
    c.receive("authorize\n0\n\nx", false);
    c.receive(SUB_QUOTE, false);
    timer.runUntilIdle(50, 60_000);
    const quotes = split(out).quotes;
    expect(quotes.length).toBeGreaterThan(EXPECTED.quotes.length * 3);
    expect(quotes.slice(0, 8)).toEqual([...EXPECTED.quotes, ...EXPECTED.quotes]);
    session.close();
  });
});

describe("loose matching of md requests", () => {
  test("a subscription by contract id or another case, or a chart with another range, gets the recorded data", async () => {
    const { timer, md, m } = await setup("max");
    m.receive("authorize\n0\n\nx", false);
    m.receive(`md/subscribeQuote\n1\n\n{"symbol":${ES}}`, false);
    m.receive('md/subscribeDOM\n2\n\n{"symbol":"esz5"}', false);
    m.receive(
      `md/getChart\n3\n\n${JSON.stringify({ symbol: "ESZ5", chartDescription: { underlyingType: "MinuteBar", elementSize: 1, elementSizeUnit: "UnderlyingUnits" }, timeRange: { asMuchAsElements: 500 } })}`,
      false,
    );
    m.receive('md/subscribeQuote\n4\n\n{"symbol":"NQZ5"}', false);
    timer.runUntilIdle(10_000, 60_000);
    const mm = split(md);
    expect(mm.quotes).toEqual(EXPECTED.quotes);
    expect(mm.doms).toEqual(EXPECTED.doms);
    expect(mm.chart).toEqual(EXPECTED.chart);
    expect(messagesOf(md.frames)).toContain('{"s":200,"i":4,"d":{}}');
  });

  test("unsubscribe stops a quote stream; cancelChart stops a chart", async () => {
    const { timer, md, m } = await setup(1);
    m.receive("authorize\n0\n\nx", false);
    m.receive('md/subscribeQuote\n1\n\n{"symbol":"ESZ5"}', false);
    m.receive(GET_CHART, false);
    timer.advance(150);
    m.receive('md/unsubscribeQuote\n2\n\n{"symbol":"ESZ5"}', false);
    m.receive('md/cancelChart\n3\n\n{"subscriptionId":31}', false);
    timer.advance(5000);
    const mm = split(md);
    expect(mm.quotes).toEqual(EXPECTED.quotes.slice(0, 1));
    expect(mm.chart).toEqual(EXPECTED.chart.slice(0, 2));
  });
});

describe("merging across sockets", () => {
  test("at max, a session's sockets get their frames in recorded order, interleaved", async () => {
    const index = await demoIndex();
    const timer = new VirtualTimer();
    const session = createReplaySession(index, new SessionClock(timer, "max"), {
      silentTimeoutMs: 0,
    });
    const order: string[] = [];
    const tap = (name: string) => {
      const o = testOutlet(timer);
      const send = o.send;
      o.send = (f) => {
        if (typeof f === "string" && f.startsWith('a[{"e"')) order.push(`${name}:${f}`);
        send(f);
      };
      return o;
    };
    const t = session.connect("trading", tap("trading"));
    const m = session.connect("md", tap("md"));
    t.receive("authorize\n0\n\nx", false);
    m.receive("authorize\n0\n\nx", false);
    t.receive('user/syncrequest\n1\n\n{"users":[7]}', false);
    m.receive(SUB_QUOTE, false);
    timer.runUntilIdle(10_000, 60_000);
    // Recorded order by tape time: quotes at 120, 520, 800, 1020 ms, props at 1050 and 2050 ms;
    // both streams start together, so the offsets from each response decide.
    const names = order.map((x) => (x.includes('"props"') ? "props" : "quote"));
    expect(names).toEqual(["quote", "quote", "quote", "quote", "props", "props"]);
  });
});
