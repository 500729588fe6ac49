import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  closeFrame,
  encodeServerFrame,
  messagesFrame,
  parseServerFrame,
  response,
} from "../../../src/protocols/tradovate/index.js";
import { json, serverFrame } from "./arbitraries.js";
import { testProp } from "./prop.js";

describe("parseServerFrame", () => {
  test("reads the four SockJS frame types", () => {
    expect(parseServerFrame("o")).toEqual({ kind: "open" });
    expect(parseServerFrame("h")).toEqual({ kind: "heartbeat" });
    expect(parseServerFrame('c[3000,"Go away!"]')).toEqual({
      kind: "close",
      code: 3000,
      reason: "Go away!",
    });
    const frame = parseServerFrame('a[{"s":200,"i":0}]');
    expect(frame).toEqual({
      kind: "messages",
      messages: [
        { type: "response", s: 200, i: 0, raw: { s: 200, i: 0 }, text: '{"s":200,"i":0}' },
      ],
    });
  });

  test("a[] is an empty list of messages", () => {
    expect(parseServerFrame("a[]")).toEqual({ kind: "messages", messages: [] });
  });

  test.each([
    ["", "expected o, h, or a[...] or c[...] without blanks"],
    ["o\n", "expected o, h, or a[...] or c[...] without blanks"],
    ["hh", "expected o, h, or a[...] or c[...] without blanks"],
    ['{"s":200,"i":0}', "expected o, h, or a[...] or c[...] without blanks"],
    ['a{"s":200}', "expected o, h, or a[...] or c[...] without blanks"],
    ["a [1]", "expected o, h, or a[...] or c[...] without blanks"],
    ["a[1]\n", "expected o, h, or a[...] or c[...] without blanks"],
    ["c", "expected o, h, or a[...] or c[...] without blanks"],
    ["a[{]", "a-frame: Invalid JSON: "],
    ["a[1]]", "a-frame: Invalid JSON: "],
    ["c[3000]", 'c-frame: expected [code, "reason"]'],
    ['c["3000","x"]', 'c-frame: expected [code, "reason"]'],
  ])("%j is unrecognised, keeping the text and saying why", (text, why) => {
    const frame = parseServerFrame(text);
    expect(frame.kind).toBe("unrecognised");
    if (frame.kind !== "unrecognised") return;
    expect(frame.raw).toBe(text);
    expect(frame.why.startsWith(why)).toBe(true);
  });

  test("one bad message does not spoil the others in its frame", () => {
    const frame = parseServerFrame('a[{"s":200,"i":1,"d":{}},{"e":"nope","d":1},7]');
    expect(frame.kind).toBe("messages");
    if (frame.kind !== "messages") return;
    expect(frame.messages.map((m) => m.type)).toEqual(["response", "unrecognised", "unrecognised"]);
    expect(frame.messages[1]).toEqual({
      type: "unrecognised",
      raw: { e: "nope", d: 1 },
      why: 'unknown event kind "nope"',
      text: '{"e":"nope","d":1}',
    });
  });
});

describe("encodeServerFrame", () => {
  test("writes Tradovate's exact texts", () => {
    expect(encodeServerFrame({ kind: "open" })).toBe("o");
    expect(encodeServerFrame({ kind: "heartbeat" })).toBe("h");
    expect(closeFrame(3000, "Go away!")).toBe('c[3000,"Go away!"]');
    expect(messagesFrame(response(0, 200))).toBe('a[{"s":200,"i":0}]');
  });

  test.each([
    [
      'a[{"e":"md","d":{"histograms":[{"items":{"-14":5906.67,"2":1234.55}}]}}]',
      "integer-like keys",
    ],
    [
      'a[{"e":"md","d":{"quotes":[{"entries":{"Trade":{"price":1.10,"size":2.0}}}]}}]',
      "number forms",
    ],
    ['a[ {"s":200,"i":1} , {"e":"x","d":"\u00e9/"} ]', "blanks and escapes"],
    ['a[{"s":200,"i":1,"d":"[,]{\\"}"},[1,[2]],"]"]', "brackets and commas inside strings"],
  ])("a parsed frame encodes back byte for byte (%#: %s)", (text) => {
    expect(encodeServerFrame(parseServerFrame(text))).toBe(text);
  });

  testProp([fc.array(json, { maxLength: 4 }), fc.constantFrom(0, 1, 2, "\t")])(
    "any a-frame of any JSON, compact or indented, encodes back byte for byte",
    (values, indent) => {
      const text = `a${JSON.stringify(values, null, indent)}`;
      const frame = parseServerFrame(text);
      expect(frame.kind).toBe("messages");
      expect(encodeServerFrame(frame)).toBe(text);
    },
  );

  test("an unrecognised frame encodes back to its text", () => {
    expect(encodeServerFrame(parseServerFrame("x[1]"))).toBe("x[1]");
  });

  testProp([serverFrame])("round trip: parse(encode(frame)) gives back the frame", (frame) => {
    // Parsed messages also carry their exact text; built ones write JSON.stringify(raw).
    const withTexts =
      frame.kind === "messages"
        ? { ...frame, messages: frame.messages.map((m) => ({ ...m, text: JSON.stringify(m.raw) })) }
        : frame;
    expect(parseServerFrame(encodeServerFrame(frame))).toEqual(withTexts);
  });

  testProp([serverFrame])("byte-exact: encode(parse(text)) is text for encoded frames", (frame) => {
    const text = encodeServerFrame(frame);
    expect(encodeServerFrame(parseServerFrame(text))).toBe(text);
  });

  testProp([fc.string()])("encode(parse(text)) is text for any unrecognised text", (text) => {
    const frame = parseServerFrame(text);
    if (frame.kind === "unrecognised") expect(encodeServerFrame(frame)).toBe(text);
  });
});
