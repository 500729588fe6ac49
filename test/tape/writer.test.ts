import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { test } from "@fast-check/vitest";
import fc from "fast-check";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { VERSION } from "../../src/cli/program.js";
import { InputError } from "../../src/errors.js";
import { ManualClock } from "../../src/tape/clock.js";
import type { EventInput } from "../../src/tape/events.js";
import { readTapeAll } from "../../src/tape/reader.js";
import { TOOL_NAME } from "../../src/tape/tool.js";
import { defaultTapeName, formatStarted, openTapeWriter } from "../../src/tape/writer.js";

const dir = mkdtempSync(join(tmpdir(), "tapedeck-writer-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => {
  vi.useRealTimers();
});
let n = 0;
const freshPath = (ext = ".tape.jsonl") => join(dir, `w${++n}${ext}`);
const fileLines = (path: string) => readFileSync(path, "utf8").split("\n");

describe("ManualClock", () => {
  it("moves only forward, by integer microseconds", () => {
    const clock = new ManualClock(10);
    clock.advance(5);
    expect(clock.nowMicros()).toBe(15);
    clock.set(15);
    clock.set(20);
    expect(clock.nowMicros()).toBe(20);
    expect(() => clock.set(19)).toThrow(RangeError);
    expect(() => clock.advance(-1)).toThrow(RangeError);
    expect(() => clock.advance(0.5)).toThrow(RangeError);
    expect(() => new ManualClock(-1)).toThrow(RangeError);
  });
});

