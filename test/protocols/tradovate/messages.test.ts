import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  accessDeniedResponse,
  clockEvent,
  entitiesOf,
  errorResponse,
  invalidTokenResponse,
  isOk,
  mdEvent,
  messagesFrame,
  messageText,
  notFoundResponse,
  type PropsEvent,
  parseServerFrame,
  parseServerMessage,
  propsEvent,
  response,
  responseErrorText,
  shutdownEvent,
  withRequestId,
} from "../../../src/protocols/tradovate/index.js";
import { anyEntity, ENTITY_TYPES, entityOf, messageCase, timestamp } from "./arbitraries.js";
import { testProp } from "./prop.js";

const position = {
  id: 9001,
  accountId: 7,
  contractId: 3570918,
  timestamp: "2025-11-25T14:30:01.123Z",
  tradeDate: { year: 2025, month: 11, day: 25 },
  netPos: 1,
  netPrice: 6723.25,
  bought: 1,
  boughtValue: 6723.25,
  sold: 0,
  soldValue: 0,
  prevPos: 0,
};

describe("error responses in Tradovate's exact shapes (spec §3)", () => {
  test("404 text is JSON-encoded twice", () => {
    expect(messagesFrame(notFoundResponse(1, "quote/subscribe"))).toBe(
      'a[{"s":404,"i":1,"d":"\\"Not found: quote/subscribe\\""}]',
    );
    expect(messagesFrame(notFoundResponse(2, "authorize"))).toBe(
      'a[{"s":404,"i":2,"d":"\\"Not found: authorize\\""}]',
    );
  });

  test("400 and 401 texts are plain", () => {
    const invalid = 'Invalid JSON: missing required field "symbol", offset: 0x00000014';
    expect(messagesFrame(errorResponse(1, 400, invalid))).toBe(
      'a[{"s":400,"i":1,"d":"Invalid JSON: missing required field \\"symbol\\", offset: 0x00000014"}]',
    );
    expect(messagesFrame(accessDeniedResponse(2))).toBe(
      'a[{"s":401,"i":2,"d":"Access is denied"}]',
    );
  });

  test("a bad token is answered i first", () => {
    expect(JSON.stringify(invalidTokenResponse(0).raw)).toBe(
      '{"i":0,"s":401,"d":"Invalid access token"}',
    );
  });

  test("authorize ok has no d", () => {
    expect(JSON.stringify(response(0, 200).raw)).toBe('{"s":200,"i":0}');
    expect("d" in response(0, 200)).toBe(false);
  });

  testProp([fc.nat(), fc.constantFrom(400, 401, 404, 500), fc.string()])(
    "responseErrorText gives back the text of every error shape",
    (i, status, text) => {
      const r = errorResponse(i, status, text);
      expect(isOk(r)).toBe(false);
      // A plain text that itself looks like a JSON string is ambiguous on the wire; skip it.
      fc.pre(status === 404 || !text.startsWith('"'));
      expect(responseErrorText(r)).toBe(text);
    },
  );

  test("errorText of a 2xx business failure", () => {
    const r = response(5, 200, { errorText: "Contract not found" });
    expect(isOk(r)).toBe(true);
    expect(responseErrorText(r)).toBe("Contract not found");
    expect(responseErrorText(response(6, 200, { id: 1 }))).toBeUndefined();
  });
});

