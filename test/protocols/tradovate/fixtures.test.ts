/** The documented frames of the spec (test/fixtures/tradovate/spec-frames.json), one test each. */
import { describe, expect, test } from "vitest";
import {
  decodeTickPacket,
  encodeServerFrame,
  isTickPacket,
  parseClientFrame,
  parseEntity,
  parseServerFrame,
  parseSyncSnapshot,
  responseErrorText,
  type ServerMessage,
  serverFrameKinds,
} from "../../../src/protocols/tradovate/index.js";
import { frameText, specFrames } from "./spec-fixtures.js";

/**
 * Fixtures that JSON.stringify of the parsed objects would not give back, which is why messages
 * keep their text: the quote writes `"size":2.10`; the histogram's items `{"-14":..,"2":..}`
 * come out of a JavaScript object with "2" first.
 */
const NOT_CANONICAL = new Set(["quote", "histogram"]);

function messagesOf(text: string): ServerMessage[] {
  const frame = parseServerFrame(text);
  return frame.kind === "messages" ? frame.messages : [];
}

describe("server frames of the spec", () => {
  test.each(specFrames.server.map((f) => [f.name, f] as const))("%s", (_name, f) => {
    const text = frameText(f);
    const frame = parseServerFrame(text);
    expect(frame.kind).not.toBe("unrecognised");
    const endpoints = new Map(Object.entries(f.endpoints ?? {}).map(([i, e]) => [Number(i), e]));
    expect(serverFrameKinds(frame, endpoints)).toEqual(f.kinds);

    for (const msg of messagesOf(text)) {
      expect(msg.type).not.toBe("unrecognised");
      if (msg.type === "event" && msg.e === "props") {
        expect(msg.entities.filter((e) => e.kind === "unrecognised")).toEqual([]);
      }
      if (f.errorText !== undefined && msg.type === "response") {
        expect(responseErrorText(msg)).toBe(f.errorText);
      }
    }

    expect(encodeServerFrame(frame)).toBe(text);
    const canonical = text[0] === "a" ? `a${JSON.stringify(JSON.parse(text.slice(1)))}` : text;
    expect(canonical === text).toBe(!NOT_CANONICAL.has(f.name));
  });

  test("the tick packet decodes to absolute times and prices (spec §5)", () => {
    const fixture = specFrames.server.find((f) => f.name === "tick chart packet");
    const [msg] = messagesOf(frameText(fixture!));
    if (msg?.type !== "event" || msg.e !== "chart") throw new Error("not a chart event");
    const packet = msg.charts[0]!;
    expect(isTickPacket(packet)).toBe(true);
    if (!isTickPacket(packet)) return;
    expect(decodeTickPacket(packet)).toEqual([
      {
        id: 11768401,
        time: 1563421179735,
        priceTicks: 11917,
        price: 2979.25,
        size: 3,
        bidTicks: 11916,
        bid: 2979,
        bidSize: 122.21,
        askTicks: 11917,
        ask: 2979.25,
        askSize: 28.35,
      },
    ]);
  });

  test("the quote gives every entry typed", () => {
    const fixture = specFrames.server.find((f) => f.name === "quote");
    const [msg] = messagesOf(frameText(fixture!));
    if (msg?.type !== "event" || msg.e !== "md") throw new Error("not an md event");
    const quote = msg.quotes?.[0];
    expect(quote?.contractId).toBe(123456);
    expect(quote?.entries.Bid).toEqual({ price: 18405.123, size: 7.123 });
    expect(quote?.entries.Offer).toEqual({ price: 18410.012, size: 12.35 });
    expect(quote?.entries.Trade).toEqual({ price: 18405.023, size: 2.1 });
    expect(quote?.entries.TotalTradeVolume).toEqual({ size: 4118.123 });
    expect(quote?.entries.SettlementPrice).toEqual({ price: 18520.257 });
  });

  test("the sync snapshot types every list and keeps the rest", () => {
    const fixture = specFrames.server.find((f) => f.name === "user/syncrequest snapshot");
    const [msg] = messagesOf(frameText(fixture!));
    if (msg?.type !== "response") throw new Error("not a response");
    const snapshot = parseSyncSnapshot(msg.d);
    if (snapshot.kind === "unrecognised") throw new Error(snapshot.why);
    expect(snapshot.rejected).toEqual([]);
    expect(snapshot.users.map((u) => u.id)).toEqual([42]);
    expect(snapshot.positions[0]?.netPrice).toBe(6723.25);
    expect(snapshot.executionReports.map((r) => r.execType)).toEqual(["New", "Trade"]);
    expect(snapshot.products[0]?.valuePerPoint).toBe(50);
    expect(snapshot.fillPairs).toEqual([]);
    expect(Object.keys(snapshot.other)).toEqual(["marginSnapshots"]);
  });
});

describe("client frames of the spec", () => {
  test.each(specFrames.client.map((f) => [f.name, f] as const))("%s", (_name, f) => {
    const frame = parseClientFrame(f.text);
    const want = f.expect;
    expect(frame.kind).toBe(want.kind);
    const got = frame as unknown as Record<string, unknown>;
    for (const key of ["endpoint", "endpointKey", "id", "query", "token"] as const) {
      if (want[key] !== undefined) expect(got[key]).toEqual(want[key]);
    }
    if ("body" in want) expect(got.body).toEqual(want.body);
    if (want.bodyAbsent) expect(got.body).toBeUndefined();
    if (want.whyStartsWith !== undefined) expect(String(got.why)).toMatch(/^Invalid JSON: /);
  });
});

describe("REST entities of the spec", () => {
  test.each(specFrames.entities.map((f) => [f.name, f] as const))("%s", (_name, f) => {
    expect(parseEntity(f.entityType, f.value)).toEqual({ kind: f.entityType, value: f.value });
  });
});