describe("openTapeWriter", () => {
  it("numbers events 1, 2, 3 and stamps t from the clock since open, or keeps a given t", async () => {
    const clock = new ManualClock(5_000);
    const path = freshPath();
    const w = await openTapeWriter({ path, clock });
    expect(w.write({ k: "open", c: 1, url: "wss://x/v1/websocket", proto: "raw" })).toMatchObject({
      seq: 1,
      t: 0,
    });
    clock.advance(812);
    expect(w.write({ k: "recv", c: 1, text: "o" })).toMatchObject({ seq: 2, t: 812 });
    expect(w.write({ k: "mark", label: "given", t: 42 })).toMatchObject({ seq: 3, t: 42 });
    expect(w.lastSeq).toBe(3);
    await w.close();
    expect(fileLines(path).slice(1)).toEqual([
      '{"seq":1,"t":0,"k":"open","c":1,"url":"wss://x/v1/websocket","proto":"raw"}',
      '{"seq":2,"t":812,"k":"recv","c":1,"text":"o"}',
      '{"seq":3,"t":42,"k":"mark","label":"given"}',
      "",
    ]);
  });

  it("writes the canonical key order whatever order the source used", async () => {
    const path = freshPath();
    const w = await openTapeWriter({ path, clock: new ManualClock() });
    w.write({
      ms: 84,
      res: { body: "{}", headers: { a: "b" } },
      req: {},
      status: 200,
      url: "u",
      method: "POST",
      k: "http",
    });
    w.write({ by: "server", reason: "Bye", code: 1000, c: 1, k: "close" });
    await w.close();
    expect(fileLines(path).slice(1, 3)).toEqual([
      '{"seq":1,"t":0,"k":"http","method":"POST","url":"u","status":200,"ms":84,"req":{},"res":{"headers":{"a":"b"},"body":"{}"}}',
      '{"seq":2,"t":0,"k":"close","c":1,"code":1000,"reason":"Bye","by":"server"}',
    ]);
  });

  it("fills in the header: version, a unique id, a UTC start with microseconds, the tool", async () => {
    const a = await openTapeWriter({ path: freshPath(), header: { label: "demo", host: "h" } });
    const b = await openTapeWriter({ path: freshPath() });
    await Promise.all([a.close(), b.close()]);
    expect(a.header).toMatchObject({
      tape: 1,
      tool: `tapedeck ${VERSION}`,
      label: "demo",
      host: "h",
    });
    expect(a.header.started).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    expect(Math.abs(Date.parse(a.header.started) - Date.now())).toBeLessThan(24 * 3600_000);
    expect(a.header.id).not.toBe(b.header.id);
    expect(JSON.parse(fileLines(a.path)[0]!)).toEqual(a.header);
    expect(TOOL_NAME).toBe(`tapedeck ${VERSION}`);
  });

  it("keeps header fields it is given, and refuses an invalid header before creating the file", async () => {
    const w = await openTapeWriter({
      path: freshPath(),
      header: { id: "fixed", started: "2026-01-02T03:04:05.000006Z", tool: undefined },
    });
    await w.close();
    expect(w.header).toEqual({
      tape: 1,
      id: "fixed",
      started: "2026-01-02T03:04:05.000006Z",
      tool: TOOL_NAME,
    });
    const path = freshPath();
    await expect(openTapeWriter({ path, header: { started: "yesterday" } })).rejects.toThrow(
      `${path}: cannot write the tape header: "started" must be a UTC time like 2026-11-25T14:03:07.123456Z, got "yesterday"`,
    );
    expect(existsSync(path)).toBe(false);
  });

  it("formats the start time to the microsecond", () => {
    expect(formatStarted(1_764_079_387_123_456)).toBe("2025-11-25T14:03:07.123456Z");
    expect(formatStarted(7)).toBe("1970-01-01T00:00:00.000007Z");
  });

  it("rejects a bad event with an InputError and spends no seq on it", async () => {
    const path = freshPath();
    const w = await openTapeWriter({ path, clock: new ManualClock() });
    w.write({ k: "mark", label: "one" });
    const bad: unknown[] = [
      { k: "recv", c: 1, text: "a", b64: "YQ==" },
      { k: "recv", c: 1 },
      { k: "send", c: 1, b64: "not base64!" },
      { k: "recv", c: 1.5, text: "a" },
      { k: "mark", label: "x", t: -1 },
      { k: "mark", label: "x", t: 1.5 },
      { k: "nope" },
      { k: "mark", label: "x", data: { big: 1n } },
      { k: "mark", label: "x", data: [undefined] },
      { k: "mark", label: "x", data: new Date(0) },
      {
        k: "http",
        method: "GET",
        url: "u",
        status: 200,
        req: {},
        res: { body: "a", b64: "YQ==" },
        ms: 1,
      },
    ];
    for (const e of bad) {
      expect(() => w.write(e as EventInput)).toThrow(InputError);
    }
    expect(() =>
      w.write({ k: "recv", c: 1, text: "a", b64: "YQ==" } as unknown as EventInput),
    ).toThrow(
      `${path}: cannot write event 2 (recv): a recv frame has both "text" and "b64"; it needs one`,
    );
    expect(w.write({ k: "mark", label: "two" }).seq).toBe(2);
    await w.close();
    expect((await readTapeAll(path)).events.map((e) => e.seq)).toEqual([1, 2]);
  });

  it("drops undefined fields and keeps fields it does not know, even ones named like Object's", async () => {
    const path = freshPath();
    const w = await openTapeWriter({ path, clock: new ManualClock() });
    const extra: Record<string, unknown> = {
      k: "gap",
      reason: "r",
      c: undefined,
      toString: "kept",
    };
    Object.defineProperty(extra, "__proto__", { value: "also kept", enumerable: true });
    const written = w.write(extra as unknown as EventInput);
    await w.close();
    expect(fileLines(path)[1]).toBe(
      '{"seq":1,"t":0,"k":"gap","reason":"r","toString":"kept","__proto__":"also kept"}',
    );
    expect((await readTapeAll(path)).events).toEqual([written]);
  });

  it("writes -0 as 0: JSON has no negative zero", async () => {
    const path = freshPath();
    const w = await openTapeWriter({ path, clock: new ManualClock() });
    w.write({ k: "mark", label: "z", data: -0 });
    await w.close();
    expect(fileLines(path)[1]).toBe('{"seq":1,"t":0,"k":"mark","label":"z","data":0}');
  });

  it("passes every event, and the header, through the redact hook before writing", async () => {
    const path = freshPath();
    const hide = (s: string) => s.replaceAll("hunter2", "«secret:1»");
    const redact = (e: EventInput): EventInput => JSON.parse(hide(JSON.stringify(e)));
    const w = await openTapeWriter({
      path,
      clock: new ManualClock(),
      redact,
      header: { notes: "password hunter2", meta: { pw: "hunter2" } },
    });
    const written = w.write({ k: "send", c: 1, text: "authorize\n0\n\nhunter2" });
    await w.close();
    expect(written).toMatchObject({ text: "authorize\n0\n\n«secret:1»" });
    expect(w.header).toMatchObject({ notes: "password «secret:1»", meta: { pw: "«secret:1»" } });
    expect(readFileSync(path, "utf8")).not.toContain("hunter2");
  });

  it("refuses to overwrite an existing file unless told to, and creates missing directories", async () => {
    const path = freshPath();
    writeFileSync(path, "precious");
    await expect(openTapeWriter({ path })).rejects.toThrow(
      `${path}: already exists; choose another name`,
    );
    expect(readFileSync(path, "utf8")).toBe("precious");
    const w = await openTapeWriter({ path, overwrite: true });
    await w.close();
    expect(fileLines(path)).toHaveLength(2);
    const nested = join(dir, "a", "b", "c.tape.jsonl");
    await (await openTapeWriter({ path: nested })).close();
    expect(existsSync(nested)).toBe(true);
  });

  it("turns a full disk into one plain InputError", async () => {
    if (!existsSync("/dev/full")) return;
    await expect(openTapeWriter({ path: "/dev/full", overwrite: true })).rejects.toThrow(
      "/dev/full: the disk is full; the tape stops at seq 0",
    );
  });

  it("close flushes, is idempotent, and later writes are refused", async () => {
    const path = freshPath();
    const w = await openTapeWriter({ path, clock: new ManualClock(), flushIntervalMs: 60_000 });
    w.write({ k: "mark", label: "pending" });
    const closing = w.close();
    expect(w.close()).toBe(closing);
    await closing;
    await w.close();
    expect(w.flushedSeq).toBe(1);
    expect(fileLines(path)[1]).toBe('{"seq":1,"t":0,"k":"mark","label":"pending"}');
    expect(() => w.write({ k: "mark", label: "late" })).toThrow("write after close");
  });

  it("writes gzip for a .gz path, readable by plain zlib", async () => {
    const path = freshPath(".tape.jsonl.gz");
    const w = await openTapeWriter({ path, clock: new ManualClock() });
    w.write({ k: "recv", c: 1, text: "hello" });
    await w.flush();
    w.write({ k: "recv", c: 1, text: "again" });
    await w.close();
    const lines = gunzipSync(readFileSync(path)).toString("utf8").split("\n");
    expect(lines.slice(1)).toEqual([
      '{"seq":1,"t":0,"k":"recv","c":1,"text":"hello"}',
      '{"seq":2,"t":0,"k":"recv","c":1,"text":"again"}',
      "",
    ]);
  });
});