describe("props events", () => {
  test("an object entity becomes a one-element list, typed", () => {
    const msg = propsEvent("position", "Updated", position);
    expect(msg.entityWasArray).toBe(false);
    expect(msg.entities).toEqual([{ kind: "position", value: position }]);
    expect(entitiesOf(msg.entities, "position")[0]?.netPrice).toBe(6723.25);
    expect(JSON.stringify(msg.raw)).toBe(
      `{"e":"props","d":{"entityType":"position","eventType":"Updated","entity":${JSON.stringify(position)}}}`,
    );
  });

  test("an array entity stays a list and says so", () => {
    const msg = propsEvent("position", "Deleted", [position, { ...position, id: 9002 }]);
    expect(msg.entityWasArray).toBe(true);
    expect(entitiesOf(msg.entities, "position").map((p) => p.id)).toEqual([9001, 9002]);
  });

  test("a bad entity is unrecognised alone; the event and its other entities stay", () => {
    const msg = parseServerMessage({
      e: "props",
      d: { entityType: "position", eventType: "Updated", entity: [position, { id: 1 }] },
    }) as PropsEvent;
    expect(msg.type).toBe("event");
    expect(msg.entities[0]?.kind).toBe("position");
    expect(msg.entities[1]).toMatchObject({
      kind: "unrecognised",
      entityType: "position",
      raw: '{"id":1}',
      why: 'position: missing field "accountId"',
    });
  });

  test("an entity type tapedeck has no interface for is kept as other", () => {
    const value = { id: 3, accountId: 7, initialMargin: 1200 };
    const msg = propsEvent("marginSnapshot", "Updated", value);
    expect(msg.entities).toEqual([{ kind: "other", entityType: "marginSnapshot", value }]);
  });

  testProp([anyEntity, fc.constantFrom("Created", "Updated", "Deleted")])(
    "every entity type round-trips through a props event, typed",
    ({ entityType, value }, eventType) => {
      const msg = parseServerMessage(
        JSON.parse(JSON.stringify(propsEvent(entityType, eventType, value).raw)),
      );
      expect(msg).toMatchObject({ type: "event", e: "props", entityType, eventType });
      expect((msg as PropsEvent).entities).toEqual([{ kind: entityType, value }]);
    },
  );

  testProp([
    fc
      .constantFrom(...ENTITY_TYPES)
      .chain((t) => fc.tuple(fc.constant(t), fc.array(entityOf(t), { maxLength: 4 }))),
  ])("array entities keep their order and count", ([entityType, list]) => {
    const msg = propsEvent(entityType, "Updated", list);
    expect(msg.entities.map((e) => e.kind)).toEqual(list.map(() => entityType));
    expect(msg.entities.map((e) => (e.kind === "unrecognised" ? null : e.value))).toEqual(list);
  });

  test.each([
    [{ e: "props", d: null }, "props: d must be an object, got null"],
    [
      { e: "props", d: { entityType: 1, eventType: "Created", entity: {} } },
      "props: entityType must be a string",
    ],
    [
      { e: "props", d: { entityType: "fill", eventType: null, entity: {} } },
      "props: eventType must be a string",
    ],
    [
      { e: "props", d: { entityType: "fill", eventType: "Created" } },
      "props: entity must be an object or an array, got undefined",
    ],
    [
      { e: "props", d: { entityType: "fill", eventType: "Created", entity: "x" } },
      "props: entity must be an object or an array, got string",
    ],
  ])("%j is unrecognised: %s", (raw, why) => {
    expect(parseServerMessage(raw)).toEqual({ type: "unrecognised", raw, why });
  });
});

