import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Har } from "../../src/tape/har-types.js";
import { cli } from "../helpers/cli.js";

const dir = mkdtempSync(join(tmpdir(), "tapedeck-har-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const FIXTURE = new URL("../fixtures/har/tradovate-demo.har", import.meta.url).pathname;
let n = 0;
const tmp = (ext: string) => join(dir, `f${++n}${ext}`);

describe("tapedeck import-har", () => {
  it("writes a redacted tape and says what it wrote", async () => {
    const tape = tmp(".tape.jsonl");
    expect(await cli("import-har", FIXTURE, "-o", tape, "--label", "demo-login")).toEqual({
      code: 0,
      stdout: `wrote ${tape}: 20 events, 2 connections, 6 secrets redacted\n`,
      stderr: "",
    });
    const header = JSON.parse(readFileSync(tape, "utf8").split("\n")[0]!);
    expect(header).toMatchObject({
      label: "demo-login",
      notes: "imported from HAR tradovate-demo.har (WebInspector 537.36)",
    });
  });

  it("redacts --secret values everywhere, numbered first, and refuses short ones", async () => {
    const deviceId = "d3adbeef-fake-4c0e-9a3d-000000000001";
    const tape = tmp(".tape.jsonl");
    const r = await cli("import-har", FIXTURE, "-o", tape, "--secret", deviceId);
    expect(r.code).toBe(0);
    const text = readFileSync(tape, "utf8");
    expect(text).not.toContain(deviceId);
    expect(text).toContain('\\"deviceId\\":\\"«secret:1»\\"');

    const short = await cli("import-har", FIXTURE, "-o", tmp(".tape.jsonl"), "--secret", "abc");
    expect(short.code).toBe(2);
    expect(short.stderr).toBe(
      "tapedeck: extra secret #1 is shorter than 8 characters; a value that short would match all over the tape\n",
    );
  });

  it("refuses to replace a tape unless --force", async () => {
    const tape = tmp(".tape.jsonl");
    await cli("import-har", FIXTURE, "-o", tape);
    const again = await cli("import-har", FIXTURE, "-o", tape);
    expect(again.code).toBe(2);
    expect(again.stderr).toBe(`tapedeck: ${tape}: already exists; choose another name\n`);
    expect((await cli("import-har", FIXTURE, "-o", tape, "--force")).code).toBe(0);
  });

  it("names the file and position of bad input, exit 2, and writes nothing", async () => {
    const broken = tmp(".har");
    writeFileSync(broken, '{\n  "log": {\n    "entries": [\n      {"request": }\n');
    const out = tmp(".tape.jsonl");
    const r = await cli("import-har", broken, "-o", out);
    expect(r).toEqual({
      code: 2,
      stdout: "",
      stderr: `tapedeck: ${broken}: not valid JSON at line 4, column 19, so not a HAR file\n`,
    });
    expect(existsSync(out)).toBe(false);

    const notHar = tmp(".har");
    writeFileSync(notHar, '{"entries":[]}');
    expect((await cli("import-har", notHar, "-o", out)).stderr).toBe(
      `tapedeck: ${notHar}: not a HAR file (no "log.entries" array)\n`,
    );
    const missing = await cli("import-har", join(dir, "none.har"), "-o", out);
    expect(missing.stderr).toBe(`tapedeck: ${join(dir, "none.har")}: no such file\n`);
    expect((await cli("import-har", FIXTURE)).code).toBe(2);
  });
});

describe("tapedeck export-har", () => {
  it("writes HAR 1.2 with REST entries and Chrome-shaped websocket entries", async () => {
    const tape = tmp(".tape.jsonl");
    await cli("import-har", FIXTURE, "-o", tape);
    const out = tmp(".har");
    expect(await cli("export-har", tape, "-o", out)).toEqual({
      code: 0,
      stdout: `wrote ${out}: 4 entries (2 websockets)\n`,
      stderr: "",
    });
    const har = JSON.parse(readFileSync(out, "utf8")) as Har;
    expect(har.log.version).toBe("1.2");
    expect(har.log.creator).toEqual({ name: "tapedeck", version: "0.1.0" });
    expect(
      har.log.entries.map((e) => [e.request.method, e.response.status, e._resourceType]),
    ).toEqual([
      ["POST", 200, undefined],
      ["GET", 200, undefined],
      ["GET", 101, "websocket"],
      ["GET", 101, "websocket"],
    ]);
    const md = har.log.entries[2]!;
    expect(md.startedDateTime).toBe("2026-11-25T14:03:07.512000Z");
    expect(md._webSocketMessages).toHaveLength(10);
    expect(md._webSocketMessages![0]).toEqual({
      type: "receive",
      time: 1795615387.601234,
      opcode: 1,
      data: "o",
    });
    expect(md._webSocketMessages!.filter((m) => m.opcode === 2)).toHaveLength(2);
    expect((await cli("export-har", tape, "-o", out)).code).toBe(2);
  });

  it("exports what precedes a torn last line and warns about it", async () => {
    const tape = tmp(".tape.jsonl");
    await cli("import-har", FIXTURE, "-o", tape);
    writeFileSync(tape, `${readFileSync(tape, "utf8")}{"seq":21,"t":4000000,"k":"re`);
    const out = tmp(".har");
    const r = await cli("export-har", tape, "-o", out);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      `tapedeck: ${tape}: line 22 is cut short (29 bytes, no newline); that line is left out\n`,
    );
    expect(r.stdout).toBe(`wrote ${out}: 4 entries (2 websockets)\n`);
  });
});