describe("flushing", () => {
  it("an event reaches the OS at most flushIntervalMs after it was written (virtual timers)", async () => {
    const path = freshPath();
    const flushed: number[] = [];
    let onFlushed: () => void = () => {};
    const w = await openTapeWriter({
      path,
      clock: new ManualClock(),
      onFlush: (seq) => {
        flushed.push(seq);
        onFlushed();
      },
    });
    expect(flushed).toEqual([0]); // the header is on disk before openTapeWriter resolves
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });

    w.write({ k: "mark", label: "a" });
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(30);
    w.write({ k: "mark", label: "b" }); // joins the pending flush; the deadline stays the first's
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(19);
    expect(vi.getTimerCount()).toBe(1);
    expect(w.flushedSeq).toBe(0);

    const reached = new Promise<void>((resolve) => {
      onFlushed = resolve;
    });
    vi.advanceTimersByTime(1);
    expect(vi.getTimerCount()).toBe(0);
    await reached;
    expect(flushed).toEqual([0, 2]);
    expect(fileLines(path)).toHaveLength(4);

    vi.advanceTimersByTime(1000);
    expect(vi.getTimerCount()).toBe(0); // nothing pending, no timer: an idle writer costs nothing
    await w.close();
  });

  it("flushes at once, without waiting for the timer, when a megabyte is pending", async () => {
    const path = freshPath();
    let onFlushed: (seq: number) => void = () => {};
    const w = await openTapeWriter({
      path,
      clock: new ManualClock(),
      onFlush: (s) => onFlushed(s),
    });
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const reached = new Promise<number>((resolve) => {
      onFlushed = resolve;
    });
    w.write({ k: "recv", c: 1, text: "x".repeat(1024 * 1024) });
    expect(vi.getTimerCount()).toBe(0);
    expect(await reached).toBe(1);
    await w.close();
  });

  it("flush() resolves once everything written so far is on disk", async () => {
    const path = freshPath();
    const w = await openTapeWriter({ path, clock: new ManualClock(), flushIntervalMs: 60_000 });
    for (let i = 0; i < 100; i++) w.write({ k: "mark", label: String(i) });
    await w.flush();
    expect(w.flushedSeq).toBe(100);
    expect(fileLines(path)).toHaveLength(102);
    await w.close();
  });

  it("rejects a flush interval that is not a positive number", async () => {
    await expect(openTapeWriter({ path: freshPath(), flushIntervalMs: 0 })).rejects.toThrow(
      RangeError,
    );
  });
});

describe("defaultTapeName", () => {
  it("is the UTC start to the second, then the label", () => {
    const started = new Date("2026-11-25T14:03:07.123Z");
    expect(defaultTapeName("tradovate-demo", started)).toBe(
      "2026-11-25T14-03-07Z_tradovate-demo.tape.jsonl",
    );
    expect(defaultTapeName("ES long / short", started)).toBe(
      "2026-11-25T14-03-07Z_ES-long-short.tape.jsonl",
    );
    expect(defaultTapeName("../../etc", started)).toBe("2026-11-25T14-03-07Z_etc.tape.jsonl");
    expect(defaultTapeName("", started)).toBe("2026-11-25T14-03-07Z.tape.jsonl");
    expect(() => defaultTapeName("x", new Date(Number.NaN))).toThrow(RangeError);
  });

  test.prop([
    fc.string({ unit: "binary" }),
    fc.date({ min: new Date(0), max: new Date("9999-12-31"), noInvalidDate: true }),
  ])("is always one safe file name that sorts by start time", (label, started) => {
    const name = defaultTapeName(label, started);
    expect(name).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ(_[A-Za-z0-9_][A-Za-z0-9._-]*)?\.tape\.jsonl$/,
    );
    expect(name.length).toBeLessThanOrEqual(140);
    expect(name.slice(0, 19)).toBe(started.toISOString().slice(0, 19).replaceAll(":", "-"));
  });
});
