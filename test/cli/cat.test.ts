import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { test } from "@fast-check/vitest";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/tape/clock.js";
import { escapeControls, formatMicrosAsMs } from "../../src/tape/event-text.js";
import { openTapeWriter } from "../../src/tape/writer.js";
import { cli, cliProcess } from "../helpers/cli.js";

const dir = mkdtempSync(join(tmpdir(), "tapedeck-cat-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const tape = join(dir, "demo.tape.jsonl");
const gzTape = join(dir, "demo.tape.jsonl.gz");

beforeAll(async () => {
  const clock = new ManualClock();
  const w = await openTapeWriter({
    path: tape,
    clock,
    header: { id: "demo", started: "2026-11-25T14:03:07.123456Z", label: "demo" },
  });
  const md = "wss://md.tradovateapi.com/v1/websocket";
  w.write({ k: "open", c: 1, url: md, proto: "tradovate", role: "md" });
  clock.advance(812);
  w.write({ k: "recv", c: 1, text: "o" });
  clock.advance(228);
  w.write({ k: "send", c: 1, text: "authorize\n0\n\n«secret:1»" });
  w.write({ k: "recv", c: 1, b64: Buffer.from([1, 2, 3, 4, 5]).toString("base64") });
  clock.advance(1_234_567);
  w.write({
    k: "http",
    method: "POST",
    url: "https://demo.tradovateapi.com/v1/auth/accesstokenrequest",
    status: 200,
    req: { body: "{}" },
    res: { body: '{"accessToken":"«secret:2»"}' },
    ms: 84,
  });
  w.write({ k: "gap", c: 1, reason: "upstream dropped; reconnecting", ms: 1500 });
  w.write({ k: "close", c: 1, code: 1006, by: "server" });
  w.write({ k: "open", c: 2, url: md, proto: "tradovate", role: "md" });
  w.write({ k: "recv", c: 2, text: 'a[{"e":"md","d":{}}]\u0007\u202e' });
  w.write({ k: "mark", label: "entered long ES", data: { qty: 1 } });
  w.write({ k: "close", c: 2, code: 1000, reason: "Bye\n", by: "client" });
  await w.close();
  writeFileSync(gzTape, gzipSync(readFileSync(tape)));
});

const ALL = [
  "#1 +0.000 c1 open wss://md.tradovateapi.com/v1/websocket tradovate/md",
  "#2 +0.812 c1 recv o",
  "#3 +1.040 c1 send authorize\\n0\\n\\n«secret:1»",
  "#4 +1.040 c1 recv <binary 5 bytes>",
  "#5 +1235.607 http POST https://demo.tradovateapi.com/v1/auth/accesstokenrequest -> 200 (84 ms)",
  "#6 +1235.607 c1 gap upstream dropped; reconnecting (1500 ms)",
  "#7 +1235.607 c1 close 1006 by server",
  "#8 +1235.607 c2 open wss://md.tradovateapi.com/v1/websocket tradovate/md",
  '#9 +1235.607 c2 recv a[{"e":"md","d":{}}]\\x07\\u202e',
  '#10 +1235.607 mark entered long ES {"qty":1}',
  '#11 +1235.607 c2 close 1000 "Bye\\n" by client',
];
const lines = (s: string) => s.split("\n").slice(0, -1);

describe("tapedeck cat", () => {
  it("prints every event as one line: #seq +ms c<conn> kind payload", async () => {
    const r = await cli("cat", tape);
    expect(r).toEqual({ code: 0, stdout: `${ALL.join("\n")}\n`, stderr: "" });
  });

  it("reads gzip tapes the same way", async () => {
    expect((await cli("cat", gzTape)).stdout).toBe(`${ALL.join("\n")}\n`);
  });

  it("--header starts with a summary of the header", async () => {
    const r = await cli("cat", tape, "--header", "--limit", "1");
    expect(lines(r.stdout)).toEqual([
      '# tape v1, id demo, started 2026-11-25T14:03:07.123456Z, tool tapedeck 0.1.0, label "demo"',
      ALL[0],
    ]);
  });

  it("--conn keeps the events of those connections only", async () => {
    expect(lines((await cli("cat", tape, "--conn", "2")).stdout)).toEqual([
      ALL[7],
      ALL[8],
      ALL[10],
    ]);
    const both = lines((await cli("cat", tape, "--conn", "1, 2")).stdout);
    expect(both).toEqual(ALL.filter((l) => / c[12] /.test(l)));
  });

  it("--kind keeps those kinds only", async () => {
    const r = await cli("cat", tape, "--kind", "send,http");
    expect(lines(r.stdout)).toEqual([ALL[2], ALL[4]]);
  });

  it("--grep looks in the printed line and inside every text field", async () => {
    expect(lines((await cli("cat", tape, "--grep", "authorize")).stdout)).toEqual([ALL[2]]);
    // The response body is not printed, but it is searched.
    expect(lines((await cli("cat", tape, "--grep", "accessToken")).stdout)).toEqual([ALL[4]]);
    expect(lines((await cli("cat", tape, "--grep", "tradovate/md", "--conn", "2")).stdout)).toEqual(
      [ALL[7]],
    );
    expect((await cli("cat", tape, "--grep", "no such text")).stdout).toBe("");
  });

  it("--limit stops after that many shown events", async () => {
    expect(lines((await cli("cat", tape, "--limit", "2")).stdout)).toEqual(ALL.slice(0, 2));
    expect(lines((await cli("cat", tape, "--kind", "close", "--limit", "1")).stdout)).toEqual([
      ALL[6],
    ]);
    expect((await cli("cat", tape, "--limit", "0")).stdout).toBe("");
  });

  it("--json prints the events' exact lines, filters included", async () => {
    const fileLines = lines(readFileSync(tape, "utf8"));
    expect((await cli("cat", tape, "--json")).stdout).toBe(`${fileLines.slice(1).join("\n")}\n`);
    expect((await cli("cat", tape, "--json", "--header", "--limit", "0")).stdout).toBe(
      `${fileLines[0]}\n`,
    );
    const recv2 = lines((await cli("cat", tape, "--json", "--kind", "recv", "--conn", "2")).stdout);
    expect(recv2).toEqual([fileLines[9]]);
    expect(JSON.parse(recv2[0]!)).toMatchObject({
      seq: 9,
      c: 2,
      text: 'a[{"e":"md","d":{}}]\u0007\u202e',
    });
  });

  it("warns about a torn last line on stderr and still exits 0", async () => {
    const torn = join(dir, "torn.tape.jsonl");
    writeFileSync(torn, `${readFileSync(tape, "utf8")}{"seq":12,"t":`);
    const r = await cli("cat", torn);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${ALL.join("\n")}\n`);
    expect(r.stderr).toBe(
      `tapedeck: warning: ${torn}:13: line 13 is cut short (14 bytes, no newline); skipped\n`,
    );
  });

  it("a corrupt tape: one plain line naming file and line, exit 2, after the good events", async () => {
    const bad = join(dir, "bad.tape.jsonl");
    const good = lines(readFileSync(tape, "utf8"));
    writeFileSync(
      bad,
      `${[...good.slice(0, 3), '{"seq":3,"t":5,"k":"recv","c":1}', ...good.slice(3)].join("\n")}\n`,
    );
    const r = await cli("cat", bad);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe(`${ALL.slice(0, 2).join("\n")}\n`);
    expect(r.stderr).toBe(
      `tapedeck: ${bad}:4: a recv frame needs "text" (text) or "b64" (binary)\n`,
    );
  });

  it.each([
    [
      ["cat", join(dir, "missing.tape.jsonl")],
      `tapedeck: ${join(dir, "missing.tape.jsonl")}: no such file\n`,
    ],
    [["cat", dir], `tapedeck: ${dir}: is a directory, expected a file\n`],
    [
      ["cat", tape, "--kind", "recv,ping"],
      'tapedeck: --kind: unknown kind "ping" (expected open, recv, send, close, http, gap, mark)\n',
    ],
    [["cat", tape, "--conn", "one"], 'tapedeck: --conn: "one" is not a connection number\n'],
    [["cat", tape, "--conn", ","], "tapedeck: --conn: give at least one value\n"],
    [["cat", tape, "--limit", "-1"], 'tapedeck: --limit: "-1" is not a whole number >= 0\n'],
    [["cat", tape, "--grep", ""], "tapedeck: --grep: give the text to look for\n"],
  ])("exit 2 with one plain line: %j", async (argv, stderr) => {
    expect(await cli(...argv)).toEqual({ code: 2, stdout: "", stderr });
  });

  it("exit 2 for usage errors commander catches", async () => {
    const none = await cli("cat");
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("missing required argument 'tape'");
    expect((await cli("cat", tape, "--bogus")).code).toBe(2);
  });

  it("as a real process: exit code 2, one line, no stack trace", () => {
    const missing = join(dir, "gone.tape.jsonl");
    const r = cliProcess(["cat", missing]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`tapedeck: ${missing}: no such file\n`);
    expect(r.stdout).toBe("");
  });
});

describe("event text", () => {
  test.prop([fc.string({ unit: "binary" })])(
    "escaping leaves no control, line break or bidi override",
    (s) => {
      const out = escapeControls(s);
      expect(out).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
    },
  );

  test.prop([
    fc
      .string({ unit: "grapheme" })
      .filter(
        (s) =>
          !/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/.test(s),
      ),
  ])("text without unsafe characters is shown exactly as it is", (s) => {
    expect(escapeControls(s)).toBe(s);
  });

  it("escapes lone surrogates, which a terminal cannot show", () => {
    expect(escapeControls("a\ud800b\udc00😀")).toBe("a\\ud800b\\udc00😀");
  });

  test.prop([fc.maxSafeNat()])("times print as ms with exactly three decimals, exactly", (us) => {
    const text = formatMicrosAsMs(us);
    expect(text).toMatch(/^\d+\.\d{3}$/);
    expect(BigInt(text.replace(".", ""))).toBe(BigInt(us));
  });
});
