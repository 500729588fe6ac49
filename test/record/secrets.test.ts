/**
 * With known fake credentials and tokens, no byte of any of them reaches the tape, a log line or
 * an error message: REST bodies and headers, authorize frames, tokens echoed back by a server
 * in text and binary frames and close reasons, and a token renewed mid-recording that a
 * reconnect then uses.
 */
import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterEach, expect, test, vi } from "vitest";
import { WebSocketServer } from "ws";
import type { FetchLike } from "../../src/protocols/tradovate/live/http.js";
import { seededRandom } from "../../src/record/backoff.js";
import { recordTradovate } from "../../src/record/tradovate.js";
import { frameBytes, type TapeEvent } from "../../src/tape/events.js";
import { readTapeAll } from "../../src/tape/reader.js";
import { tmpDir } from "./harness.js";
import { VirtualTimers } from "./virtual-timers.js";

const CREDENTIALS = {
  name: "alice",
  password: "Pa55word-horse-battery",
  appId: "tapedeck-test",
  appVersion: "1.0",
  cid: "8123",
  sec: "sec-f00dfeed-0123456789",
};
const ACCESS = "acc-TOKEN-0123456789abcdef";
const MD = "md-TOKEN-fedcba9876543210";
const RENEWED = "acc-RENEWED-5555666677778888";
const SECRETS = [CREDENTIALS.password, CREDENTIALS.sec, ACCESS, MD, RENEWED];

let wss: WebSocketServer | undefined;
afterEach(async () => {
  await new Promise<void>((r) => (wss ? wss.close(() => r()) : r()));
  for (const c of wss?.clients ?? []) c.terminate();
  wss = undefined;
});

/** A server that accepts any token and echoes it back in every way it can. */
async function echoServer(): Promise<{ url: string; sockets: Set<import("ws").WebSocket> }> {
  wss = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  await new Promise<void>((r) => wss!.once("listening", () => r()));
  const sockets = new Set<import("ws").WebSocket>();
  wss.on("connection", (ws) => {
    sockets.add(ws);
    ws.on("close", () => sockets.delete(ws));
    ws.send("o");
    ws.on("message", (data) => {
      const text = data.toString();
      if (!text.startsWith("authorize")) return;
      const token = text.split("\n")[3] ?? "";
      ws.send('a[{"s":200,"i":0}]');
      const note = `${token} ${encodeURIComponent(token)} Bearer ${token} ${JSON.stringify(JSON.stringify({ token }))}`;
      ws.send(
        `a[${JSON.stringify({ e: "props", d: { entityType: "user", eventType: "Updated", entity: { id: 7, note } } })}]`,
      );
      ws.send(Buffer.from(`binary:${token}:${CREDENTIALS.password}`), { binary: true });
    });
  });
  const { port } = wss.address() as AddressInfo;
  return { url: `ws://127.0.0.1:${port}/v1/websocket`, sockets };
}

function json(body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status: 200,
    headers: { "content-type": "application/json" },
  });
}

function scan(text: string): string[] {
  const found: string[] = [];
  for (const s of SECRETS) {
    for (const form of [s, encodeURIComponent(s), JSON.stringify(s).slice(1, -1)]) {
      if (text.includes(form)) found.push(`${s} as ${form}`);
    }
  }
  return found;
}

function payloads(events: TapeEvent[]): string {
  return events
    .map((e) =>
      (e.k === "send" || e.k === "recv") && e.b64 !== undefined
        ? frameBytes(e).toString("utf8")
        : "",
    )
    .join("\n");
}

