/**
 * Totality: no parser throws, whatever it is given (arbitrary strings, arbitrary JSON, arbitrary
 * JS values, and real frames of the spec mutated at random), and whatever it cannot read comes
 * back unrecognised with a reason.
 */
import fc from "fast-check";
import { describe, expect } from "vitest";
import {
  clientFrameKind,
  decodeTickPacket,
  EVENT_KINDS,
  encodeClientFrame,
  encodeServerFrame,
  isTickPacket,
  messageKind,
  parseChartPayload,
  parseChartSubscription,
  parseClientFrame,
  parseEntity,
  parseMdPayload,
  parseServerFrame,
  parseServerMessage,
  parseSyncSnapshot,
  responseErrorText,
  type ServerFrame,
  serverFrameKinds,
} from "../../../src/protocols/tradovate/index.js";
import { ENTITY_TYPES, json } from "./arbitraries.js";
import { testProp } from "./prop.js";
import { allClientTexts, allServerTexts } from "./spec-fixtures.js";

/** More runs than the default 100: these properties are cheap and their inputs wide. */
const RUNS = { numRuns: 400 };

const text = fc.oneof(
  fc.string(),
  fc.string({ unit: "binary" }),
  fc.string({ unit: "grapheme" }),
  fc.string({
    unit: fc.constantFrom(
      "a",
      "c",
      "o",
      "h",
      "[",
      "]",
      "{",
      "}",
      '"',
      ",",
      "\n",
      "\r",
      " ",
      "0",
      "1",
      ":",
    ),
  }),
);

/** Any JS value, including ones JSON cannot make (null-prototype objects, bigint, -0). */
const anything = fc.anything({
  withNullPrototype: true,
  withBigInt: true,
  withBoxedValues: true,
  withObjectString: true,
  withSparseArray: true,
  maxDepth: 4,
});

type Path = (string | number)[];

/** Every path to a value inside a JSON value, the root included. */
function paths(value: unknown, at: Path = []): Path[] {
  const out: Path[] = [at];
  if (Array.isArray(value)) {
    for (const [k, v] of value.entries()) out.push(...paths(v, [...at, k]));
  } else if (typeof value === "object" && value !== null) {
    for (const [key, v] of Object.entries(value)) out.push(...paths(v, [...at, key]));
  }
  return out;
}

/** One structural mutation at a path: delete, replace, stringify, or null it. */
function mutate(value: unknown, path: Path, op: number, replacement: unknown): unknown {
  if (path.length === 0) return [replacement, JSON.stringify(value), null, [value]][op % 4];
  const [head, ...rest] = path;
  if (Array.isArray(value)) {
    const copy = [...value];
    if (rest.length === 0 && op % 4 === 0) copy.splice(head as number, 1);
    else copy[head as number] = mutate(copy[head as number], rest, op, replacement);
    return copy;
  }
  const copy = { ...(value as Record<string, unknown>) };
  if (rest.length === 0 && op % 4 === 0) delete copy[head as string];
  else copy[head as string] = mutate(copy[head as string], rest, op, replacement);
  return copy;
}

/** A spec frame's JSON mutated one to three times at random places. */
const mutatedServerFrame = fc
  .tuple(
    fc.constantFrom(...allServerTexts.filter((t) => t.startsWith("a") || t.startsWith("c"))),
    fc.array(fc.tuple(fc.nat(), fc.nat(), json), { minLength: 1, maxLength: 3 }),
  )
  .map(([frame, ops]) => {
    let value: unknown = JSON.parse(frame.slice(1));
    for (const [at, op, replacement] of ops) {
      const all = paths(value);
      value = mutate(value, all[at % all.length]!, op, replacement);
    }
    return `${frame[0]}${JSON.stringify(value)}`;
  });

/** A spec frame's text with characters inserted, deleted or cut off. */
function charMutated(texts: string[]) {
  return fc
    .tuple(
      fc.constantFrom(...texts),
      fc.array(fc.tuple(fc.nat(), fc.constantFrom(0, 1, 2), fc.string({ maxLength: 2 })), {
        minLength: 1,
        maxLength: 4,
      }),
    )
    .map(([start, ops]) => {
      let t = start;
      for (const [at, op, s] of ops) {
        const k = t.length === 0 ? 0 : at % t.length;
        t =
          op === 0
            ? t.slice(0, k) + s + t.slice(k)
            : op === 1
              ? t.slice(0, k) + t.slice(k + 1)
              : t.slice(0, k);
      }
      return t;
    });
}

