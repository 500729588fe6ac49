import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { open } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { test } from "@fast-check/vitest";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.js";
import type { TapeEvent } from "../../src/tape/events.js";
import { tryParseEventLine, tryParseHeaderLine } from "../../src/tape/line.js";
import { splitLines } from "../../src/tape/line-splitter.js";
import {
  openTape,
  openTapeEntries,
  parseEventLine,
  readTapeAll,
  serializeEvent,
  type TornLine,
} from "../../src/tape/reader.js";
import { anyEventInput, anyJson } from "./roundtrip-arbitraries.js";

const dir = mkdtempSync(join(tmpdir(), "tapedeck-reader-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const HEADER =
  '{"tape":1,"id":"r1","started":"2026-11-25T14:03:07.123456Z","tool":"tapedeck 0.1.0"}';
const E1 =
  '{"seq":1,"t":0,"k":"open","c":1,"url":"wss://md.example/v1/websocket","proto":"tradovate","role":"md"}';
const E2 = '{"seq":2,"t":812,"k":"recv","c":1,"text":"o"}';
const E3 = '{"seq":3,"t":1040,"k":"send","c":1,"b64":"AAEC"}';

function tapeFile(content: string | Buffer, ext = ".tape.jsonl"): string {
  const path = join(dir, `r${++n}${ext}`);
  writeFileSync(path, content);
  return path;
}

async function readError(path: string): Promise<InputError> {
  try {
    await readTapeAll(path);
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return err as InputError;
  }
  throw new Error(`expected ${path} to be rejected`);
}

describe("opening a tape", () => {
  it("reads the header eagerly and the events lazily", async () => {
    const path = tapeFile(`${HEADER}\n${E1}\n${E2}\n${E3}\n`);
    const tape = await openTape(path);
    expect(tape.header).toEqual(JSON.parse(HEADER));
    const events: TapeEvent[] = [];
    for await (const e of tape.events) events.push(e);
    expect(events.map(serializeEvent)).toEqual([E1, E2, E3]);
  });

  it("gives each event with its exact line and line number", async () => {
    const spaced = '{ "seq": 1, "t": 0, "k": "mark", "label": "hand-written" }';
    const path = tapeFile(`${HEADER}\n${spaced}\n${E2}\n`);
    const tape = await openTapeEntries(path);
    expect(tape.headerLine).toBe(HEADER);
    const entries = [];
    for await (const entry of tape.entries)
      entries.push({ line: entry.line, lineNo: entry.lineNo });
    expect(entries).toEqual([
      { line: spaced, lineNo: 2 },
      { line: E2, lineNo: 3 },
    ]);
  });

  it("reads gzip tapes by their .gz extension", async () => {
    const path = tapeFile(gzipSync(`${HEADER}\n${E1}\n${E2}\n`), ".tape.jsonl.gz");
    expect((await readTapeAll(path)).events.map(serializeEvent)).toEqual([E1, E2]);
  });

  it("accepts a header-only tape and a last event line without its newline", async () => {
    expect(await readTapeAll(tapeFile(`${HEADER}\n`))).toEqual({
      header: JSON.parse(HEADER),
      events: [],
    });
    expect(await readTapeAll(tapeFile(HEADER))).toEqual({ header: JSON.parse(HEADER), events: [] });
    const back = await readTapeAll(tapeFile(`${HEADER}\n${E1}\n${E2}`));
    expect(back.events.map(serializeEvent)).toEqual([E1, E2]);
    expect(back.torn).toBeUndefined();
  });

  it("keeps characters JSON escapes inside a line: CR, U+2028, NUL, escaped lone surrogates", async () => {
    const line = '{"seq":1,"t":0,"k":"recv","c":1,"text":"a\\r\\n\u2028b\\u0000\\ud800"}';
    const back = await readTapeAll(tapeFile(`${HEADER}\n${line}\n`));
    expect(back.events).toEqual([
      { seq: 1, t: 0, k: "recv", c: 1, text: "a\r\n\u2028b\u0000\ud800" },
    ]);
    expect(serializeEvent(back.events[0]!)).toBe(line);
  });

  it("reads a tape while it is still being written (streaming, not load-then-parse)", async () => {
    const fifo = join(dir, `fifo${++n}`);
    execFileSync("mkfifo", [fifo]);
    const opening = openTape(fifo);
    const writer = await open(fifo, "w");
    const lines = Array.from(
      { length: 50 },
      (_, i) => `{"seq":${i + 1},"t":${i},"k":"mark","label":"m${i}"}`,
    );
    await writer.write(`${HEADER}\n${lines.join("\n")}\n`);
    // The write end stays open: a reader that waited for the end of the file would never return.
    const tape = await opening;
    const it = tape.events[Symbol.asyncIterator]();
    const first: number[] = [];
    for (let i = 0; i < 10; i++) {
      const r = await it.next();
      if (!r.done) first.push(r.value.seq);
    }
    expect(first).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const closing = tape.close();
    await writer.close();
    await closing;
  });

  it("iterates once: a second pass is a programming error, not an empty tape", async () => {
    const tape = await openTapeEntries(tapeFile(`${HEADER}\n${E1}\n`));
    for await (const _ of tape.entries) {
      // drain
    }
    expect(() => tape.entries[Symbol.asyncIterator]()).toThrow("can be iterated only once");
  });

  it("can be closed without reading, or part way through", async () => {
    const a = await openTape(tapeFile(`${HEADER}\n${E1}\n${E2}\n`));
    await a.close();
    await a.close();
    const b = await openTape(tapeFile(`${HEADER}\n${E1}\n${E2}\n`));
    for await (const e of b.events) {
      expect(e.seq).toBe(1);
      break;
    }
    await b.close();
  });
});

describe("a torn end", () => {
  it("reports a cut-short last line once, with its number and size, and skips it", async () => {
    const torn: TornLine[] = [];
    const path = tapeFile(`${HEADER}\n${E1}\n${E2}\n{"seq":3,"t":10`);
    const back = await readTapeAll(path, { onTorn: (t) => torn.push(t) });
    expect(back.events.map((e) => e.seq)).toEqual([1, 2]);
    const expected = {
      file: path,
      line: 4,
      bytes: 15,
      reason: "line 4 is cut short (15 bytes, no newline)",
    };
    expect(back.torn).toEqual(expected);
    expect(torn).toEqual([expected]);
  });

  it("counts bytes, not characters, of a line cut inside a multi-byte character", async () => {
    const full = Buffer.from(`${HEADER}\n{"seq":1,"t":0,"k":"recv","c":1,"text":"😀"}\n`);
    const cut = full.subarray(0, full.length - 5);
    const back = await readTapeAll(tapeFile(cut));
    expect(back.torn).toMatchObject({ line: 2, bytes: cut.length - HEADER.length - 1 });
  });

  it("reports a gzip stream that stops early, even at a line boundary", async () => {
    const gz = gzipSync(`${HEADER}\n${E1}\n`);
    const path = tapeFile(gz.subarray(0, gz.length - 4), ".tape.jsonl.gz");
    const back = await readTapeAll(path);
    expect(back.events.map((e) => e.seq)).toEqual([1]);
    expect(back.torn).toEqual({
      file: path,
      line: 3,
      bytes: 0,
      reason: "the gzip stream ends early, after line 2",
    });
  });
});

describe("errors name the file and the line", () => {
  it("a missing file, a directory", async () => {
    const missing = join(dir, "nope.tape.jsonl");
    expect((await readError(missing)).message).toBe(`${missing}: no such file`);
    const sub = join(dir, `d${++n}.tape.jsonl`);
    mkdirSync(sub);
    expect((await readError(sub)).message).toBe(`${sub}: is a directory, expected a file`);
  });

  it.each([
    ["", ": empty file, not a tape (no header line)"],
    ["\n", ":1: not a valid tape header: empty line"],
    ["hello\n", ":1: not a valid tape header: not JSON"],
    ["[1]\n", ":1: not a valid tape header: the header must be a JSON object, got [1]"],
    ['{"id":"x"}\n', ':1: not a valid tape header: not a tape header (no "tape" field)'],
    [
      '{"tape":2,"id":"x","started":"2026-01-01T00:00:00Z","tool":"t"}\n',
      ":1: not a valid tape header: unsupported tape version 2 (this tapedeck reads version 1)",
    ],
    [
      '{"tape":1,"started":"2026-01-01T00:00:00Z","tool":"t"}\n',
      ':1: not a valid tape header: missing "id"',
    ],
    [
      '{"tape":1,"id":"x","started":"2026-0',
      ":1: the tape header is cut short (the file ends inside line 1)",
    ],
  ])("header %j", async (content, message) => {
    const path = tapeFile(content);
    const err = await readError(path);
    expect(err.message.startsWith(`${path}${message}`)).toBe(true);
    expect(err.message).not.toContain("\n");
    expect(err.exitCode).toBe(2);
  });

  it("a gzip file without .gz, and a .gz file that is not gzip", async () => {
    const gz = tapeFile(gzipSync(`${HEADER}\n`));
    expect((await readError(gz)).message).toBe(
      `${gz}: looks gzip-compressed; name it *.gz to read it as a gzip tape`,
    );
    const plain = tapeFile(`${HEADER}\n`, ".tape.jsonl.gz");
    expect((await readError(plain)).message).toMatch(
      new RegExp(`^${plain}: not readable as gzip \\(.+\\)$`),
    );
  });

  it("gzip data that fails its checksum, and gzip data that cannot be inflated", async () => {
    const body = Array.from(
      { length: 400 },
      (_, i) => `{"seq":${i + 1},"t":${i},"k":"mark","label":"${i}"}`,
    );
    const gz = Buffer.from(gzipSync(`${HEADER}\n${body.join("\n")}\n`));
    const badCrc = Buffer.from(gz);
    badCrc[badCrc.length - 8]! ^= 0xff;
    const crcPath = tapeFile(badCrc, ".tape.jsonl.gz");
    // zlib withholds the output of the round that fails, so the last good line can be earlier.
    expect((await readError(crcPath)).message).toMatch(
      new RegExp(`^${crcPath}: corrupt gzip data after line \\d+ \\(incorrect data check\\)$`),
    );
    // A deflate block header with the reserved type 3 cannot be inflated at all.
    const badBlock = Buffer.concat([gz.subarray(0, 10), Buffer.from([0x07]), gz.subarray(11)]);
    const blockPath = tapeFile(badBlock, ".tape.jsonl.gz");
    expect((await readError(blockPath)).message).toBe(
      `${blockPath}: not readable as gzip (invalid block type)`,
    );
  });

  it.each([
    ["", "empty line"],
    ["{", "not JSON"],
    ["42", "an event must be a JSON object, got 42"],
    ['{"t":0,"k":"mark","label":"x"}', 'missing "seq"'],
    ['{"seq":0,"t":0,"k":"mark","label":"x"}', '"seq" must be an integer >= 1, got 0'],
    ['{"seq":4,"t":-5,"k":"mark","label":"x"}', '"t" must be an integer >= 0, got -5'],
    ['{"seq":4,"t":1.5,"k":"mark","label":"x"}', '"t" must be an integer >= 0, got 1.5'],
    ['{"seq":4,"t":"1","k":"mark","label":"x"}', '"t" must be an integer >= 0, got "1"'],
    ['{"seq":4,"t":1}', 'no "k" (event kind) field'],
    [
      '{"seq":4,"t":1,"k":"ping"}',
      'unknown event kind "k": "ping" (expected one of open, recv, send, close, http, gap, mark)',
    ],
    ['{"seq":4,"t":1,"k":"recv","text":"a"}', 'missing "c"'],
    ['{"seq":4,"t":1,"k":"recv","c":"1","text":"a"}', '"c" must be an integer >= 0, got "1"'],
    ['{"seq":4,"t":1,"k":"recv","c":1}', 'a recv frame needs "text" (text) or "b64" (binary)'],
    [
      '{"seq":4,"t":1,"k":"send","c":1,"text":"a","b64":"YQ=="}',
      'a send frame has both "text" and "b64"; it needs one',
    ],
    ['{"seq":4,"t":1,"k":"send","c":1,"b64":"YQ"}', '"b64" is not canonical base64: "YQ"'],
    ['{"seq":4,"t":1,"k":"send","c":1,"text":7}', '"text" must be a string, got 7'],
    [
      '{"seq":4,"t":1,"k":"open","c":1,"url":"u","proto":"ftp"}',
      '"proto" must be one of tradovate, trademanager, raw, got "ftp"',
    ],
    [
      '{"seq":4,"t":1,"k":"open","c":1,"url":"u","proto":"raw","role":"x"}',
      '"role" must be one of',
    ],
    [
      '{"seq":4,"t":1,"k":"open","c":1,"url":"u","proto":"raw","headers":{"a":1}}',
      '"headers.a" must be a string, got 1',
    ],
    ['{"seq":4,"t":1,"k":"close","c":1}', 'missing "by"'],
    [
      '{"seq":4,"t":1,"k":"close","c":1,"by":"me"}',
      '"by" must be one of server, client, local, got "me"',
    ],
    [
      '{"seq":4,"t":1,"k":"close","c":1,"by":"server","code":"1000"}',
      '"code" must be an integer >= 0',
    ],
    [
      '{"seq":4,"t":1,"k":"http","method":"GET","url":"u","status":200,"ms":1,"req":{}}',
      'missing "res"',
    ],
    [
      '{"seq":4,"t":1,"k":"http","method":"GET","url":"u","status":200,"ms":-1,"req":{},"res":{}}',
      '"ms" must be a number of milliseconds >= 0, got -1',
    ],
    [
      '{"seq":4,"t":1,"k":"http","method":"GET","url":"u","status":200,"ms":1,"req":{"headers":{"a":[]}},"res":{}}',
      '"req.headers.a" must be a string, got []',
    ],
    [
      '{"seq":4,"t":1,"k":"http","method":"GET","url":"u","status":200,"ms":1,"req":{},"res":{"body":"a","b64":"YQ=="}}',
      '"res" has both "body" and "b64"; it needs one',
    ],
    ['{"seq":4,"t":1,"k":"gap"}', 'missing "reason"'],
    ['{"seq":4,"t":1,"k":"mark"}', 'missing "label"'],
  ])("event line %j", async (bad, message) => {
    const path = tapeFile(`${HEADER}\n${E1}\n${E2}\n${bad}\n${E3}\n`);
    const tape = await openTape(path);
    const seen: number[] = [];
    let caught: unknown;
    try {
      for await (const e of tape.events) seen.push(e.seq);
    } catch (err) {
      caught = err;
    }
    expect(seen).toEqual([1, 2]); // streamed up to the bad line
    expect(caught).toBeInstanceOf(InputError);
    const err = caught as InputError;
    expect(err.message.startsWith(`${path}:4: ${message}`)).toBe(true);
    expect(err.code).toBe("TAPE_CORRUPT");
    expect(err.message).not.toContain("\n");
  });

  it("a malformed last line that does end in a newline is corrupt, not torn", async () => {
    const path = tapeFile(`${HEADER}\n${E1}\n{"seq":2,"t":10\n`);
    expect((await readError(path)).message).toBe(
      `${path}:3: not JSON (Expected ',' or '}' after property value in JSON at position 15)`,
    );
  });

  it("bytes that are not UTF-8", async () => {
    const path = tapeFile(
      Buffer.concat([
        Buffer.from(`${HEADER}\n`),
        Buffer.from([0xc3, 0x28, 0x0a]),
        Buffer.from(`${E1}\n`),
      ]),
    );
    expect((await readError(path)).message).toBe(`${path}:2: not valid UTF-8`);
  });

  it("a line longer than the limit", async () => {
    const long = `{"seq":2,"t":0,"k":"mark","label":"${"x".repeat(500)}"}`;
    const path = tapeFile(`${HEADER}\n${E1}\n${long}\n`);
    expect((await readTapeAll(path)).events).toHaveLength(2);
    await expect(readTapeAll(path, { maxLineBytes: 200 })).rejects.toThrow(
      `${path}:3: line is longer than 200 bytes`,
    );
  });
});

describe("parsing one line", () => {
  it("parseEventLine throws an InputError naming file and line", () => {
    expect(() => parseEventLine("{}", "a.tape.jsonl", 7)).toThrow(InputError);
    expect(() => parseEventLine("{}", "a.tape.jsonl", 7)).toThrow('a.tape.jsonl:7: missing "seq"');
    expect(parseEventLine(E2, "a.tape.jsonl", 3)).toEqual(JSON.parse(E2));
  });

  const mutatedEvent = fc
    .tuple(anyEventInput, fc.nat(), fc.string({ maxLength: 6 }), anyJson, fc.boolean())
    .map(([e, t, key, value, remove]) => {
      const o: Record<string, unknown> = { ...e, seq: 1, t };
      const keys = Object.keys(o);
      const target = keys[key.length % keys.length] ?? key;
      if (remove) delete o[target];
      else o[key === "" ? target : key] = value;
      return JSON.stringify(o);
    });

  test.prop(
    [
      fc.oneof(
        fc.string({ unit: "binary" }),
        anyJson.map((v) => JSON.stringify(v) ?? ""),
        mutatedEvent,
      ),
    ],
    {
      numRuns: 300,
    },
  )(
    "is total: any text gives an event or the raw text with a reason, never an exception",
    (text) => {
      const r = tryParseEventLine(text);
      if (r.ok) {
        expect(JSON.parse(serializeEvent(r.value))).toEqual(JSON.parse(text));
      } else {
        expect(r.raw).toBe(text);
        expect(r.why.length).toBeGreaterThan(0);
        expect(r.why).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
        expect(() => parseEventLine(text, "f", 9)).toThrow(InputError);
      }
      const h = tryParseHeaderLine(text);
      if (!h.ok) expect(h.raw).toBe(text);
    },
  );
});

describe("splitting lines", () => {
  test.prop([fc.uint8Array({ maxLength: 200 }), fc.array(fc.nat(200), { maxLength: 6 })])(
    "any bytes in any chunking split into the same lines, which join back to the input",
    async (bytes, cuts) => {
      const input = Buffer.from(bytes.map((b) => (b % 5 === 0 ? 10 : b)));
      const points = [...new Set(cuts.map((c) => c % (input.length + 1)))].sort((a, b) => a - b);
      const chunks = [0, ...points, input.length]
        .slice(0, -1)
        .map((from, i, all) => input.subarray(from, all[i + 1] ?? input.length))
        .filter((c) => c.length > 0);
      async function* source() {
        yield* chunks;
      }
      const lines = [];
      for await (const line of splitLines(source(), "f")) lines.push(line);
      const rebuilt = Buffer.concat(
        lines.flatMap((l) => (l.terminated ? [l.bytes, Buffer.from("\n")] : [l.bytes])),
      );
      expect(rebuilt.equals(input)).toBe(true);
      expect(lines.map((l) => l.lineNo)).toEqual(lines.map((_, i) => i + 1));
      expect(lines.slice(0, -1).every((l) => l.terminated)).toBe(true);
      expect(lines.every((l) => !l.bytes.includes(10))).toBe(true);
    },
  );

  it("reads a file bigger than one read chunk line by line", async () => {
    const body = Array.from(
      { length: 3000 },
      (_, i) => `{"seq":${i + 1},"t":${i},"k":"recv","c":1,"text":"${"y".repeat(i % 90)}"}`,
    );
    const path = tapeFile(`${HEADER}\n${body.join("\n")}\n`);
    expect(readFileSync(path).length).toBeGreaterThan(3 * 64 * 1024);
    const back = await readTapeAll(path);
    expect(back.events.map(serializeEvent)).toEqual(body);
  });
});

describe("a truncated gzip tape read slowly", () => {
  it("still yields its whole readable prefix (no output lost when zlib reports the cut)", async () => {
    const body = Array.from(
      { length: 30_000 },
      (_, i) => `{"seq":${i + 1},"t":${i},"k":"mark","label":"${(i * 7919) % 100_003}"}`,
    );
    const whole = gzipSync(`${HEADER}\n${body.join("\n")}\n`);
    const path = tapeFile(whole.subarray(0, whole.length - 3), ".tape.jsonl.gz");
    let torn: TornLine | undefined;
    const tape = await openTape(path, { onTorn: (t) => (torn = t) });
    let count = 0;
    for await (const e of tape.events) {
      count += 1;
      expect(e.seq).toBe(count);
      if (count % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    expect(count).toBe(body.length);
    expect(torn).toMatchObject({ line: body.length + 2, bytes: 0 });
  });
});

describe("reading a chunk's entries at a time", () => {
  const bodyOf = (n: number, width: number) =>
    Array.from(
      { length: n },
      (_, i) => `{"seq":${i + 1},"t":${i},"k":"recv","c":1,"text":"${"z".repeat(i % width)}"}`,
    );
  const contentOf = (lines: string[], tornTail: string) =>
    `${HEADER}\n${lines.join("\n")}${lines.length > 0 ? "\n" : ""}${tornTail}`;

  test.prop([fc.nat(4000), fc.integer({ min: 1, max: 300 }), fc.boolean(), fc.boolean()], {
    numRuns: 25,
  })(
    "batches hold the same entries, in order, as one entry at a time, torn ends and gzip included",
    async (count, width, gz, cut) => {
      const torn = cut ? `{"seq":${count + 1},"t":1,"k` : "";
      const text = contentOf(bodyOf(count, width), torn);
      const path = gz ? tapeFile(gzipSync(text), ".tape.jsonl.gz") : tapeFile(text, ".tape.jsonl");
      const tornOne: TornLine[] = [];
      const tornMany: TornLine[] = [];
      const one = await openTapeEntries(path, { onTorn: (t) => tornOne.push(t) });
      const singles = [];
      for await (const e of one.entries) singles.push(e);
      const many = await openTapeEntries(path, { onTorn: (t) => tornMany.push(t) });
      const batched = [];
      for await (const b of many.batches) {
        expect(b.length).toBeGreaterThan(0);
        batched.push(...b);
      }
      expect(batched).toEqual(singles);
      expect(batched).toHaveLength(count);
      expect(tornMany).toEqual(tornOne);
      expect(tornMany).toHaveLength(torn === "" ? 0 : 1);
    },
  );

  it("hands over the good lines of a chunk before failing on a bad one", async () => {
    const path = tapeFile(`${HEADER}\n${E1}\n${E2}\n{"seq":3}\n${E3}\n`);
    const tape = await openTapeEntries(path);
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const b of tape.batches) seen.push(...b.map((e) => e.event.seq));
      })(),
    ).rejects.toThrow(`${path}:4: missing "t"`);
    expect(seen).toEqual([1, 2]);
  });

  it("iterates once: entries and batches share one pass", async () => {
    const tape = await openTapeEntries(tapeFile(`${HEADER}\n${E1}\n`));
    tape.batches[Symbol.asyncIterator]();
    expect(() => tape.entries[Symbol.asyncIterator]()).toThrow("can be iterated only once");
    expect(() => tape.batches[Symbol.asyncIterator]()).toThrow("can be iterated only once");
    await tape.close();
  });
});