describe("clock, shutdown, md", () => {
  test("clock keeps its JSON-string payload and types t and s", () => {
    const raw = { e: "clock", d: '{"t":"2019-08-26T16:43:08.599Z","s":20}' };
    expect(parseServerMessage(raw)).toEqual({
      type: "event",
      e: "clock",
      t: "2019-08-26T16:43:08.599Z",
      s: 20,
      payload: raw.d,
      raw,
    });
    expect(clockEvent("2019-08-26T16:43:08.599Z", 20).raw).toEqual(raw);
  });

  testProp([timestamp, fc.integer({ min: 0, max: 400 })])("clock round trip", (t, s) => {
    const msg = parseServerMessage(JSON.parse(JSON.stringify(clockEvent(t, s).raw)));
    expect(msg).toMatchObject({ e: "clock", t, s });
  });

  test.each([
    [{ e: "clock", d: { t: "x", s: 1 } }, "clock: d must be a JSON string, got object"],
    [{ e: "clock", d: "{t:1}" }, "clock: d is not JSON: "],
    [{ e: "clock", d: "[1]" }, "clock: d must hold an object, got array"],
    [{ e: "clock", d: '{"t":1,"s":1}' }, 'clock: "t" must be a string'],
    [{ e: "clock", d: '{"t":"x"}' }, 'clock: "s" must be a number'],
    [{ e: "shutdown", d: {} }, "shutdown: reasonCode must be a string"],
    [
      { e: "shutdown", d: { reasonCode: "Maintenance", reason: 3 } },
      "shutdown: reason must be a string",
    ],
    [{ e: "md", d: {} }, "md: d has none of quotes, doms, histograms"],
    [{ e: "md", d: { quotes: {} } }, "md: quotes must be an array, got object"],
    [
      { e: "md", d: { quotes: [{ timestamp: "t", contractId: "1", entries: {} }] } },
      'md.quotes[0]: field "contractId" must be an integer, got "1"',
    ],
    [
      {
        e: "md",
        d: { quotes: [{ timestamp: "t", contractId: 1, entries: { Bid: { price: "1" } } }] },
      },
      'md.quotes[0].entries.Bid: field "price" must be a number, got "1"',
    ],
    [
      {
        e: "md",
        d: { doms: [{ timestamp: "t", contractId: 1, bids: [], offers: [{ price: 1 }] }] },
      },
      'md.doms[0].offers[0]: missing field "size"',
    ],
    [
      {
        e: "md",
        d: {
          histograms: [
            {
              contractId: 1,
              timestamp: "t",
              tradeDate: { year: 2022, month: 4, day: 13 },
              base: 1,
              items: { x: 1 },
              refresh: false,
            },
          ],
        },
      },
      'md.histograms[0].items: key "x" is no offset',
    ],
    [
      { e: "chart", d: { charts: [{ id: 1 }] } },
      "chart.charts[0]: packet has none of bars, tks, eoh",
    ],
    [
      { e: "chart", d: { charts: [{ id: 1, bp: 1, bt: 1, ts: 0, tks: [] }] } },
      'chart.charts[0]: field "ts" must be positive',
    ],
    [
      {
        e: "chart",
        d: { charts: [{ id: 1, bp: 1, bt: 1, ts: 0.25, tks: [{ t: 0, p: 0, s: 1 }] }] },
      },
      'chart.charts[0].tks[0]: missing field "id"',
    ],
    [
      {
        e: "chart",
        d: { charts: [{ id: 1, bars: [{ timestamp: "t", open: 1, high: 1, low: 1 }] }] },
      },
      'chart.charts[0].bars[0]: missing field "close"',
    ],
    [{ e: "quote", d: {} }, 'unknown event kind "quote"'],
    [{ e: 1, d: {} }, '"e" must be a string'],
    [{ s: "200", i: 1 }, 'response: "s" must be an HTTP status, got "200"'],
    [{ s: 200, i: "1" }, 'response: "i" must be an integer, got "1"'],
    [{ s: 200 }, 'response: "i" must be an integer, got undefined'],
    [{ d: {} }, 'message has neither "e" (event) nor "s" and "i" (response)'],
    [[1], "message must be an object, got array"],
  ])("%j is unrecognised: %s", (raw, why) => {
    const msg = parseServerMessage(raw);
    expect(msg.type).toBe("unrecognised");
    expect(msg.type === "unrecognised" && msg.why.startsWith(why)).toBe(true);
    expect(msg.raw).toBe(raw);
  });

  test("shutdown without a reason is fine", () => {
    expect(shutdownEvent("IPQuotaReached")).toMatchObject({ reasonCode: "IPQuotaReached" });
    expect(JSON.stringify(shutdownEvent("Maintenance", "bye").raw)).toBe(
      '{"e":"shutdown","d":{"reasonCode":"Maintenance","reason":"bye"}}',
    );
  });

  test("md event carries only the lists the wire had", () => {
    const quote = { timestamp: "2021-04-13T04:59:06.588Z", contractId: 1, entries: {} };
    const msg = mdEvent({ quotes: [quote] });
    expect(msg).toEqual({
      type: "event",
      e: "md",
      quotes: [quote],
      raw: { e: "md", d: { quotes: [quote] } },
    });
  });

  test("a payload key named like a message field cannot overwrite it", () => {
    const raw = { e: "md", d: { quotes: [], type: "response", e: "props", raw: 1 } };
    expect(parseServerMessage(raw)).toEqual({ type: "event", e: "md", quotes: [], raw });
  });

  test("builders refuse what they cannot type", () => {
    expect(() => mdEvent({})).toThrow(TypeError);
  });
});

describe("withRequestId", () => {
  test("re-numbers a response, keeping the key order and dropping the old text", () => {
    const frame = parseServerFrame('a[{"i":0,"s":401,"d":"Invalid access token"}]');
    const [msg] = frame.kind === "messages" ? frame.messages : [];
    if (msg?.type !== "response") throw new Error("not a response");
    const moved = withRequestId(msg, 7);
    expect(moved.i).toBe(7);
    expect(moved.text).toBeUndefined();
    expect(messageText(moved)).toBe('{"i":7,"s":401,"d":"Invalid access token"}');
    expect(msg.i).toBe(0);
  });

  testProp([messageCase, fc.nat()])("changes nothing but i", ({ expected }, i) => {
    fc.pre(expected.type === "response");
    if (expected.type !== "response") return;
    const moved = withRequestId(expected, i);
    expect({ ...moved.raw, i: expected.i }).toEqual(expected.raw);
    expect(Object.keys(moved.raw)).toEqual(Object.keys(expected.raw));
    expect(moved).toMatchObject({ type: "response", s: expected.s, i });
  });
});

describe("every message", () => {
  testProp([messageCase])("parsing the wire text gives the typed message", ({ raw, expected }) => {
    expect(parseServerMessage(JSON.parse(JSON.stringify(raw)))).toEqual(expected);
  });

  testProp([messageCase])(
    "builders make the same message, byte for byte",
    ({ raw, expected, built }) => {
      expect(built).toEqual(expected);
      expect(JSON.stringify(built.raw)).toBe(JSON.stringify(raw));
    },
  );
});
