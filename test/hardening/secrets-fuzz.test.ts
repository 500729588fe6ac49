/**
 * Fuzzed credentials and tokens never reach a tape, a log line or an error message. Passwords,
 * app secrets and tokens are arbitrary text (quotes, backslashes, control characters, non-ASCII,
 * `%`, `+`), learned the ways a recording learns them (a `--secret`-style value, a login request
 * and its response, a Trade Manager AUTH), then echoed back raw, JSON-escaped (once and twice),
 * URL-encoded, inside binary frames and in a close reason. Messages split across websocket
 * continuation frames are reassembled by `ws` before the recorder sees them, so the recorder only
 * ever redacts whole messages; a secret split across two separate messages cannot be recognised
 * by design (docs/benchmarks.md says why) and is not claimed here.
 */
import { readFileSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, test } from "vitest";
import WebSocket, { WebSocketServer } from "ws";
import { realTimers } from "../../src/live/timers.js";
import { Recording } from "../../src/record/recording.js";
import { frameBytes, type TapeEvent } from "../../src/tape/events.js";
import { readTapeAll } from "../../src/tape/reader.js";
import { secretForms } from "../../src/tape/redact.js";
import { tmpDir } from "../record/harness.js";

const RUNS = Number(process.env.SECRETS_RUNS ?? 150);
const dir = tmpDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * A secret: an 8-character marker (so it cannot coincide with the tape's own JSON structure,
 * which would make the check meaningless, and is long enough to be replaced anywhere: shorter
 * values are masked only where a rule points at them, see docs/redaction.md) followed by
 * arbitrary text, JSON escapes included.
 */
const secret = (tag: string) =>
  fc
    .string({
      unit: fc.oneof(
        fc.constantFrom('"', "\\", "/", "\n", "\t", "\u0000", "\u2028", "%", "+", " ", "é", "😀"),
        fc.string({ unit: "binary", minLength: 1, maxLength: 1 }),
      ),
      minLength: 0,
      maxLength: 24,
    })
    .map((s) => `${tag}${s}`);

/** Every form of every secret found in `text`, named. */
function leaks(text: string, secrets: readonly string[]): string[] {
  const found: string[] = [];
  for (const s of secrets) {
    for (const form of secretForms(s)) if (text.includes(form)) found.push(JSON.stringify(form));
  }
  return found;
}

/** The whole tape as text, with binary payloads decoded so secrets inside them show. */
function tapeText(path: string, events: readonly TapeEvent[]): string {
  const payloads = events.map((e) =>
    (e.k === "send" || e.k === "recv") && e.b64 !== undefined ? frameBytes(e).toString("utf8") : "",
  );
  return `${readFileSync(path, "utf8")}\n${payloads.join("\n")}`;
}

let n = 0;
describe("fuzzed secrets", () => {
  test("never reach the tape, a log line or an error message", async () => {
    await fc.assert(
      fc.asyncProperty(
        secret("pw#Q-k3v"),
        secret("tok#Z-9w"),
        secret("md#K-7xq"),
        secret("tm#J-2rb"),
        async (password, access, md, tmToken) => {
          const secrets = [password, access, md, tmToken];
          const path = join(dir, `secrets-${n++}.tape.jsonl`);
          const rec = await Recording.open({
            dir,
            label: "fuzz",
            path,
            secrets: [password],
            timers: realTimers,
          });
          rec.http({
            method: "POST",
            url: "https://demo.tradovateapi.com/v1/auth/accesstokenrequest",
            status: 200,
            ms: 1,
            req: { body: JSON.stringify({ name: "alice", password, appId: "x", sec: password }) },
            res: {
              body: JSON.stringify({ accessToken: access, mdAccessToken: md, userId: 7 }),
            },
          });
          const c = rec.open("wss://md.tradovateapi.com/v1/websocket", "tradovate", "md", {
            authorization: `Bearer ${access}`,
          });
          rec.frame("send", c, `authorize\n0\n\n${md}`);
          const echo = `${access} ${md} ${password} ${encodeURIComponent(access)} ${JSON.stringify(JSON.stringify({ md }))}`;
          rec.frame("recv", c, `a[${JSON.stringify({ e: "props", d: { note: echo } })}]`);
          rec.frame("recv", c, Buffer.from(`bin:${access}:${password}:${md}`));
          rec.closed(c, "server", 1000, `bye ${access}`);
          const t = rec.open("wss://trademanagergroup.com:5000/ws", "trademanager", "trademanager");
          rec.frame("send", t, JSON.stringify({ type: "AUTH", user: "alice", token: tmToken }));
          rec.frame("recv", t, JSON.stringify({ type: "ERROR", data: `bad token ${tmToken}` }));
          const log = rec.scrub(`login failed for ${password}: ${access} / ${md} / ${tmToken}`);
          const error = rec.scrub(
            new Error(`HTTP 401 ${JSON.stringify({ access, password })}`).message,
          );
          await rec.finish();

          const back = await readTapeAll(path);
          expect(leaks(tapeText(path, back.events), secrets)).toEqual([]);
          expect(leaks(log, secrets)).toEqual([]);
          expect(leaks(error, secrets)).toEqual([]);
          // The redaction kept the frames: same count, placeholders where the secrets were.
          expect(back.events.filter((e) => e.k === "send" || e.k === "recv")).toHaveLength(5);
          expect(back.events.map((e) => e.seq)).toEqual(back.events.map((_, i) => i + 1));
        },
      ),
      { numRuns: RUNS },
    );
  }, 60_000);

  test("a message fragmented into continuation frames is redacted whole", async () => {
    const token = 'tok#"frag\\mented/😀%+token';
    const wss = new WebSocketServer({ host: "127.0.0.1", port: 0 });
    await new Promise<void>((r) => wss.once("listening", () => r()));
    const text = `a[${JSON.stringify({ e: "props", d: { note: `x${token}y` } })}]`;
    const cut = text.indexOf("frag") + 2; // the token straddles the two frames
    wss.on("connection", (ws) => {
      ws.send(text.slice(0, cut), { fin: false });
      ws.send(text.slice(cut), { fin: true });
    });
    const path = join(dir, "fragmented.tape.jsonl");
    const rec = await Recording.open({ dir, label: "frag", path, timers: realTimers });
    rec.http({
      method: "POST",
      url: "https://demo.tradovateapi.com/v1/auth/accesstokenrequest",
      status: 200,
      ms: 1,
      req: { body: "{}" },
      res: { body: JSON.stringify({ accessToken: token }) },
    });
    const c = rec.open("ws://127.0.0.1/frag", "tradovate", "md");
    const { port } = wss.address() as AddressInfo;
    const ws = new WebSocket(`ws://127.0.0.1:${port}`);
    const got = await new Promise<string>((resolve, reject) => {
      ws.once("message", (d) => resolve(d.toString()));
      ws.once("error", reject);
    });
    rec.frame("recv", c, got);
    ws.close();
    await new Promise<void>((r) => wss.close(() => r()));
    await rec.finish();
    expect(got).toBe(text); // ws handed over the whole message, not its fragments
    const back = await readTapeAll(path);
    expect(leaks(tapeText(path, back.events), [token])).toEqual([]);
    expect(readFileSync(path, "utf8")).toContain("x«secret:1»y");
  });
});
