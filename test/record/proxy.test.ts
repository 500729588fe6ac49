/**
 * The recording proxy in front of the replay server with a scripted bot behind it: the bot
 * logs in over REST and subscribes over the socket through tapedeck. The tape holds exactly
 * the frames the bot sent and received, in order, and the REST exchange; secrets are masked in
 * the tape but the bot got the real token (its authorize succeeded).
 */
import { join } from "node:path";
import { afterEach, expect, test, vi } from "vitest";
import { type ReplayServer, startReplayServer } from "../../src/replay/server.js";
import { readTapeAll } from "../../src/tape/reader.js";
import { connect } from "../replay/ws-client.js";
import { CREDS, FIXTURE, startCli, textsOn, tmpDir, tradovateStreams } from "./harness.js";

let server: ReplayServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

test("a scripted bot behind the proxy: tape = what the bot saw; REST passed through and recorded", async () => {
  server = await startReplayServer({ tapes: [FIXTURE], speed: "max" });
  const origin = server.urls.http.replace(/\/v1$/, "");
  const out = join(tmpDir(), "proxy.tape.jsonl");
  const run = startCli("proxy", "--upstream", server.urls.md, "--rest", origin, "--file", out);
  const listening = await vi.waitFor(
    () => {
      const m = /proxy listening on (ws:\/\/127\.0\.0\.1:\d+)/.exec(run.io.stderr);
      if (!m) throw new Error(`not listening yet: ${run.io.stderr}`);
      return m[1]!;
    },
    { timeout: 10_000 },
  );
  const http = listening.replace(/^ws/, "http");

  const login = await fetch(`${http}/v1/auth/accesstokenrequest`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      name: "alice",
      password: CREDS.TRADOVATE_PASSWORD,
      sec: CREDS.TRADOVATE_SEC,
      cid: 8123,
    }),
  });
  expect(login.status).toBe(200);
  const { mdAccessToken } = (await login.json()) as { mdAccessToken: string };
  expect(mdAccessToken).toMatch(/\w{8,}/);

  const bot = await connect(`${listening}/md/v1/websocket`);
  const sent: string[] = [];
  const send = (t: string) => {
    sent.push(t);
    bot.send(t);
  };
  await bot.until((f) => f.includes("o"));
  send(`authorize\n0\n\n${mdAccessToken}`);
  await bot.until((f) => f.includes('a[{"s":200,"i":0}]'));
  send('md/subscribeQuote\n1\n\n{"symbol":"ESZ5"}');
  const a = (await readTapeAll(FIXTURE)).events;
  const mdA = a.flatMap((e) => (e.k === "open" && e.role === "md" ? [e.c] : []));
  const quotesA = tradovateStreams(textsOn(a, "recv", mdA))["md:quotes"]!;
  await bot.until((f) => (tradovateStreams(f)["md:quotes"]?.length ?? 0) >= quotesA.length);
  bot.ws.close(1000, "bot done");
  await bot.closed;
  run.stop();
  const res = await run.done;
  expect(res.stderr).not.toMatch(/internal error/);
  expect(res.code).toBe(0);

  const b = (await readTapeAll(out)).events;
  const cs = b.flatMap((e) => (e.k === "open" ? [e.c] : []));
  expect(cs).toHaveLength(1);
  // Byte for byte and in order: what the bot received and sent.
  expect(textsOn(b, "recv", cs)).toEqual(bot.frames);
  const httpRes = b.find((e) => e.k === "http");
  const mdPlaceholder = JSON.parse(
    httpRes?.k === "http" ? (httpRes.res.body ?? "{}") : "{}",
  ).mdAccessToken;
  expect(mdPlaceholder).toMatch(/^«secret:\d+»$/);
  expect(textsOn(b, "send", cs)).toEqual(sent.map((t) => t.replace(mdAccessToken, mdPlaceholder)));
  expect(tradovateStreams(textsOn(b, "recv", cs))["md:quotes"]).toEqual(quotesA);
  expect(b.find((e) => e.k === "close")).toMatchObject({
    by: "client",
    code: 1000,
    reason: "bot done",
  });
  // REST: recorded before the bot got it, tokens and credentials masked in the tape only.
  const httpEvent = b.find((e) => e.k === "http");
  expect(httpEvent).toMatchObject({
    method: "POST",
    status: 200,
    url: `${origin}/v1/auth/accesstokenrequest`,
  });
  expect(b.indexOf(httpEvent!)).toBeLessThan(b.findIndex((e) => e.k === "open"));
  const raw = JSON.stringify(b);
  for (const s of [mdAccessToken, CREDS.TRADOVATE_PASSWORD, CREDS.TRADOVATE_SEC])
    expect(raw).not.toContain(s);
}, 30_000);

test("--upstream must be a websocket URL", async () => {
  const { cli } = await import("../helpers/cli.js");
  const res = await cli("proxy", "--upstream", "http://127.0.0.1:1/", "--out", tmpDir());
  expect(res.code).toBe(2);
  expect(res.stderr).toMatch(/--upstream: expected ws:\/\/ or wss:\/\//);
});
