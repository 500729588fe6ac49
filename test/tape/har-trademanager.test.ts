import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { detectProtocol } from "../../src/protocols/detect.js";
import { createRedactor } from "../../src/protocols/secrets.js";
import { parseTmFrame } from "../../src/protocols/trademanager/messages.js";
import { importHar } from "../../src/tape/har-import.js";
import { readTapeAll } from "../../src/tape/reader.js";

// A HAR saved from the Trade Manager web app: a REST login that sets the session cookie, a
// REST call carrying it, then two sockets (the app reconnects) with AUTH, DATA, LOGS (one
// line garbled), TRADES, ACCSETUP with broker credentials and a MANUALTRADE. FAKE values only.
const FIXTURE = new URL("../fixtures/har/trademanager-webapp.har", import.meta.url).pathname;
const SECRETS = [
  "FAKEsess-9f8e7d6c5b4a39281706", // sessionid cookie = the socket's AUTH token
  "FAKE-tm-passw0rd!",
  "FAKEcsrf0123456789abcdef",
  "FAKE-broker-user",
  "FAKE-broker-pass#1",
];

const dir = mkdtempSync(join(tmpdir(), "tapedeck-tmhar-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("import of a Trade Manager web-app HAR", async () => {
  const out = join(dir, "tm.tape.jsonl");
  const result = await importHar({
    file: FIXTURE,
    out,
    redactor: createRedactor(),
    detect: detectProtocol,
  });
  const bytes = readFileSync(out, "utf8");
  const tape = await readTapeAll(out);

  it("keeps both sockets as Trade Manager connections and the REST calls around them", () => {
    expect(result).toMatchObject({ events: 20, connections: 2, skippedFrames: 0 });
    const opens = tape.events.filter((e) => e.k === "open");
    expect(opens.map((e) => [e.c, e.proto, e.role])).toEqual([
      [1, "trademanager", "trademanager"],
      [2, "trademanager", "trademanager"],
    ]);
    expect(tape.events.filter((e) => e.k === "http").map((e) => e.method)).toEqual(["POST", "GET"]);
  });

  it("writes no byte of the password, session cookie, CSRF token or broker credentials", () => {
    for (const secret of SECRETS) expect(bytes).not.toContain(secret);
    expect(bytes).not.toMatch(/FAKE/);
  });

  it("gives the session id one placeholder in the cookie, both AUTH frames and MANUALTRADE", () => {
    const texts = tape.events.flatMap((e) => ("text" in e && e.text ? [e.text] : []));
    const tokens = texts
      .map((t) => parseTmFrame(t))
      .flatMap((m) =>
        m.kind !== "unrecognised" && (m.type === "AUTH" || m.type === "MANUALTRADE")
          ? [m.token]
          : [],
      );
    expect(tokens).toHaveLength(3);
    expect(new Set(tokens).size).toBe(1);
    expect(tokens[0]).toMatch(/^«secret:\d+»$/);
    const open = tape.events.find((e) => e.k === "open");
    expect(open?.k === "open" && open.headers?.Cookie).toContain(`sessionid=${tokens[0]}`);
  });

  it("keeps every frame readable by the Trade Manager codec, garbled log line included", () => {
    const frames = tape.events.flatMap((e) => ("text" in e && e.text ? [e.text] : []));
    expect(frames).toHaveLength(16);
    const parsed = frames.map((t) => parseTmFrame(t));
    expect(parsed.filter((m) => m.kind === "unrecognised")).toEqual([]);
    const logs = parsed.flatMap((m) => (m.kind !== "unrecognised" && m.type === "LOGS" ? [m] : []));
    expect(
      logs.map((l) => (l.log.kind === "logline" ? [l.log.verb, l.log.priceText] : l.log)),
    ).toEqual([
      ["OPEN", "24958.5"],
      ["CLOSE", "24959.0"],
    ]);
  });
});
