import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  encodeAuthorize,
  encodeClientFrame,
  encodeRequest,
  endpointKey,
  normaliseBody,
  parseClientFrame,
} from "../../../src/protocols/tradovate/index.js";
import { json } from "./arbitraries.js";
import { testProp } from "./prop.js";

/** Endpoints as clients write them: `md/subscribeQuote`, `user/syncrequest`, any case. */
const endpoint = fc
  .array(fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,11}$/), { minLength: 1, maxLength: 3 })
  .map((parts) => parts.join("/"))
  .filter((e) => e.toLowerCase() !== "authorize");

/** Queries without newlines or surrounding blanks, and not the "nothing" words. */
const query = fc
  .string({ maxLength: 20 })
  .filter((q) => !/[\r\n]/.test(q) && q === q.trim() && q !== "undefined" && q !== "null");

/** Bodies: any JSON but a top-level null (clients use `null` to mean "no body"). */
const body = fc.option(
  json.filter((v) => v !== null),
  { nil: undefined },
);

const token = fc.stringMatching(/^[A-Za-z0-9._-]{1,40}$/);

describe("parseClientFrame", () => {
  test("reads a request", () => {
    expect(parseClientFrame('md/subscribeQuote\n3\n\n{"symbol":"ESZ5"}')).toEqual({
      kind: "request",
      endpoint: "md/subscribeQuote",
      endpointKey: "md/subscribequote",
      id: 3,
      query: "",
      body: { symbol: "ESZ5" },
      rawBody: '{"symbol":"ESZ5"}',
    });
  });

  test.each(["[]", "[]\n", " [] "])("%j is a heartbeat", (text) => {
    expect(parseClientFrame(text)).toEqual({ kind: "heartbeat" });
  });

  test("a leading slash and any case give the same endpoint key", () => {
    for (const text of ["/md/getChart\n1\n\n{}", "MD/GETCHART\n1\n\n{}", "md/getchart\n1\n\n{}"]) {
      const frame = parseClientFrame(text);
      expect(frame.kind === "request" && frame.endpointKey).toBe("md/getchart");
    }
  });

  test("a body may span lines and end with newlines", () => {
    const frame = parseClientFrame('user/syncrequest\n1\n\n{\n  "users": [42]\n}\n\n');
    expect(frame.kind === "request" && frame.body).toEqual({ users: [42] });
  });

  test("id and endpoint alone make a request without query or body", () => {
    expect(parseClientFrame("account/list\n4")).toMatchObject({
      kind: "request",
      id: 4,
      query: "",
      body: undefined,
      rawBody: "",
    });
  });

  test.each([
    ["authorize\n0\n\ntok-1", "tok-1"],
    ['authorize\n0\n\n"tok-1"', "tok-1"],
    ["authorize\n0\n\ntok-1\n", "tok-1"],
    ["authorize\r\n0\r\n\r\ntok-1\r\n", "tok-1"],
    ["Authorize\n0\n\n  tok-1  ", "tok-1"],
    ['authorize\n0\n\n"tok-1', '"tok-1'],
    ["authorize\n0\n\nundefined", ""],
    ["authorize\n0\n\n", ""],
  ])("authorize %j has token %j", (text, expected) => {
    const frame = parseClientFrame(text);
    expect(frame.kind).toBe("authorize");
    expect(frame.kind === "authorize" && frame.token).toBe(expected);
  });

  test("single-quoted pseudo-JSON is unrecognised with id and endpoint, so a server can answer 400", () => {
    const frame = parseClientFrame("md/subscribeQuote\n7\n\n{'symbol':'ESZ5'}");
    expect(frame).toMatchObject({
      kind: "unrecognised",
      raw: "md/subscribeQuote\n7\n\n{'symbol':'ESZ5'}",
      id: 7,
      endpoint: "md/subscribeQuote",
      endpointKey: "md/subscribequote",
    });
    expect(frame.kind === "unrecognised" && frame.why).toMatch(/^Invalid JSON: /);
  });

  test.each([
    ["", "empty frame"],
    ["\n\n", "empty frame"],
    ["\n1\n\n{}", "request without an endpoint"],
    ["md/subscribeQuote", "request without an id"],
    ["md/subscribeQuote\n\n\n{}", "request without an id"],
    ["md/subscribeQuote\nx1\n\n{}", 'request id is not an integer: "x1"'],
    ["md/subscribeQuote\n-1\n\n{}", 'request id is not an integer: "-1"'],
    ["md/subscribeQuote\n99999999999999999999\n\n{}", "request id is not an integer"],
  ])("%j is unrecognised: %s", (text, why) => {
    const frame = parseClientFrame(text);
    expect(frame.kind).toBe("unrecognised");
    expect(frame.kind === "unrecognised" && frame.why.startsWith(why)).toBe(true);
  });

  testProp([endpoint, fc.nat(), query, body])(
    "round trip: parsing encodeRequest gives back endpoint, id, query and body",
    (ep, id, q, b) => {
      const text = encodeRequest(ep, id, q, b);
      expect(parseClientFrame(text)).toEqual({
        kind: "request",
        endpoint: ep,
        endpointKey: ep.toLowerCase(),
        id,
        query: q,
        body: b,
        rawBody: b === undefined ? "" : JSON.stringify(b),
      });
    },
  );

  testProp([fc.nat(), token, fc.constantFrom("", "\n", "\r\n"), fc.boolean()])(
    "round trip: authorize tokens survive quoting and trailing newlines",
    (id, tok, trailer, quoted) => {
      const text = encodeAuthorize(id, (quoted ? JSON.stringify(tok) : tok) + trailer);
      expect(parseClientFrame(text)).toMatchObject({ kind: "authorize", id, token: tok });
    },
  );

  testProp([fc.string()])("parse(encodeClientFrame(parse(text))) equals parse(text)", (text) => {
    const frame = parseClientFrame(text);
    expect(parseClientFrame(encodeClientFrame(frame))).toEqual(frame);
  });

  testProp([endpoint, fc.nat(), query, body, fc.constantFrom("undefined", "null", "")])(
    "literal undefined/null query or body mean empty",
    (ep, id, q, b, nothing) => {
      const noQuery = parseClientFrame(`${ep}\n${id}\n${nothing}\n${JSON.stringify(b) ?? ""}`);
      expect(noQuery).toMatchObject({ kind: "request", query: "", body: b });
      const noBody = parseClientFrame(`${ep}\n${id}\n${q}\n${nothing}`);
      expect(noBody).toMatchObject({ kind: "request", query: q, body: undefined });
    },
  );
});

