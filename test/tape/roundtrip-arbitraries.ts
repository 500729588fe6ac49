/**
 * fast-check arbitraries for tape events as sources hand them to the writer. Text covers every
 * well-formed Unicode string (text frames arrive as valid UTF-8), plus the characters that
 * stress a line format: "\n", "\r", U+2028, quotes, backslashes, NUL.
 */
import fc from "fast-check";
import type { EventInput, HttpMessage, ProtocolName, Role } from "../../src/tape/events.js";

const tricky = fc.constantFrom(
  "\n",
  "\r",
  "\r\n",
  "\u2028",
  "\u2029",
  '"',
  "\\",
  "\u0000",
  "«",
  "😀",
);

/** Any well-formed Unicode text: graphemes, arbitrary code points, and line-format hazards. */
export const anyText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ unit: fc.oneof(tricky, fc.string({ maxLength: 3 })), maxLength: 12 }),
);

/** A JSON value, with -0 mapped to 0: JSON has no negative zero (documented in the format). */
export const anyJson: fc.Arbitrary<unknown> = fc
  .jsonValue({ maxDepth: 3, stringUnit: "binary" })
  .map(function noNegativeZero(v: unknown): unknown {
    if (Object.is(v, -0)) return 0;
    if (Array.isArray(v)) return v.map(noNegativeZero);
    if (typeof v === "object" && v !== null) {
      const out: Record<string, unknown> = {};
      for (const [k, item] of Object.entries(v)) {
        Object.defineProperty(out, k, {
          value: noNegativeZero(item),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return out;
    }
    return v;
  });

export const anyBytes = fc.uint8Array({ maxLength: 48 });
const conn = fc.integer({ min: 1, max: 4 });
const headers = fc.dictionary(fc.string({ maxLength: 8 }), anyText, { maxKeys: 3 });
const proto = fc.constantFrom<ProtocolName>("tradovate", "trademanager", "raw");
const role = fc.constantFrom<Role>("trading", "md", "replay", "trademanager", "other");
const ms = fc.oneof(
  fc.nat(100_000),
  fc
    .double({ min: 0, max: 1e6, noNaN: true, noDefaultInfinity: true })
    .map((x) => (Object.is(x, -0) ? 0 : x)),
);

const httpMessage: fc.Arbitrary<HttpMessage> = fc.oneof(
  fc.record({ headers, body: anyText }, { requiredKeys: [] }),
  fc.record(
    { headers, b64: anyBytes.map((b) => Buffer.from(b).toString("base64")) },
    { requiredKeys: ["b64"] },
  ),
);

/** Any event a source may write (no seq, no t: the writer adds them). */
export const anyEventInput: fc.Arbitrary<EventInput> = fc.oneof(
  fc.record(
    { k: fc.constant("open" as const), c: conn, url: anyText, proto, role, headers },
    { requiredKeys: ["k", "c", "url", "proto"] },
  ),
  fc.record({ k: fc.constantFrom("recv" as const, "send" as const), c: conn, text: anyText }),
  fc.record({
    k: fc.constantFrom("recv" as const, "send" as const),
    c: conn,
    b64: anyBytes.map((b) => Buffer.from(b).toString("base64")),
  }),
  fc.record(
    {
      k: fc.constant("close" as const),
      c: conn,
      code: fc.integer({ min: 1000, max: 4999 }),
      reason: anyText,
      by: fc.constantFrom("server" as const, "client" as const, "local" as const),
    },
    { requiredKeys: ["k", "c", "by"] },
  ),
  fc.record({
    k: fc.constant("http" as const),
    method: fc.constantFrom("GET", "POST", "PUT", "DELETE"),
    url: anyText,
    status: fc.integer({ min: 0, max: 599 }),
    req: httpMessage,
    res: httpMessage,
    ms,
  }),
  fc.record(
    { k: fc.constant("gap" as const), c: conn, reason: anyText, ms },
    { requiredKeys: ["k", "reason"] },
  ),
  fc.record(
    { k: fc.constant("mark" as const), label: anyText, data: anyJson },
    { requiredKeys: ["k", "label"] },
  ),
) as fc.Arbitrary<EventInput>;

/** A source's event, sometimes with its own `t` (kept by the writer) instead of the clock's. */
export const anyTimedInput: fc.Arbitrary<{ input: EventInput; advance: number }> = fc.record({
  input: fc.oneof(
    { weight: 4, arbitrary: anyEventInput },
    {
      weight: 1,
      arbitrary: fc
        .tuple(anyEventInput, fc.nat(10_000_000))
        .map(([e, t]) => ({ ...e, t }) as EventInput),
    },
  ),
  advance: fc.nat(5_000),
});
