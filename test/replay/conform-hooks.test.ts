/**
 * The replay server's hooks conform steers by: `observer` (everything the server does, live),
 * `admit` (refuse an upgrade), `drop(ord)`, `tokenTtlMs` and `penaltySeconds`.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, expect, test } from "vitest";
import {
  type ReplayObserver,
  type ReplayServer,
  startReplayServer,
} from "../../src/replay/server.js";
import { writeDemoTape } from "./fixture-tape.js";
import { connect } from "./ws-client.js";

let tape = "";
beforeAll(() => {
  tape = join(mkdtempSync(join(tmpdir(), "tapedeck-hooks-")), "demo.tape.jsonl");
  writeDemoTape(tape);
});

let server: ReplayServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function recordingObserver() {
  const seen: string[] = [];
  const observer: ReplayObserver = {
    open: (c, role) => seen.push(`open ${c} ${role}`),
    frame: (c, k, data) => seen.push(`${k} ${c} ${String(data).split("\n")[0]}`),
    closed: (c, code, _reason, by) => seen.push(`close ${c} ${code} ${by}`),
    http: (e) => seen.push(`http ${e.method} ${e.url.replace(/^http:\/\/[^/]+/, "")} ${e.status}`),
    fault: (f) => seen.push(`fault ${f.kind}`),
  };
  return { seen, observer };
}

async function login(http: string) {
  const res = await fetch(`${http}/auth/accesstokenrequest`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      name: "alice",
      password: "x",
      appId: "t",
      appVersion: "1",
      cid: 1,
      sec: "s",
    }),
  });
  return (await res.json()) as Record<string, unknown>;
}

test("observer sees sockets, frames both ways, closes and REST, unredacted", async () => {
  const { seen, observer } = recordingObserver();
  server = await startReplayServer({ tapes: [tape], speed: "max", observer });
  const token = String((await login(server.urls.http)).accessToken);
  const c = await connect(server.urls.trading);
  await c.until((f) => f.includes("o"));
  c.send(`authorize\n0\n\n${token}`);
  await c.until((f) => f.some((x) => x.includes('"i":0')));
  c.close();
  await c.closed;
  await expect.poll(() => seen.some((s) => s.startsWith("close "))).toBe(true);
  expect(seen[0]).toBe("http POST /v1/auth/accesstokenrequest 200");
  expect(seen).toContain("open 1 trading");
  expect(seen).toContain("recv 1 o");
  expect(seen).toContain("send 1 authorize");
  expect(seen).toContain("close 1 1005 client");
});

test("admit refuses upgrades with 503 and is asked with the role", async () => {
  const asked: string[] = [];
  server = await startReplayServer({
    tapes: [tape],
    admit: (role) => {
      asked.push(role);
      return role !== "md";
    },
  });
  await expect(connect(server.urls.md)).rejects.toThrow("HTTP 503");
  const ok = await connect(server.urls.trading);
  await ok.until((f) => f.includes("o"));
  ok.close();
  expect(asked).toEqual(["md", "trading"]);
});

test("drop(ord) closes that socket (1006: no close frame) and reports unknown ordinals", async () => {
  server = await startReplayServer({ tapes: [tape] });
  const c = await connect(server.urls.trading);
  await c.until((f) => f.includes("o"));
  expect(server.drop(99)).toBe(false);
  expect(server.drop(1, 1006)).toBe(true);
  expect((await c.closed).code).toBe(1006);
  const d = await connect(server.urls.md);
  await d.until((f) => f.includes("o"));
  expect(server.drop(2, 4000, "steered")).toBe(true);
  expect(await d.closed).toEqual({ code: 4000, reason: "steered" });
});

test("tokenTtlMs shortens the tokens; penaltySeconds sets p-time", async () => {
  server = await startReplayServer({
    tapes: [tape],
    tokenTtlMs: 4000,
    penalty: true,
    penaltySeconds: 3,
  });
  const penalty = await login(server.urls.http);
  expect(penalty["p-time"]).toBe(3);
  const before = Date.now();
  const res = await fetch(`${server.urls.http}/auth/accesstokenrequest`, {
    method: "POST",
    body: JSON.stringify({ name: "alice", password: "x", "p-ticket": penalty["p-ticket"] }),
  });
  const after = Date.now();
  const expires = Date.parse(
    String(((await res.json()) as Record<string, unknown>).expirationTime),
  );
  expect(expires).toBeGreaterThanOrEqual(before + 4000);
  expect(expires).toBeLessThanOrEqual(after + 4000);
});

test("rejectTokens refuses every authorize with 401, even a freshly issued token", async () => {
  server = await startReplayServer({ tapes: [tape], rejectTokens: true });
  const token = String((await login(server.urls.http)).accessToken);
  const c = await connect(server.urls.trading);
  await c.until((f) => f.includes("o"));
  c.send(`authorize\n0\n\n${token}`);
  const frames = await c.until((f) => f.some((x) => x.includes('"i":0')));
  expect(frames.find((x) => x.includes('"i":0'))).toContain('"s":401');
  c.send("user/syncrequest\n1\n\n{}");
  await c.until((f) => f.some((x) => x.includes('"i":1')));
  expect(c.frames.find((x) => x.includes('"i":1'))).toContain('"s":401');
  c.close();
});

test("penaltyCaptcha answers every login with p-captcha, ticket or not", async () => {
  server = await startReplayServer({ tapes: [tape], penalty: true, penaltyCaptcha: true });
  const first = await login(server.urls.http);
  expect(first["p-captcha"]).toBe(true);
  const res = await fetch(`${server.urls.http}/auth/accesstokenrequest`, {
    method: "POST",
    body: JSON.stringify({ name: "alice", password: "x", "p-ticket": first["p-ticket"] }),
  });
  const again = (await res.json()) as Record<string, unknown>;
  expect(again["p-captcha"]).toBe(true);
  expect(again.accessToken).toBeUndefined();
});
