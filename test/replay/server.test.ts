import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, test } from "vitest";
import {
  type ReplayServer,
  type ReplayServerOptions,
  startReplayServer,
} from "../../src/replay/server.js";
import { VirtualTimer } from "../../src/replay/timer.js";
import { EXPECTED, TM_ACK, writeDemoTape } from "./fixture-tape.js";
import { connect, messageTexts } from "./ws-client.js";

let tape = "";
beforeAll(() => {
  tape = join(mkdtempSync(join(tmpdir(), "tapedeck-replay-")), "demo.tape.jsonl");
  writeDemoTape(tape);
});

let server: ReplayServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(opts: Partial<ReplayServerOptions> = {}) {
  server = await startReplayServer({ tapes: [tape], port: 0, speed: "max", ...opts });
  return server;
}

async function login(http: string, name = "alice") {
  const res = await fetch(`${http}/auth/accesstokenrequest`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name, password: "x", appId: "t", appVersion: "1", cid: 1, sec: "s" }),
  });
  return (await res.json()) as Record<string, unknown>;
}

const SUB_QUOTE = (id: number) => `md/subscribeQuote\n${id}\n\n{"symbol":"ESZ5"}`;
const GET_CHART = (id: number) =>
  `md/getChart\n${id}\n\n${JSON.stringify({ symbol: "ESZ5", chartDescription: { underlyingType: "MinuteBar", elementSize: 1, elementSizeUnit: "UnderlyingUnits" }, timeRange: { asMuchAsElements: 2 } })}`;

const count = (needle: string) => (fs: string[]) => fs.filter((f) => f.includes(needle)).length;