describe("endpointKey", () => {
  test("lower-cases and strips leading slashes and blanks", () => {
    expect(endpointKey(" /md/subscribeQuote ")).toBe("md/subscribequote");
    expect(endpointKey("//User/SyncRequest")).toBe("user/syncrequest");
  });
});

/** The same JSON value with the object keys rotated by `by` places at every depth. */
function rotated(value: unknown, by: number): unknown {
  if (Array.isArray(value)) return value.map((v) => rotated(v, by));
  if (typeof value !== "object" || value === null) return value;
  const keys = Object.keys(value);
  const n = keys.length === 0 ? 0 : by % keys.length;
  const out: Record<string, unknown> = {};
  for (const key of [...keys.slice(n), ...keys.slice(0, n)]) {
    Object.defineProperty(out, key, {
      value: rotated((value as Record<string, unknown>)[key], by),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

describe("normaliseBody", () => {
  test("sorts keys at every depth and leaves no blanks", () => {
    expect(normaliseBody({ b: 1, a: { d: [{ z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[{"y":2,"z":1}]},"b":1}',
    );
    expect(normaliseBody(undefined)).toBe("");
  });

  test("keeps a __proto__ key as a key", () => {
    const body = JSON.parse('{"__proto__":{"x":1},"a":2}');
    expect(normaliseBody(body)).toBe('{"__proto__":{"x":1},"a":2}');
  });

  testProp([json, fc.nat()])("is the same for any key order and keeps the value", (v, by) => {
    expect(normaliseBody(rotated(v, by))).toBe(normaliseBody(v));
    expect(JSON.parse(normaliseBody(v))).toEqual(v);
  });

  const pair = fc.oneof(
    fc.tuple(json, json),
    fc.tuple(json, fc.nat()).map(([v, by]) => [v, rotated(v, by)] as const),
  );
  testProp([pair])("gives the same text exactly when the values are equal", ([a, b]) => {
    expect(normaliseBody(a) === normaliseBody(b)).toBe(isDeepStrictEqual(a, b));
  });
});