/** Messages that look nearly right: a known or unknown `e` with any `d`, or s/i of any type. */
const nearMessage = fc.oneof(
  fc.record({ e: fc.constantFrom(...EVENT_KINDS, "quote", ""), d: json }),
  fc.record({ e: fc.constant("clock"), d: json.map((v) => JSON.stringify(v)) }),
  fc.record({ s: json, i: json, d: json }, { requiredKeys: [] }),
  fc.record({
    e: fc.constant("props"),
    d: fc.record({
      entityType: fc.constantFrom(...ENTITY_TYPES, "other"),
      eventType: fc.constantFrom("Created", "Updated"),
      entity: fc.oneof(json, fc.array(json)),
    }),
  }),
);

function checkServerFrame(input: string, frame: ServerFrame): void {
  if (frame.kind === "unrecognised") {
    expect(frame.raw).toBe(input);
    expect(frame.why.length).toBeGreaterThan(0);
  }
  if (frame.kind === "messages") {
    for (const m of frame.messages)
      if (m.type === "unrecognised") expect(m.why.length).toBeGreaterThan(0);
    // Whatever was read encodes back to the very same text.
    expect(encodeServerFrame(frame)).toBe(input);
  }
  expect(serverFrameKinds(frame).length).toBeGreaterThan(0);
}

describe("server frames never throw", () => {
  testProp([text], RUNS)("arbitrary text", (t) => {
    checkServerFrame(t, parseServerFrame(t));
  });

  testProp([fc.constantFrom("a", "c"), json], RUNS)(
    "a or c followed by arbitrary JSON",
    (type, v) => {
      const t = `${type}${JSON.stringify(v)}`;
      checkServerFrame(t, parseServerFrame(t));
    },
  );

  testProp([fc.array(nearMessage, { maxLength: 3 })], RUNS)("a-frames of near-messages", (msgs) => {
    const t = `a${JSON.stringify(msgs)}`;
    checkServerFrame(t, parseServerFrame(t));
  });

  testProp([mutatedServerFrame], RUNS)("spec frames mutated in their JSON", (t) => {
    checkServerFrame(t, parseServerFrame(t));
  });

  testProp([charMutated(allServerTexts)], RUNS)("spec frames mutated in their text", (t) => {
    checkServerFrame(t, parseServerFrame(t));
  });
});

describe("client frames never throw", () => {
  const lines = fc
    .array(
      fc.oneof(
        fc.constantFrom(
          "authorize",
          "md/getChart",
          "/x",
          "undefined",
          "null",
          "[]",
          "",
          "0",
          "12",
          "-1",
          '"tok"',
          "{'a':1}",
        ),
        text,
        json.map((v) => JSON.stringify(v)),
      ),
      { maxLength: 6 },
    )
    .chain((ls) => fc.constantFrom("\n", "\r\n").map((sep) => ls.join(sep)));

  testProp([fc.oneof(text, lines, charMutated(allClientTexts))], RUNS)(
    "arbitrary text, line soups and mutated spec frames",
    (t) => {
      const frame = parseClientFrame(t);
      if (frame.kind === "unrecognised") {
        expect(frame.raw).toBe(t);
        expect(frame.why.length).toBeGreaterThan(0);
      }
      expect(parseClientFrame(encodeClientFrame(frame))).toEqual(frame);
      expect(clientFrameKind(frame).length).toBeGreaterThan(0);
    },
  );
});

describe("message, entity and payload parsers never throw", () => {
  testProp([anything], RUNS)("parseServerMessage on any value", (v) => {
    const msg = parseServerMessage(v);
    if (msg.type === "unrecognised") expect(msg.why.length).toBeGreaterThan(0);
    if (msg.type === "response") responseErrorText(msg);
    expect(messageKind(msg).length).toBeGreaterThan(0);
  });

  testProp(
    [fc.oneof(fc.constantFrom(...ENTITY_TYPES, "__proto__", "constructor"), fc.string()), anything],
    RUNS,
  )("parseEntity on any type name and value", (t, v) => {
    const entity = parseEntity(t, v);
    if (entity.kind === "unrecognised") expect(entity.why.startsWith(`${t}: `)).toBe(true);
  });

  testProp([anything], RUNS)("payload parsers on any value", (v) => {
    for (const parse of [
      parseMdPayload,
      parseChartPayload,
      parseChartSubscription,
      parseSyncSnapshot,
    ]) {
      const out = parse(v) as { kind?: string; why?: string };
      if (out.kind === "unrecognised") expect(out.why?.length).toBeGreaterThan(0);
    }
  });

  testProp([json.map((charts) => ({ charts: [charts] }))], RUNS)(
    "decodeTickPacket on any packet the chart parser accepts gives finite numbers",
    (d) => {
      const payload = parseChartPayload(d);
      if (payload.kind === "unrecognised") return;
      for (const p of payload.charts) {
        if (!isTickPacket(p)) continue;
        for (const tick of decodeTickPacket(p)) {
          expect(Number.isFinite(tick.price) && Number.isFinite(tick.time)).toBe(true);
        }
      }
    },
  );
});
