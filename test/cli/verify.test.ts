import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openTapeWriter } from "../../src/tape/writer.js";
import { cli, cliProcess } from "../helpers/cli.js";
import { fakeJwt } from "../helpers/fake-jwt.js";

const dir = mkdtempSync(join(tmpdir(), "tapedeck-verify-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const FIXTURE = new URL("../fixtures/har/tradovate-demo.har", import.meta.url).pathname;

const HEADER =
  '{"tape":1,"id":"v","started":"2026-11-25T14:03:07.000000Z","tool":"tapedeck 0.1.0"}';
const JWT = fakeJwt();

/** Writes a tape by hand, line by line, so it can be as broken as a test needs. */
function handTape(name: string, lines: unknown[], tail = ""): string {
  const path = join(dir, name);
  const text = lines.map((l) => (typeof l === "string" ? l : JSON.stringify(l))).join("\n");
  writeFileSync(path, `${text}\n${tail}`);
  return path;
}

describe("tapedeck verify", () => {
  it("passes a clean imported tape with a one-line summary", async () => {
    const tape = join(dir, "clean.tape.jsonl");
    expect((await cli("import-har", FIXTURE, "-o", tape)).code).toBe(0);
    expect(await cli("verify", tape)).toEqual({
      code: 0,
      stdout: "ok: 20 events, 2 connections\n",
      stderr: "",
    });
  });

  it("catches a planted token and a seq hole, one line each with file and line", async () => {
    const tape = join(dir, "planted.tape.jsonl");
    await cli("import-har", FIXTURE, "-o", tape);
    const lines = readFileSync(tape, "utf8").trimEnd().split("\n");
    // Plant a JWT in frame 4 (line 5) and drop event 7 (line 8): a hole between seq 6 and 8.
    const e4 = JSON.parse(lines[4]!);
    e4.text = `a[{"s":200,"i":9,"d":{"note":"${JWT}"}}]`;
    lines[4] = JSON.stringify(e4);
    lines.splice(7, 1);
    writeFileSync(tape, `${lines.join("\n")}\n`);
    const r = await cli("verify", tape);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      `${tape}:5: unredacted JWT (eyJh…, ${JWT.length} chars)\n` +
        `${tape}:8: seq hole (expected 7, got 8)\n`,
    );
  });

  it("reports every kind of finding", async () => {
    const tape = handTape(
      "all.tape.jsonl",
      [
        HEADER,
        {
          seq: 1,
          t: 0,
          k: "open",
          c: 1,
          url: "wss://demo.tradovateapi.com/v1/websocket",
          proto: "tradovate",
        },
        { seq: 2, t: 10, k: "send", c: 1, text: "authorize\n0\n\nFAKE-raw-access-token-123" },
        { seq: 4, t: 20, k: "recv", c: 1, text: '{"password":"hunter2"}' },
        { seq: 3, t: 15, k: "mark", label: "late" },
        {
          seq: 5,
          t: 30,
          k: "http",
          method: "GET",
          url: "https://x.test/?token=abc",
          status: 200,
          ms: 1,
          req: { headers: { Authorization: "Bearer FAKE-bearer-value" } },
          res: { body: '{"token":"«secret:1»"}' },
        },
      ],
      '{"seq":6,"t":40,"k":"re',
    );
    const r = await cli("verify", tape);
    expect(r.code).toBe(1);
    expect(r.stdout.trimEnd().split("\n")).toEqual([
      `${tape}:3: unredacted authorize token (FAKE…, 25 chars)`,
      `${tape}:4: seq hole (expected 3, got 4)`,
      `${tape}:4: unredacted field "password" (7 chars)`,
      `${tape}:5: seq out of order (expected 5, got 3)`,
      `${tape}:5: t goes backwards (15 after 20)`,
      `${tape}:6: unredacted query parameter "token" (3 chars)`,
      `${tape}:6: unredacted Authorization header (FAKE…, 17 chars)`,
      `${tape}:7: torn end: line 7 is cut short (23 bytes, no newline)`,
    ]);
  });

  it("reports a corrupt line in the middle and stops there", async () => {
    const tape = handTape("corrupt.tape.jsonl", [
      HEADER,
      { seq: 1, t: 0, k: "mark", label: "a" },
      "{not json",
      { seq: 2, t: 1, k: "mark", label: "b" },
    ]);
    const r = await cli("verify", tape);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(new RegExp(`^${tape}:3: not JSON .*\\(verify stops here\\)\\n$`));
  });

  it("reads gzip tapes", async () => {
    const tape = join(dir, "z.tape.jsonl.gz");
    const w = await openTapeWriter({ path: tape });
    w.write({ k: "open", c: 1, url: "ws://127.0.0.1:1/", proto: "raw", t: 0 });
    w.write({ k: "recv", c: 1, text: "hello", t: 5 });
    await w.close();
    expect(await cli("verify", tape)).toMatchObject({
      code: 0,
      stdout: "ok: 2 events, 1 connections\n",
    });
    // Cut the gzip trailer off, as a killed writer would leave it.
    const bytes = readFileSync(tape);
    writeFileSync(tape, bytes.subarray(0, bytes.length - 8));
    expect(await cli("verify", tape)).toEqual({
      code: 1,
      stdout: `${tape}:4: torn end: the gzip stream ends early, after line 3\n`,
      stderr: "",
    });
  });

  it("exits 2 on a file that cannot be read as a tape", async () => {
    const missing = await cli("verify", join(dir, "nope.tape.jsonl"));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(`tapedeck: ${join(dir, "nope.tape.jsonl")}: no such file\n`);
    const notTape = handTape("x.jsonl", ['{"hello":1}']);
    const r = await cli("verify", notTape);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not a valid tape header/);
  });

  it("uses the same exit codes as a real process", () => {
    const tape = handTape("proc.tape.jsonl", [HEADER, { seq: 2, t: 0, k: "mark", label: "x" }]);
    const r = cliProcess(["verify", tape]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(`${tape}:2: seq hole (expected 1, got 2)\n`);
  });
});
