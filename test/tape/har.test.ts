import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.js";
import { detectProtocol } from "../../src/protocols/detect.js";
import { createRedactor } from "../../src/protocols/secrets.js";
import type { EventInput, TapeEvent } from "../../src/tape/events.js";
import { exportHar, tapeToHar } from "../../src/tape/har-export.js";
import {
  epochMicros,
  harToTape,
  importHar,
  jsonErrorOffset,
  parseHar,
  secondsToMicros,
} from "../../src/tape/har-import.js";
import type { Har } from "../../src/tape/har-types.js";
import { readTapeAll } from "../../src/tape/reader.js";
import { Redactor } from "../../src/tape/redact.js";
import { openTapeWriter } from "../../src/tape/writer.js";

const dir = mkdtempSync(join(tmpdir(), "tapedeck-har-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const tmp = (ext: string) => join(dir, `f${++n}${ext}`);

const FIXTURE = new URL("../fixtures/har/tradovate-demo.har", import.meta.url).pathname;
/** The FAKE credentials inside the fixture: none may survive an import. */
const FAKE_SECRETS = {
  password: "FAKE-passw0rd!",
  sec: "FAKE0000-1111-2222-3333-444455556666",
  accessToken: "FAKEat-Wq8Zr0Kx5Yt7Lm3Nv9Pb2Qc4Sd6Fg8Hj0Kl2Zx4Cv6Bn8Mq1We3Rt5Yu7Io9Pa",
  mdAccessToken: "FAKEmd-not-a-real-token-Tq3Lw8Xe5Rb1Nc7Vz2Hk9Pd4Gy6Jm0Sa",
  cookie: "FAKEcfbm.Zx81kQ9m0pL3vN7s-1764079387-1.0.1.1-FAKEFAKE",
};

const withoutSeq = (events: TapeEvent[]) => events.map(({ seq: _seq, ...rest }) => rest);

describe("import of a Chrome DevTools HAR (fixture)", async () => {
  const out = tmp(".tape.jsonl");
  const result = await importHar({
    file: FIXTURE,
    out,
    redactor: createRedactor(),
    detect: detectProtocol,
  });
  const bytes = readFileSync(out);
  const tape = await readTapeAll(out);

  it("writes every REST entry, socket and frame, merged in time order", () => {
    expect(result).toMatchObject({ events: 20, connections: 2, skippedFrames: 0, secrets: 6 });
    expect(tape.events.map((e) => e.k).join(" ")).toBe(
      "http http open recv send recv send open recv recv recv send recv send recv recv recv send recv send",
    );
    expect(tape.events.map((e) => e.seq)).toEqual(tape.events.map((_, i) => i + 1));
    const ts = tape.events.map((e) => e.t);
    expect(ts).toEqual([...ts].sort((a, b) => a - b));
  });

  it("counts t in µs from the earliest time in the file (the page start), exactly", () => {
    expect(tape.header.started).toBe("2026-11-25T14:03:06.901000Z");
    const t = (seq: number) => tape.events[seq - 1]!.t;
    expect(t(1)).toBe(200_000); // POST at 07.101Z
    expect(t(3)).toBe(611_000); // md socket opened at 07.512Z
    expect(t(4)).toBe(700_234); // its "o" at 07.601234 (float epoch seconds)
    expect(t(20)).toBe(3_349_999);
  });

  it("labels sockets by URL and keeps text and binary frames apart", () => {
    const opens = tape.events.filter((e) => e.k === "open");
    expect(opens.map((e) => [e.c, e.proto, e.role])).toEqual([
      [1, "tradovate", "md"],
      [2, "tradovate", "trading"],
    ]);
    const binary = tape.events.filter((e) => (e.k === "recv" || e.k === "send") && e.b64);
    expect(binary.map((e) => e.seq)).toEqual([19, 20]);
    expect(Buffer.from((binary[0] as { b64: string }).b64, "base64")).toEqual(
      Buffer.from("\x00\x01binary-frame\xff\xfe", "latin1"),
    );
  });

  it("leaves no FAKE credential anywhere in the file, in text or binary frames", () => {
    const text = bytes.toString("utf8");
    const payloads = tape.events.flatMap((e) =>
      "b64" in e && e.b64 ? [Buffer.from(e.b64, "base64")] : [],
    );
    for (const [name, secret] of Object.entries(FAKE_SECRETS)) {
      expect(text.includes(secret), name).toBe(false);
      expect(text.includes(JSON.stringify(secret).slice(1, -1)), name).toBe(false);
      expect(
        payloads.some((p) => p.includes(secret)),
        name,
      ).toBe(false);
    }
  });

  it("gives the token the same number in the REST answer and in a socket listed before it", () => {
    // The md socket comes first in the file; the login that hands out its token comes second.
    const login = tape.events.find((e) => e.k === "http" && e.url.endsWith("accesstokenrequest"));
    const tokens = JSON.parse(login?.k === "http" ? login.res.body! : "{}");
    expect(tokens.mdAccessToken).toMatch(/^«secret:\d+»$/);
    const authorize = tape.events.filter((e) => e.k === "send" && e.text?.startsWith("authorize"));
    expect(authorize.map((e) => (e.k === "send" ? e.text : ""))).toEqual([
      `authorize\n0\n\n${tokens.mdAccessToken}`,
      `authorize\n0\n\n"${tokens.accessToken}"`,
    ]);
    const list = tape.events.find((e) => e.k === "http" && e.url.endsWith("account/list"));
    expect(list?.k === "http" && list.req.headers?.authorization).toBe(
      `Bearer ${tokens.accessToken}`,
    );
    const echo = tape.events[19]!;
    expect(echo.k === "send" && Buffer.from(echo.b64!, "base64").toString("latin1")).toContain(
      Buffer.from(`{"echo":"${tokens.accessToken}"}`).toString("latin1"),
    );
  });

  it("survives HAR -> tape -> HAR -> tape unchanged", async () => {
    const har = tmp(".har");
    await exportHar({ tape: out, out: har });
    const again = tmp(".tape.jsonl");
    await importHar({ file: har, out: again, redactor: createRedactor(), detect: detectProtocol });
    const back = await readTapeAll(again);
    expect(back.header).toEqual(tape.header);
    expect(back.events).toEqual(tape.events);
  });
});

describe("parseHar", () => {
  it("names the file and the line and column of a JSON error", () => {
    const text = '{\n  "log": {\n    "entries": [,]\n  }\n}';
    expect(() => parseHar(text, "x.har")).toThrow(
      "x.har: not valid JSON at line 3, column 17, so not a HAR file",
    );
    expect(() => parseHar('{"log":', "y.har")).toThrow(/line 1, column 8/);
    expect(() => parseHar("", "e.har")).toThrow("e.har: empty file, not a HAR");
    expect(() => parseHar('{"log":{}}', "n.har")).toThrow(
      'n.har: not a HAR file (no "log.entries" array)',
    );
    expect(() => parseHar("[1,2]", "a.har")).toThrow(/not a HAR file/);
  });

  it("throws nothing but InputError, whatever the text", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.jsonValue().map((v) => JSON.stringify({ log: { entries: [v] } })),
        ),
        (text) => {
          try {
            const har = parseHar(text, "p.har");
            harToTape(har, "p.har", detectProtocol);
          } catch (err) {
            expect(err).toBeInstanceOf(InputError);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("jsonErrorOffset agrees with JSON.parse on what is valid", () => {
    const nearlyJson = fc.oneof(
      fc.json(),
      fc
        .tuple(fc.json(), fc.nat(), fc.constantFrom("", ",", "}", "]", '"', "\\", "x", " ", "\n"))
        .map(([j, at, s]) => j.slice(0, at % (j.length + 1)) + s + j.slice(at % (j.length + 1))),
    );
    fc.assert(
      fc.property(nearlyJson, (text) => {
        let valid = true;
        try {
          JSON.parse(text);
        } catch {
          valid = false;
        }
        const at = jsonErrorOffset(text);
        expect(at === -1).toBe(valid);
        if (!valid) expect(at).toBeLessThanOrEqual(text.length);
      }),
      { numRuns: 500 },
    );
  });
});

describe("HAR times", () => {
  it("reads ISO times with any fraction and zone to the µs", () => {
    expect(epochMicros("2026-11-25T14:03:07.123Z")).toBe(
      Date.UTC(2026, 10, 25, 14, 3, 7, 123) * 1000,
    );
    expect(epochMicros("2026-11-25T14:03:07.123456Z")! % 1_000_000).toBe(123_456);
    expect(epochMicros("2026-11-25T15:03:07.1234567+01:00")).toBe(
      epochMicros("2026-11-25T14:03:07.123456Z"),
    );
    expect(epochMicros("yesterday")).toBeUndefined();
  });

  it("float epoch seconds keep every µs from 2000 to 2100", () => {
    const from = Date.UTC(2000, 0, 1) * 1000;
    const to = Date.UTC(2100, 0, 1) * 1000;
    fc.assert(
      fc.property(fc.integer({ min: from, max: to }), (us) => {
        const seconds = JSON.parse(JSON.stringify(us / 1e6)) as number;
        expect(secondsToMicros(seconds)).toBe(us);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("harToTape details", () => {
  const base = (entries: unknown[]): Har =>
    ({ log: { version: "1.2", creator: { name: "t", version: "1" }, entries } }) as unknown as Har;
  const ws = (start: string, messages: unknown[]) => ({
    startedDateTime: start,
    time: 1,
    request: { method: "GET", url: "wss://example.test/ws", headers: [] },
    response: { status: 101 },
    _resourceType: "websocket",
    _webSocketMessages: messages,
  });

  it("skips control frames, keeps a socket's frames after its open and in order", () => {
    const t0 = Date.UTC(2026, 0, 1) / 1000;
    const tape = harToTape(
      base([
        ws("2026-01-01T00:00:01.000Z", [
          { type: "receive", time: t0 + 0.5, opcode: 1, data: "early" },
          { type: "send", time: t0 + 2, opcode: 1, data: "b" },
          { type: "receive", time: t0 + 1.5, opcode: 1, data: "stepped back" },
          { type: "receive", time: t0 + 3, opcode: 9, data: "" },
        ]),
      ]),
      "d.har",
      detectProtocol,
    );
    expect(tape.skippedFrames).toBe(1);
    expect(tape.events.map((e) => [e.k, e.t, "text" in e ? e.text : ""])).toEqual([
      ["open", 0, ""],
      ["recv", 0, "early"],
      ["send", 1_000_000, "b"],
      ["recv", 1_000_000, "stepped back"],
    ]);
  });

  it("numbers sockets in the order they opened and joins repeated headers", () => {
    const tape = harToTape(
      base([
        ws("2026-01-01T00:00:02Z", []),
        ws("2026-01-01T00:00:01Z", []),
        {
          startedDateTime: "2026-01-01T00:00:03Z",
          time: 5,
          request: { method: "GET", url: "https://example.test/a", headers: [] },
          response: {
            status: 200,
            headers: [
              { name: "Set-Cookie", value: "a=1" },
              { name: "set-cookie", value: "b=2" },
              { name: "Vary", value: "x" },
              { name: "vary", value: "y" },
            ],
            content: {
              size: 3,
              mimeType: "application/octet-stream",
              text: "AAEC",
              encoding: "base64",
            },
          },
        },
      ]),
      "d.har",
      detectProtocol,
    );
    const opens = tape.events.filter(
      (e): e is Extract<EventInput, { k: "open" }> => e.k === "open",
    );
    expect(opens.map((e) => [e.c, e.t])).toEqual([
      [1, 0],
      [2, 1_000_000],
    ]);
    const http = tape.events.find((e) => e.k === "http");
    expect(http).toMatchObject({
      res: { headers: { "Set-Cookie": "a=1\nb=2", Vary: "x, y" }, b64: "AAEC" },
    });
  });

  it("says which entry is broken", () => {
    expect(() => harToTape(base([{ request: {} }]), "b.har", detectProtocol)).toThrow(
      "b.har: log.entries[0]: no request.url",
    );
    expect(() =>
      harToTape(
        base([{ startedDateTime: "soon", request: { url: "https://x/" } }]),
        "b.har",
        detectProtocol,
      ),
    ).toThrow(/log\.entries\[0\]: startedDateTime is not an ISO 8601 time/);
  });
});

describe("tapedeck's own HAR fields", () => {
  const header = { tape: 1 as const, id: "own", started: "2026-11-25T14:03:07.000000Z", tool: "x" };
  const events: TapeEvent[] = [
    { seq: 1, t: 100, k: "open", c: 4, url: "ws://127.0.0.1:9/ws", proto: "tradovate", role: "md" },
    { seq: 2, t: 200, k: "recv", c: 4, text: "o" },
    { seq: 3, t: 300, k: "mark", label: "m" },
    { seq: 4, t: 400, k: "close", c: 4, code: 1000, by: "client" },
  ];

  it("keep closes and marks in step when an earlier entry moves the origin", () => {
    const har = tapeToHar(header, events);
    har.log.entries.unshift({
      ...har.log.entries[0]!,
      startedDateTime: "2026-11-25T14:03:06.000000Z",
      _resourceType: "fetch",
      _webSocketMessages: undefined,
      _tapedeck: undefined,
      request: { ...har.log.entries[0]!.request, url: "https://example.test/" },
    });
    const tape = harToTape(har, "o.har", detectProtocol);
    expect(tape.header.started).toBe("2026-11-25T14:03:06.000000Z");
    expect(tape.events.map((e) => [e.k, e.t])).toEqual([
      ["http", 0],
      ["open", 1_000_100],
      ["recv", 1_000_200],
      ["mark", 1_000_300],
      ["close", 1_000_400],
    ]);
    // A loopback URL keeps the protocol and connection number the tape had.
    expect(tape.events[1]).toMatchObject({ c: 4, proto: "tradovate", role: "md" });
  });

  it("are checked before a tape is written", async () => {
    const har = tapeToHar(header, events);
    har.log.entries[0]!._tapedeck!.proto = "smtp" as never;
    const file = tmp(".har");
    const out = tmp(".tape.jsonl");
    writeFileSync(file, JSON.stringify(har));
    await expect(
      importHar({ file, out, redactor: new Redactor(), detect: detectProtocol }),
    ).rejects.toThrow(/event 1 \(open\) cannot go on a tape: .*proto/);
    expect(() => readFileSync(out)).toThrow(/ENOENT/);
  });
});

/** Arbitrary well-formed tapes: connections open before their frames, t never goes back. */
const tapeArb = fc
  .array(
    fc.record({
      dt: fc.integer({ min: 0, max: 5_000_000 }),
      step: fc.oneof(
        fc.record({
          k: fc.constant("open" as const),
          url: fc.constantFrom(
            "wss://md.tradovateapi.com/v1/websocket",
            "ws://127.0.0.1:8080/ws",
            "wss://trademanagergroup.com:5000/ws",
          ),
          proto: fc.constantFrom("tradovate" as const, "trademanager" as const, "raw" as const),
          headers: fc.option(
            fc.dictionary(fc.constantFrom("Origin", "X-A", "Set-Cookie"), fc.string(), {
              // An empty headers object comes back absent: HAR cannot tell the two apart.
              minKeys: 1,
            }),
            { nil: undefined },
          ),
        }),
        fc.record({
          k: fc.constantFrom("send" as const, "recv" as const),
          pick: fc.nat(),
          text: fc.option(fc.string({ unit: "grapheme" }), { nil: undefined }),
          bytes: fc.uint8Array({ maxLength: 20 }),
        }),
        fc.record({
          k: fc.constant("close" as const),
          pick: fc.nat(),
          code: fc.option(fc.constantFrom(1000, 1006, 3000), { nil: undefined }),
          reason: fc.option(fc.string(), { nil: undefined }),
          by: fc.constantFrom("server" as const, "client" as const, "local" as const),
        }),
        fc.record({
          k: fc.constant("http" as const),
          method: fc.constantFrom("GET", "POST"),
          status: fc.constantFrom(200, 401, 0),
          ms: fc.integer({ min: 0, max: 100_000 }).map((x) => x / 1000),
          body: fc.option(fc.string({ unit: "grapheme" }), { nil: undefined }),
          reqBody: fc.option(fc.oneof(fc.constant(""), fc.json()), { nil: undefined }),
          b64: fc.option(fc.uint8Array({ minLength: 1, maxLength: 8 }), { nil: undefined }),
        }),
        fc.record({
          k: fc.constant("mark" as const),
          label: fc.string(),
          data: fc.option(fc.jsonValue(), { nil: undefined }),
        }),
        fc.record({
          k: fc.constant("gap" as const),
          reason: fc.string(),
          ms: fc.option(fc.nat(), { nil: undefined }),
        }),
      ),
    }),
    { maxLength: 25 },
  )
  .map((steps) => {
    const events: EventInput[] = [];
    const live: number[] = [];
    let c = 0;
    let t = 0;
    for (const { dt, step } of steps) {
      t += dt;
      if (step.k === "open") {
        c += 1;
        live.push(c);
        events.push({
          k: "open",
          c,
          url: step.url,
          proto: step.proto,
          t,
          ...(step.headers ? { headers: step.headers } : {}),
        });
      } else if (
        (step.k === "send" || step.k === "recv" || step.k === "close") &&
        live.length > 0
      ) {
        const conn = live[step.pick % live.length]!;
        if (step.k === "close") {
          live.splice(live.indexOf(conn), 1);
          events.push({
            k: "close",
            c: conn,
            by: step.by,
            t,
            ...(step.code === undefined ? {} : { code: step.code }),
            ...(step.reason === undefined ? {} : { reason: step.reason }),
          });
        } else if (step.text !== undefined) {
          events.push({ k: step.k, c: conn, text: step.text, t });
        } else {
          events.push({ k: step.k, c: conn, b64: Buffer.from(step.bytes).toString("base64"), t });
        }
      } else if (step.k === "http") {
        const res = step.b64
          ? { b64: Buffer.from(step.b64).toString("base64") }
          : step.body === undefined
            ? {}
            : { body: step.body };
        events.push({
          k: "http",
          method: step.method,
          url: "https://example.test/x?y=1",
          status: step.status,
          ms: step.ms,
          req: {
            headers: { Accept: "*/*" },
            ...(step.reqBody === undefined ? {} : { body: step.reqBody }),
          },
          res,
          t,
        });
      } else if (step.k === "mark") {
        events.push({
          k: "mark",
          label: step.label,
          t,
          ...(step.data === undefined ? {} : { data: step.data }),
        });
      } else if (step.k === "gap") {
        events.push({
          k: "gap",
          reason: step.reason,
          t,
          ...(step.ms === undefined ? {} : { ms: step.ms }),
        });
      }
    }
    return events;
  });

/** Events with equal `t` on different entries may swap in a HAR; this order is what is kept. */
const canonicalOrder = (events: Array<Omit<TapeEvent, "seq">>) =>
  events
    .map((e) => JSON.stringify(e))
    .sort((a, b) => {
      const ta = JSON.parse(a).t as number;
      const tb = JSON.parse(b).t as number;
      return ta - tb || (a < b ? -1 : a > b ? 1 : 0);
    });

describe("tape -> HAR -> tape", () => {
  it("keeps every event, its kind, connection and t (µs), and each connection's order", async () => {
    await fc.assert(
      fc.asyncProperty(tapeArb, fc.integer({ min: 0, max: 999_999 }), async (events, micros) => {
        const started = `2026-11-25T14:03:07.${String(micros).padStart(6, "0")}Z`;
        const src = tmp(".tape.jsonl");
        const w = await openTapeWriter({ path: src, header: { id: "rt", started, label: "prop" } });
        for (const e of events) w.write(e);
        await w.close();
        const original = await readTapeAll(src);

        const har = tmp(".har");
        await exportHar({ tape: src, out: har });
        const dst = tmp(".tape.jsonl");
        await importHar({ file: har, out: dst, redactor: new Redactor(), detect: detectProtocol });
        const back = await readTapeAll(dst);

        expect(back.header).toEqual(original.header);
        expect(canonicalOrder(withoutSeq(back.events))).toEqual(
          canonicalOrder(withoutSeq(original.events)),
        );
        const conns = new Set(
          original.events.flatMap((e) => ("c" in e && e.c !== undefined ? [e.c] : [])),
        );
        for (const c of conns) {
          const of = (list: TapeEvent[]) =>
            withoutSeq(list.filter((e) => "c" in e && e.c === c && e.k !== "gap"));
          expect(of(back.events)).toEqual(of(original.events));
        }
        expect(back.events.map((e) => e.seq)).toEqual(back.events.map((_, i) => i + 1));
      }),
      { numRuns: 40 },
    );
  });

  it("writes HAR 1.2 that Chrome's shape readers expect", () => {
    const har = tapeToHar(
      { tape: 1, id: "h", started: "2026-11-25T14:03:07.000001Z", tool: "tapedeck 0.1.0" },
      [
        {
          seq: 1,
          t: 5,
          k: "open",
          c: 1,
          url: "wss://md.tradovateapi.com/v1/websocket",
          proto: "tradovate",
          role: "md",
        },
        { seq: 2, t: 1_000_000, k: "recv", c: 1, text: "o" },
        { seq: 3, t: 1_000_001, k: "send", c: 1, b64: "AAE=" },
        { seq: 4, t: 2_000_000, k: "close", c: 1, code: 1000, by: "server" },
      ],
    );
    expect(har.log.version).toBe("1.2");
    expect(har.log.creator.name).toBe("tapedeck");
    const [entry] = har.log.entries;
    expect(entry).toMatchObject({
      startedDateTime: "2026-11-25T14:03:07.000006Z",
      _resourceType: "websocket",
      response: { status: 101, statusText: "Switching Protocols" },
      _webSocketMessages: [
        { type: "receive", opcode: 1, data: "o" },
        { type: "send", opcode: 2, data: "AAE=" },
      ],
      _tapedeck: {
        c: 1,
        proto: "tradovate",
        role: "md",
        close: { t: 2_000_000, code: 1000, by: "server" },
      },
    });
    expect(entry!._webSocketMessages![0]!.time).toBe(1795615388.000001);
  });
});
