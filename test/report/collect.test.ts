import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { FRAME_TEXT_CAP, TapeCollector } from "../../src/report/collect.js";
import type { EventInput, TapeEvent, TapeHeader } from "../../src/tape/events.js";

const header: TapeHeader = {
  tape: 1,
  id: "t",
  started: "2026-11-20T14:30:00.000000Z",
  tool: "test",
};
const X0 = Date.parse("2026-11-20T14:30:00Z") / 1000;

const md = (contractId: number, bid: number, ask: number) =>
  `a[${JSON.stringify({ e: "md", d: { quotes: [{ contractId, timestamp: "2026-11-20T14:30:01Z", entries: { Bid: { price: bid, size: 1 }, Offer: { price: ask, size: 2 } } }] } })}]`;

function run(events: EventInput[], maxFrames = 100): TapeCollector {
  const c = new TapeCollector(header, { maxFrames });
  events.forEach((e, i) => {
    c.event({ ...e, seq: i + 1, t: e.t ?? 0 } as TapeEvent);
  });
  return c;
}

describe("TapeCollector", () => {
  test("connections, closes with errors, gaps, marks and HTTP errors", () => {
    const c = run([
      { k: "open", t: 1_000_000, c: 1, url: "wss://md", proto: "tradovate", role: "md" },
      {
        k: "open",
        t: 1_500_000,
        c: 2,
        url: "wss://tm",
        proto: "trademanager",
        role: "trademanager",
      },
      { k: "gap", t: 2_000_000, c: 1, reason: "drop", ms: 40 },
      { k: "mark", t: 2_500_000, label: "fault: delay" },
      {
        k: "http",
        t: 2_600_000,
        method: "GET",
        url: "https://x/v1/a",
        status: 500,
        req: {},
        res: {},
        ms: 3,
      },
      {
        k: "recv",
        t: 2_700_000,
        c: 2,
        text: JSON.stringify({ type: "ERROR", data: "Unauthorized access" }),
      },
      { k: "close", t: 3_000_000, c: 1, code: 1006, by: "server" },
      { k: "close", t: 4_000_000, c: 2, code: 1000, by: "local", reason: "stop" },
    ]);
    expect(
      c.connections.map((k) => [k.info.c, k.info.open, k.info.close, k.info.closeCode]),
    ).toEqual([
      [1, X0 + 1, X0 + 3, 1006],
      [2, X0 + 1.5, X0 + 4, 1000],
    ]);
    expect(c.moments.map((m) => [m.kind, m.c, Math.round((m.x - X0) * 1000) / 1000])).toEqual([
      ["gap", 1, 2],
      ["mark", undefined, 2.5],
      ["error", undefined, 2.6],
      ["error", 2, 2.7],
      ["error", 1, 3],
    ]);
    expect(c.lastT).toBe(4_000_000);
  });

  test("Tradovate quotes are placed once the contract's name is known", () => {
    const c = run([
      { k: "open", t: 0, c: 1, url: "wss://md", proto: "tradovate", role: "md" },
      { k: "recv", t: 1_000_000, c: 1, text: md(7, 6700, 6700.25) },
      {
        k: "http",
        t: 1_100_000,
        method: "GET",
        url: "https://x/v1/contract/find",
        status: 200,
        req: {},
        res: { body: JSON.stringify({ id: 7, name: "ESZ6", contractMaturityId: 9 }) },
        ms: 3,
      },
      { k: "recv", t: 2_000_000, c: 1, text: md(7, 6700.5, 6700.75) },
      {
        k: "recv",
        t: 3_000_000,
        c: 1,
        text: `a[${JSON.stringify({ e: "md", d: { quotes: [{ contractId: 7, timestamp: "2026-11-20T14:30:03Z", entries: { Trade: { price: 6700.5 } } }] } })}]`,
      },
    ]);
    const q = c.quotes;
    expect(q.symbols).toEqual(["ESZ6"]);
    expect([q.seq, q.bid, q.ask, q.last]).toEqual([
      [4, 5],
      [6700.5, 6700.5],
      [6700.75, 6700.75],
      [null, 6700.5],
    ]);
    expect(c.perSecond.get("md event:md:quotes")).toEqual(
      new Map([
        [1, 1],
        [2, 1],
        [3, 1],
      ]),
    );
  });

  test("frames are kept up to the cap, long ones cut, mojibake repaired", () => {
    const long = "x".repeat(FRAME_TEXT_CAP + 10);
    const garbled = JSON.stringify({ type: "LOGS", message: "\u00e2\u0153\u2026 OPEN" });
    const c = run(
      [
        { k: "open", t: 0, c: 1, url: "wss://tm", proto: "trademanager", role: "trademanager" },
        { k: "recv", t: 1, c: 1, text: long },
        { k: "recv", t: 2, c: 1, text: garbled },
        { k: "send", t: 3, c: 1, b64: "AAEC" },
      ],
      2,
    );
    expect(c.framesTotal).toBe(3);
    expect(c.frames.length).toBe(2);
    expect(c.frames[0]?.cut).toBe(true);
    expect(c.frames[0]?.raw.length).toBe(FRAME_TEXT_CAP);
    expect(c.frames[1]?.repaired).toContain("\u2705 OPEN");
  });

  test.prop([
    fc.constantFrom("tradovate", "trademanager", "raw"),
    fc.array(
      fc.tuple(
        fc.constantFrom("recv", "send"),
        fc.oneof(
          fc.string(),
          fc.json().map((j) => `a[${j}]`),
          fc.json(),
        ),
      ),
      { maxLength: 30 },
    ),
  ])("never throws on arbitrary frames", (proto, frames) => {
    const c = run([
      { k: "open", t: 0, c: 1, url: "wss://x", proto: proto as "raw" },
      ...frames.map(([k, text], i) => ({ k: k as "recv", t: i, c: 1, text })),
    ]);
    expect(c.framesTotal).toBe(frames.length);
  });
});