describe("replay server end to end (127.0.0.1, port 0, max speed)", () => {
  test("login, authorize, sync, quote/DOM/chart: the tape's frames in order", async () => {
    const s = await start();
    expect(s.urls.http).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    const auth = await login(s.urls.http);
    expect(auth.userId).toBe(7);
    expect(typeof auth.accessToken).toBe("string");
    expect(Date.parse(auth.expirationTime as string) - Date.now()).toBeGreaterThan(89 * 60_000);
    const trading = await connect(s.urls.trading);
    const md = await connect(s.urls.md);
    trading.send(`authorize\n0\n\n${auth.accessToken}`);
    md.send(`authorize\n0\n\n${auth.mdAccessToken}`);
    await trading.until((f) => f.includes('a[{"s":200,"i":0}]'));
    expect(trading.frames.slice(0, 2)).toEqual(["o", 'a[{"s":200,"i":0}]']);
    trading.send('user/syncrequest\n1\n\n{"users":[7]}');
    await md.until((f) => f.includes('a[{"s":200,"i":0}]'));
    md.send(SUB_QUOTE(1));
    md.send('md/subscribeDOM\n2\n\n{"symbol":"ESZ5"}');
    md.send(GET_CHART(3));
    await md.until(
      (f) => count('"quotes"')(f) === 4 && count('"doms"')(f) === 3 && count('"chart"')(f) === 3,
    );
    await trading.until((f) => count('"props"')(f) === 2);
    const mdMsgs = messageTexts(md.frames);
    expect(mdMsgs.filter((m) => m.includes('"quotes"'))).toEqual(EXPECTED.quotes);
    expect(mdMsgs.filter((m) => m.includes('"doms"'))).toEqual(EXPECTED.doms);
    expect(mdMsgs.filter((m) => m.startsWith('{"e":"chart"'))).toEqual(EXPECTED.chart);
    expect(messageTexts(trading.frames).filter((m) => m.includes('"props"'))).toEqual(
      EXPECTED.props,
    );
    const snapshot = JSON.parse(
      trading.frames.find((f) => f.startsWith('a[{"s":200,"i":1'))!.slice(1),
    );
    expect(snapshot[0].d.users[0].id).toBe(7);
    // Both sockets of one login share one session (one clock).
    expect(s.hubs[0]!.sessions()).toHaveLength(1);
    trading.close();
    md.close();
  });

  test("at 10x in real time: the same frames in order, within generous bounds", async () => {
    const s = await start({ speed: 10 });
    const md = await connect(s.urls.md);
    md.send("authorize\n0\n\nt");
    await md.until((f) => f.includes('a[{"s":200,"i":0}]'));
    const sent = performance.now();
    md.send(SUB_QUOTE(1));
    await md.until((f) => count('"quotes"')(f) === 4);
    const took = performance.now() - sent;
    expect(messageTexts(md.frames).filter((m) => m.includes('"quotes"'))).toEqual(EXPECTED.quotes);
    // The last quote is recorded 1 s after the response: 100 ms at 10x. Bounds are generous.
    expect(took).toBeGreaterThanOrEqual(90);
    expect(took).toBeLessThan(5000);
    md.close();
  });

  test("REST answers from the tape and the snapshot; unknown paths get Tradovate's 404", async () => {
    const s = await start();
    const get = async (p: string) => {
      const r = await fetch(`${s.urls.http}/${p}`);
      return { status: r.status, body: await r.json() };
    };
    expect(await get("contract/find?name=ESZ5")).toEqual({
      status: 200,
      body: { id: 3001, name: "ESZ5", contractMaturityId: 51 },
    });
    expect((await get("account/list")).body).toEqual([expect.objectContaining({ id: 11 })]);
    expect((await get("product/find?name=ES")).body).toEqual(
      expect.objectContaining({ valuePerPoint: 50 }),
    );
    expect((await get("contractMaturity/item?id=51")).body).toEqual(
      expect.objectContaining({ productId: 61 }),
    );
    expect((await get("position/list")).body).toEqual([
      expect.objectContaining({ id: 901, netPos: 1 }),
    ]);
    expect((await get("contract/suggest?t=ES&l=5")).body).toEqual([
      expect.objectContaining({ id: 3001 }),
    ]);
    expect((await get("contract/item?id=3001")).body).toEqual(
      expect.objectContaining({ name: "ESZ5" }),
    );
    expect((await get("contract/items?ids=3001,999")).body).toEqual([
      expect.objectContaining({ id: 3001 }),
    ]);
    expect((await get("product/item?id=61")).body).toEqual(expect.objectContaining({ name: "ES" }));
    expect((await get("fillPair/list")).body).toEqual([]);
    expect((await get("auth/me")).body).toEqual(
      expect.objectContaining({ userId: 7, name: "alice" }),
    );
    expect((await get("contract/find?name=NQZ5")).status).toBe(404);
    const cash = await fetch(`${s.urls.http}/cashBalance/getCashBalanceSnapshot`, {
      method: "POST",
      body: '{"accountId":11}',
    });
    expect(await cash.json()).toEqual(
      expect.objectContaining({ accountId: 11, totalCashValue: 50000 }),
    );
    const auth = await login(s.urls.http);
    const renew = await fetch(`${s.urls.http}/auth/renewAccessToken`, {
      headers: { authorization: `Bearer ${auth.accessToken}` },
    });
    const renewed = (await renew.json()) as Record<string, unknown>;
    expect(renewed.accessToken).toEqual(expect.any(String));
    expect(renewed.accessToken).not.toBe(auth.accessToken);
    expect(await get("quote/subscribe")).toEqual({
      status: 404,
      body: "Not found: quote/subscribe",
    });
    const pre = await fetch(`${s.urls.http}/auth/accesstokenrequest`, { method: "OPTIONS" });
    expect(pre.status).toBe(204);
    expect(pre.headers.get("access-control-allow-origin")).toBe("*");
    const bad = await login(s.urls.http, "");
    expect(bad).toEqual({ errorText: expect.any(String) });
  });

  test("penalty mode answers the first login with a p-ticket, then accepts it", async () => {
    const s = await start({ penalty: true });
    const first = await login(s.urls.http);
    expect(first).toEqual({ "p-ticket": expect.any(String), "p-time": expect.any(Number) });
    const res = await fetch(`${s.urls.http}/auth/accesstokenrequest`, {
      method: "POST",
      body: JSON.stringify({ name: "alice", password: "x", "p-ticket": first["p-ticket"] }),
    });
    expect(await res.json()).toEqual(expect.objectContaining({ accessToken: expect.any(String) }));
  });

  test("Trade Manager: AUTH ack, DATA/LOGS/TRADES stream, CLOSE_TRADE acknowledged as recorded", async () => {
    const s = await start();
    const tm = await connect(s.urls.trademanager);
    tm.send(JSON.stringify({ type: "AUTH", user: "alice", token: "t" }));
    tm.send(JSON.stringify({ type: "PING" }));
    await tm.until((f) => f.length >= 1 + EXPECTED.tm.length);
    expect(JSON.parse(tm.frames[0]!)).toEqual({
      data: "✅ Server Connection Established Successfully!",
    });
    expect(tm.frames.slice(1)).toEqual(EXPECTED.tm);
    tm.send(
      JSON.stringify({
        type: "CLOSE_TRADE",
        strat_name: "ROG-15SV",
        ticker: "ES1!",
        timeframe: "15",
        token: "t",
        user: "alice",
      }),
    );
    await tm.until((f) => f.length === 1 + EXPECTED.tm.length + 2);
    expect(tm.frames.slice(-2)).toEqual(TM_ACK);
  });

  test("errors in Tradovate's shapes: unknown endpoint, bad JSON, second authorize, before authorize", async () => {
    const s = await start();
    const c = await connect(s.urls.md);
    c.send(SUB_QUOTE(5));
    await c.until((f) => f.length >= 2);
    expect(c.frames[1]).toBe('a[{"s":401,"i":5,"d":"Access is denied"}]');
    c.send("authorize\n1\n\ntoken");
    c.send("quote/subscribe\n2\n\n{}");
    c.send("md/subscribeQuote\n3\n\n{'symbol':'ESZ5'}");
    c.send("authorize\n4\n\ntoken");
    await c.until((f) => f.length >= 6);
    expect(c.frames[2]).toBe('a[{"s":200,"i":1}]');
    expect(c.frames[3]).toBe('a[{"s":404,"i":2,"d":"\\"Not found: quote/subscribe\\""}]');
    expect(c.frames[4]).toMatch(/^a\[\{"s":400,"i":3,"d":"Invalid JSON: /);
    expect(c.frames[5]).toBe('a[{"s":404,"i":4,"d":"\\"Not found: authorize\\""}]');
  });
});

describe("exact timing over real sockets, on a virtual clock", () => {
  test("at 10x each quote arrives exactly at response + recorded offset / 10, not a ms before", async () => {
    const timer = new VirtualTimer();
    const s = await start({ speed: 10, timer });
    const md = await connect(s.urls.md);
    let barrierId = 1000;
    // A request the server answers at once: when its answer arrives, so has everything before it.
    const barrier = async () => {
      const id = ++barrierId;
      md.send(`tapedeck/barrier\n${id}\n\n`);
      await md.until((f) => f.some((x) => x.includes(`"i":${id},`)));
    };
    md.send("authorize\n0\n\nt");
    md.send(SUB_QUOTE(1));
    await md.until((f) => f.some((x) => x.includes('"i":1,')));
    const quotesSoFar = () => count('"quotes"')(md.frames);
    let now = 0;
    for (const [k, at] of [10, 50, 78, 100].entries()) {
      timer.advance(at - 1 - now);
      now = at - 1;
      await barrier();
      expect(quotesSoFar()).toBe(k);
      timer.advance(1);
      now = at;
      await barrier();
      expect(quotesSoFar()).toBe(k + 1);
    }
    expect(messageTexts(md.frames).filter((m) => m.includes('"quotes"'))).toEqual(EXPECTED.quotes);
    md.close();
  });
});
