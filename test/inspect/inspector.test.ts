import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test as fcTest } from "@fast-check/vitest";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Inspector } from "../../src/inspect/inspector.js";
import { inspectTape } from "../../src/inspect/load.js";
import type { InspectReport, KindInfo } from "../../src/inspect/report.js";
import { presencePercent } from "../../src/inspect/shape.js";
import type { TapeEvent } from "../../src/tape/events.js";
import { tmFrames, tradeManagerSession, tradovateSession, writeTape } from "./tapes.js";

const dir = mkdtempSync(join(tmpdir(), "tapedeck-inspect-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let tv: InspectReport;
let tm: InspectReport;
beforeAll(async () => {
  tv = await inspectTape(await writeTape(dir, "tv.tape.jsonl", tradovateSession()));
  tm = await inspectTape(await writeTape(dir, "tm.tape.jsonl", tradeManagerSession()));
});

function kind(r: InspectReport, channel: string, name: string): KindInfo {
  const k = r.kinds.find((x) => x.channel === channel && x.kind === name);
  if (k === undefined) {
    throw new Error(`no ${channel} ${name}: ${r.kinds.map((x) => `${x.channel} ${x.kind}`)}`);
  }
  return k;
}

const kindNames = (r: InspectReport, channel: string) =>
  r.kinds.filter((k) => k.channel === channel).map((k) => `${k.dir} ${k.kind}`);

describe("inspect a Tradovate tape", () => {
  it("counts events, frames, duration and connections", () => {
    expect(tv.events).toBe(24);
    expect(tv.frames).toEqual({ recv: 15, send: 4, text: 19, binary: 0 });
    expect(tv.durationUs).toBe(2_300_000);
    expect(tv.connections.map((c) => [c.c, c.channel, c.recv, c.sent, c.closed?.code])).toEqual([
      [1, "trading", 9, 3, 1000],
      [2, "md", 6, 1, 1006],
    ]);
  });

  it("names every kind with the codec's keys, responses by the endpoint of their request", () => {
    expect(kindNames(tv, "trading")).toEqual([
      "recv event:props:fill:Created",
      "recv event:props:order:Created",
      "recv event:props:position:Created",
      "recv event:props:position:Deleted",
      "recv event:props:position:Updated",
      "recv heartbeat",
      "recv open",
      "recv response:authorize",
      "recv response:user/syncrequest",
      "send send:authorize",
      "send send:heartbeat",
      "send send:request:user/syncrequest",
    ]);
    expect(kindNames(tv, "md")).toEqual([
      "recv event:md:doms",
      "recv event:md:quotes",
      "recv open",
      "recv response:md/subscribequote",
      "recv unrecognised",
      "send send:request:md/subscribequote",
    ]);
    const quotes = kind(tv, "md", "event:md:quotes");
    expect([quotes.count, quotes.first, quotes.last]).toEqual([2, 1_700_000, 1_800_000]);
  });

  it("infers shapes: the wrapper and the price fields", () => {
    const q = kind(tv, "md", "event:md:quotes").shape;
    const bid = q.fields.find((f) => f.path === "d.quotes[].entries.Bid.price");
    expect(bid?.types).toEqual({ float: 2 });
    expect(bid?.examples).toEqual(["18405.123"]);
    const pos = kind(tv, "trading", "event:props:position:Updated").shape;
    const paths = pos.fields.map((f) => f.path);
    expect(paths).toContain("d.entity.netPos");
    expect(paths).not.toContain("d.entity.netPrice"); // flat: netPrice absent
    const deleted = kind(tv, "trading", "event:props:position:Deleted").shape;
    expect(deleted.fields.find((f) => f.path === "d.entity")?.types).toEqual({ array: 1 });
    const req = kind(tv, "trading", "send:request:user/syncrequest").shape;
    expect(req.fields.map((f) => f.path)).toEqual(["", "accounts", "accounts[]", "splitResponses"]);
  });

  it("reports prices per kind and quotes per contract", () => {
    expect(tv.prices).toEqual([
      {
        channel: "md",
        kind: "event:md:doms",
        sources: ["tradovate-dom"],
        quotes: 1,
        fields: { bid: 1, ask: 1, bidSize: 1, askSize: 1 },
      },
      {
        channel: "md",
        kind: "event:md:quotes",
        sources: ["tradovate-quote"],
        quotes: 2,
        fields: { bid: 2, ask: 2, last: 2, bidSize: 2, askSize: 2 },
      },
    ]);
    expect(tv.symbols.map((s) => [s.symbol, s.quotes])).toEqual([
      ["#123456", 2],
      ["#1", 1],
    ]);
  });

  it("reports how positions are updated", () => {
    expect(tv.positions.props).toEqual({
      "fill:Created": 1,
      "position:Created": 1,
      "position:Updated": 1,
      "position:Deleted": 1,
    });
    expect(tv.positions.snapshotPositions).toBe(1);
  });

  it("lists parse failures with examples, gaps and closes", () => {
    expect(tv.problems.failures).toEqual([
      {
        channel: "md",
        kind: "unrecognised",
        why: expect.stringContaining("expected o, h"),
        count: 1,
        examples: ["a{oops"],
      },
    ]);
    expect(tv.problems.gaps).toEqual([
      { t: 2_100_000, c: 2, reason: "upstream dropped; reconnecting", ms: 1500 },
    ]);
    expect(tv.problems.closes.map((c) => [c.c, c.code, c.by])).toEqual([
      [2, 1006, "server"],
      [1, 1000, "client"],
    ]);
  });
});

describe("inspect a Trade Manager tape", () => {
  it("names kinds by type and log verb, sent frames with send:", () => {
    expect(kindNames(tm, "trademanager")).toEqual([
      "recv ACCSETUP_COMPLETE",
      "recv AUTH_OK",
      "recv DATA",
      "recv ERROR",
      "recv LOGS:auto:CLEARED",
      "recv LOGS:other",
      "recv LOGS:recorder:OPEN",
      "recv TRADES",
      "recv unrecognised",
      "send send:ACCSETUP",
      "send send:AUTH",
      "send send:CLOSE_TRADE",
      "send send:MANUALTRADE",
      "send send:PING",
    ]);
    const total = tm.kinds.reduce((n, k) => n + k.count, 0);
    expect(total).toBe(tmFrames.length + 1);
  });

  it("shows the {type, data} wrapper and prices sent as numbers or strings", () => {
    const data = kind(tm, "trademanager", "DATA").shape;
    const byPath = new Map(data.fields.map((f) => [f.path, f]));
    expect(presencePercent(byPath.get("type")!)).toBe(100);
    expect(presencePercent(byPath.get("data")!)).toBe(100);
    expect(byPath.get("data.prices.bid")?.types).toEqual({ integer: 1, string: 1 });
    expect(byPath.get("data.prices.ask")?.types).toEqual({ float: 1, string: 1 });
    expect(tm.prices).toEqual([
      {
        channel: "trademanager",
        kind: "DATA",
        sources: ["trademanager"],
        quotes: 2,
        fields: { bid: 2, ask: 2 },
      },
    ]);
    expect(tm.symbols.map((s) => s.symbol).sort()).toEqual(["ES1!", "NQ1!"]);
  });

  it("reports TRADES lists and LOGS verbs as the way positions change", () => {
    expect(tm.positions.tmTrades).toEqual({ frames: 2, rows: 1, maxRows: 1, skipped: 0 });
    expect(tm.positions.tmLogs).toEqual({
      "LOGS:recorder:OPEN": 2,
      "LOGS:auto:CLEARED": 1,
      "LOGS:other": 1,
    });
  });

  it("keeps parse failures with reasons", () => {
    const whys = tm.problems.failures.map((f) => [f.kind, f.count, f.examples[0]]);
    expect(whys).toContainEqual(["unrecognised", 1, "not json at all"]);
    expect(whys).toContainEqual(["LOGS:other", 1, "... Closed at **24959.0**"]);
  });
});

describe("inspect, edge cases", () => {
  it("names unknown JSON by its top-level keys, other text as text, binary as binary", async () => {
    const path = await writeTape(dir, "raw.tape.jsonl", [
      { k: "open", c: 1, url: "ws://127.0.0.1:9000/feed", proto: "raw" },
      { k: "recv", c: 1, text: '{"sym":"ES","bid":1.25,"ask":1.5}' },
      { k: "recv", c: 1, text: '{"ask":2,"bid":1,"sym":"NQ"}' },
      { k: "recv", c: 1, text: "hello" },
      { k: "send", c: 1, b64: "AAEC" },
      { k: "recv", c: 7, text: "[1,2]" },
    ]);
    const r = await inspectTape(path);
    expect(r.kinds.map((k) => `${k.channel} ${k.kind} ${k.count}`)).toEqual([
      "raw:127.0.0.1:9000/feed json:{ask,bid,sym} 2",
      "raw:127.0.0.1:9000/feed text 1",
      "raw:127.0.0.1:9000/feed send:binary 1",
      "unopened:c7 json:array 1",
    ]);
    expect(r.problems.orphanFrames).toBe(1);
    expect(r.frames.binary).toBe(1);
    expect(r.prices[0]?.sources).toEqual(["json"]);
  });

  it("reports a torn end and keeps what came before", async () => {
    const path = await writeTape(dir, "torn.tape.jsonl", tradovateSession().slice(0, 5));
    writeFileSync(path, `${readFileSync(path, "utf8")}{"seq":6,"t":1,"k":"re`);
    const r = await inspectTape(path);
    expect(r.events).toBe(5);
    expect(r.problems.torn).toMatch(/line 7 is cut short/);
  });

  it("caps kinds and keeps counting what it leaves out", async () => {
    const events = [
      { k: "open" as const, c: 1, url: "ws://127.0.0.1:1/x", proto: "raw" as const },
      ...Array.from({ length: 30 }, (_, i) => ({
        k: "recv" as const,
        c: 1,
        text: JSON.stringify({ [`key${i}`]: i }),
      })),
    ];
    const path = await writeTape(dir, "many.tape.jsonl", events);
    const { openTape } = await import("../../src/tape/reader.js");
    const tape = await openTape(path);
    const ins = new Inspector(path, tape.header, { maxKinds: 10 });
    for await (const e of tape.events) ins.add(e);
    const r = ins.report();
    expect(r.kinds).toHaveLength(10);
    expect(r.kindsLeftOut).toBe(20);
  });
});

describe("inspect, totality", () => {
  const frameText = fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
    fc.jsonValue({ maxDepth: 3 }).map((v) => `a[${JSON.stringify(v)}]`),
    fc.constantFrom("o", "h", "c[1000]", "a[]", '{"type":"DATA","data":{}}', "authorize\n1\n\nx"),
  );
  const event = fc.record({
    c: fc.integer({ min: 1, max: 4 }),
    k: fc.constantFrom("recv" as const, "send" as const),
    text: frameText,
  });

  fcTest.prop([fc.array(event, { maxLength: 25 })])(
    "never throws on arbitrary frames of every protocol, and counts every frame",
    (frames) => {
      const ins = new Inspector("mem", {
        tape: 1,
        id: "x",
        started: "2026-01-01T00:00:00Z",
        tool: "t",
      });
      let seq = 1;
      const opens: TapeEvent[] = [
        {
          seq: 0,
          t: 0,
          k: "open",
          c: 1,
          url: "wss://md.tradovateapi.com/v1/websocket",
          proto: "tradovate",
          role: "md",
        },
        {
          seq: 0,
          t: 0,
          k: "open",
          c: 2,
          url: "wss://trademanagergroup.com:5000/ws",
          proto: "trademanager",
          role: "trademanager",
        },
        { seq: 0, t: 0, k: "open", c: 3, url: "ws://127.0.0.1:1/x", proto: "raw" },
      ];
      for (const o of opens) ins.add({ ...o, seq: seq++ });
      for (const f of frames) ins.add({ seq: seq++, t: seq, ...f } as TapeEvent);
      const r = ins.report();
      expect(r.kinds.reduce((n, k) => n + k.count, 0)).toBeGreaterThanOrEqual(frames.length);
      expect(r.frames.recv + r.frames.send).toBe(frames.length);
      expect(() => JSON.stringify(r)).not.toThrow();
    },
  );
});