describe("UTF-8 is checked strictly", () => {
  // Hazards a lenient decoder lets through: a surrogate, overlongs, a code point past U+10FFFF,
  // a cut sequence, a stray continuation byte; and a BOM, which is valid and must be kept.
  const hazard = fc.constantFrom(
    [0xed, 0xa0, 0x80],
    [0xc0, 0xaf],
    [0xe0, 0x80, 0xaf],
    [0xf4, 0x90, 0x80, 0x80],
    [0xe2, 0x82],
    [0x80],
    [0xef, 0xbb, 0xbf],
  );
  const piece = fc.oneof(
    hazard,
    fc.string({ unit: "grapheme", maxLength: 4 }).map((s) => [...Buffer.from(s)]),
    // Random high bytes; ASCII is mapped to a letter so the JSON around it stays valid.
    fc.uint8Array({ maxLength: 6 }).map((b) => [...b].map((x) => (x < 0x80 ? 0x61 : x))),
  );

  test.prop([fc.array(piece, { maxLength: 6 })])(
    "a line is read exactly when a fatal TextDecoder accepts its bytes, and reads as it decodes",
    async (pieces) => {
      const label = Buffer.from(
        pieces.flat().map((b) => (b === 0x22 || b === 0x5c || b < 0x20 ? 0x61 : b)),
      );
      const line = Buffer.concat([
        Buffer.from('{"seq":2,"t":0,"k":"mark","label":"'),
        label,
        Buffer.from('"}'),
      ]);
      const path = tapeFile(
        Buffer.concat([Buffer.from(`${HEADER}\n${E1}\n`), line, Buffer.from("\n")]),
      );
      let want: string | undefined;
      try {
        want = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(label);
      } catch {
        want = undefined;
      }
      if (want === undefined) {
        expect((await readError(path)).message).toBe(`${path}:3: not valid UTF-8`);
      } else {
        const { events } = await readTapeAll(path);
        expect(events[1]).toMatchObject({ k: "mark", label: want });
      }
    },
  );
});
