import { describe, expect, test } from "vitest";
import {
  chartEvent,
  clientFrameKind,
  clockEvent,
  errorResponse,
  mdEvent,
  messageKind,
  parseClientFrame,
  parseServerFrame,
  parseServerMessage,
  propsEvent,
  response,
  serverFrameKinds,
  shutdownEvent,
} from "../../../src/protocols/tradovate/index.js";

const quote = { timestamp: "t", contractId: 1, entries: {} };
const dom = { timestamp: "t", contractId: 1, bids: [], offers: [] };

describe("messageKind", () => {
  const endpoints = new Map([
    [1, "md/subscribequote"],
    [2, "authorize"],
  ]);

  test("responses name the endpoint of their request, and the status when not 2xx", () => {
    expect(messageKind(response(1, 200, {}), endpoints)).toBe("response:md/subscribequote");
    expect(messageKind(errorResponse(2, 404, "Not found: authorize"), endpoints)).toBe(
      "response:authorize:404",
    );
    expect(messageKind(response(9, 200))).toBe("response:?");
    expect(messageKind(response(1, 200), (id) => (id === 1 ? "user/syncrequest" : undefined))).toBe(
      "response:user/syncrequest",
    );
  });

  test.each([
    [propsEvent("position", "Updated", {}), "event:props:position:Updated"],
    [propsEvent("marginSnapshot", "Created", []), "event:props:marginSnapshot:Created"],
    [mdEvent({ quotes: [quote] }), "event:md:quotes"],
    [mdEvent({ quotes: [quote], doms: [dom] }), "event:md:doms+quotes"],
    [chartEvent([{ id: 1, eoh: true }]), "event:chart:eoh"],
    [
      chartEvent([
        { id: 1, bars: [] },
        { id: 1, eoh: true },
        { id: 2, bars: [] },
      ]),
      "event:chart:bars+eoh",
    ],
    [chartEvent([]), "event:chart:empty"],
    [shutdownEvent("Maintenance"), "event:shutdown:Maintenance"],
    [clockEvent("2019-08-26T16:43:08.599Z", 20), "event:clock"],
    [parseServerMessage({ e: "quote", d: {} }), "unrecognised:event:quote"],
    [parseServerMessage({ e: "md", d: {} }), "unrecognised:event:md"],
    [parseServerMessage([1]), "unrecognised"],
    [parseServerMessage(null), "unrecognised"],
  ])("%# is %s", (msg, kind) => {
    expect(messageKind(msg)).toBe(kind);
  });
});

describe("serverFrameKinds", () => {
  test.each([
    ["o", ["open"]],
    ["h", ["heartbeat"]],
    ['c[3000,"Go away!"]', ["close:3000"]],
    ["a[]", ["messages:empty"]],
    ["x", ["unrecognised"]],
    ['a[{"s":200,"i":1},{"e":"md","d":{"quotes":[]}}]', ["response:?", "event:md:quotes"]],
  ])("%j is %j", (text, kinds) => {
    expect(serverFrameKinds(parseServerFrame(text))).toEqual(kinds);
  });
});

describe("clientFrameKind", () => {
  test.each([
    ["[]", "heartbeat"],
    ["authorize\n0\n\ntok", "authorize"],
    ['md/subscribeQuote\n3\n\n{"symbol":"ESZ5"}', "request:md/subscribequote"],
    ["/User/SyncRequest\n1\n\n{}", "request:user/syncrequest"],
    ["md/subscribeQuote\n3\n\n{'symbol':'ESZ5'}", "unrecognised"],
  ])("%j is %s", (text, kind) => {
    expect(clientFrameKind(parseClientFrame(text))).toBe(kind);
  });
});