test("no credential or token reaches the tape, the log or the summary", async () => {
  const server = await echoServer();
  const timers = new VirtualTimers();
  const expires = new Date(timers.now() + 90 * 60_000).toISOString();
  const fakeFetch: FetchLike = async (url, init) => {
    if (url.endsWith("/auth/accesstokenrequest")) {
      return json({
        accessToken: ACCESS,
        mdAccessToken: MD,
        expirationTime: expires,
        userId: 7,
        name: "alice",
      });
    }
    if (url.endsWith("/auth/renewaccesstoken")) {
      expect(new Headers(init.headers).get("authorization")).toBe(`Bearer ${ACCESS}`);
      return json({
        accessToken: RENEWED,
        expirationTime: new Date(timers.now() + 90 * 60_000).toISOString(),
      });
    }
    if (url.includes("/contract/suggest")) return json([{ id: 1, name: "ESZ6" }]);
    return new Response(`"Not found ${ACCESS}"`, { status: 404 });
  };
  const logs: string[] = [];
  const dir = tmpDir();
  const path = join(dir, "secrets.tape.jsonl");
  const active = await recordTradovate({
    env: "demo",
    baseUrl: "https://demo.tradovateapi.com/v1",
    wsUrl: server.url,
    mdUrl: server.url,
    credentials: CREDENTIALS,
    symbols: ["ES1!"],
    md: { quotes: true, dom: false, histogram: false, chartBars: 1 },
    user: true,
    tape: { dir, label: "secrets", path },
    timers,
    random: seededRandom(3),
    fetch: fakeFetch,
    log: (l) => logs.push(l),
  });
  const tapeOf = async () => (await readTapeAll(path)).events;
  await vi.waitFor(async () => {
    expect((await tapeOf()).filter((e) => e.k === "recv" && e.b64 !== undefined)).toHaveLength(2);
  });
  // Renewal, then a drop: the reconnect authorizes with the renewed token.
  timers.advance(75 * 60_000);
  await vi.waitFor(() => expect(active.recording.stats().http).toBe(3));
  for (const s of server.sockets) s.close(4001, `bye ${ACCESS}`);
  await vi.waitFor(() => expect(logs.some((l) => l.includes("reconnecting"))).toBe(true));
  timers.advance(60_000);
  await vi.waitFor(async () => {
    expect((await tapeOf()).filter((e) => e.k === "recv" && e.b64 !== undefined)).toHaveLength(4);
  });
  const stats = await active.stop();
  const { summaryText } = await import("../../src/record/status.js");
  const summary = active.recording.scrub(summaryText(stats, timers.now()));

  const raw = readFileSync(path, "utf8");
  const events = await tapeOf();
  expect(scan(raw)).toEqual([]);
  expect(scan(payloads(events))).toEqual([]);
  expect(scan(logs.join("\n"))).toEqual([]);
  expect(scan(summary)).toEqual([]);
  // The tape still shows where the tokens went, as stable placeholders.
  const authorizes = events.filter((e) => e.k === "send" && e.text?.startsWith("authorize"));
  expect(authorizes.length).toBe(4);
  const placeholders = new Set(
    authorizes.map((e) => (e.k === "send" ? e.text?.split("\n")[3] : "")),
  );
  expect([...placeholders].every((p) => /^«secret:\d+»$/.test(p ?? ""))).toBe(true);
  expect(placeholders.size).toBe(3); // access, md, renewed access
  expect(events.filter((e) => e.k === "gap")).toHaveLength(2);
  // Not even a fragment: no 10-character window of any secret survives anywhere.
  const everything = `${raw}\n${payloads(events)}\n${logs.join("\n")}\n${summary}`;
  for (const s of SECRETS) {
    for (let i = 0; i + 10 <= s.length; i++) expect(everything).not.toContain(s.slice(i, i + 10));
  }
}, 20_000);

test("a refused login's error message carries no credential, even when the server echoes one", async () => {
  const fakeFetch: FetchLike = async () =>
    json({
      errorText: `Incorrect password ${CREDENTIALS.password} for app secret ${CREDENTIALS.sec}`,
    });
  const dir = tmpDir();
  const err = await recordTradovate({
    env: "demo",
    baseUrl: "https://demo.tradovateapi.com/v1",
    mdUrl: "ws://127.0.0.1:9/unused",
    credentials: CREDENTIALS,
    symbols: ["ESZ6"],
    md: { quotes: true, dom: false, histogram: false, chartBars: 1 },
    user: false,
    tape: { dir, label: "refused", path: join(dir, "refused.tape.jsonl") },
    timers: new VirtualTimers(),
    random: seededRandom(1),
    fetch: fakeFetch,
    log: () => {},
  }).catch((e: unknown) => e as Error);
  if (!(err instanceof Error)) throw new Error("the login should have been refused");
  expect(err.message).toMatch(/^Tradovate refused the login: Incorrect password «secret:\d+»/);
  expect(scan(err.message)).toEqual([]);
  const raw = readFileSync(join(dir, "refused.tape.jsonl"), "utf8");
  expect(scan(raw)).toEqual([]);
  expect(raw).toContain('"label":"login failed"');
});
