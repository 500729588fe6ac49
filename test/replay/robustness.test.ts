/** Bad input never kills the server; control endpoint; sessions; token expiry. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { connect as tcpConnect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, test } from "vitest";
import {
  type ReplayServer,
  type ReplayServerOptions,
  startReplayServer,
} from "../../src/replay/server.js";
import { VirtualTimer } from "../../src/replay/timer.js";
import type { EventInput, TapeEvent } from "../../src/tape/events.js";
import { serializeEvent, serializeHeader } from "../../src/tape/line.js";
import { readTapeAll } from "../../src/tape/reader.js";
import { EXPECTED, writeDemoTape } from "./fixture-tape.js";
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
  server = await startReplayServer({ tapes: [tape], speed: 10, maxPayload: 4096, ...opts });
  return server;
}
const quotes = (frames: string[]) => messageTexts(frames).filter((m) => m.includes('"quotes"'));

describe("a barrage of bad input", () => {
  test("every bad frame gets a protocol answer or a clean close; another client's stream completes intact", async () => {
    const s = await start();
    const good = await connect(s.urls.md);
    good.send("authorize\n0\n\ngood");
    await good.until((f) => f.includes('a[{"s":200,"i":0}]'));

    // Half-open: a TCP connection that starts an upgrade and never finishes it.
    const port = Number(new URL(s.urls.http).port);
    const half = tcpConnect(port, "127.0.0.1");
    await new Promise((r) => half.once("connect", r));
    half.write("GET /md/v1/websocket HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n");

    const closes: Array<Promise<{ code: number }>> = [];
    const binary = await connect(s.urls.md);
    binary.send(Buffer.from([0xff, 0x00, 0x13, 0x37]), true);
    closes.push(binary.closed);
    const huge = await connect(s.urls.trading);
    huge.send("x".repeat(10_000));
    closes.push(huge.closed);
    const badUtf8 = await connect(s.urls.md);
    badUtf8.ws.send(Buffer.from([0x61, 0xc3, 0x28]), { binary: false });
    closes.push(badUtf8.closed);

    const noisy = await connect(s.urls.md);
    const junk = [
      "",
      "\n\n\n",
      "authorize",
      "md/subscribeQuote\nabc\n\n{}",
      "a[1,2",
      "{'symbol':1}",
      "\u0000\u0001",
      "md/x\n99999999999999999999\n\n",
    ];
    for (const j of junk) noisy.send(j);
    noisy.send("authorize\n1\n\nt");
    noisy.send("md/subscribeQuote\n2\n\n{bad json");
    const tm = await connect(s.urls.trademanager);
    tm.send("not json at all");
    tm.send(
      JSON.stringify({
        type: "CLOSE_TRADE",
        strat_name: "x",
        ticker: "y",
        timeframe: "1",
        token: "t",
        user: "u",
      }),
    );
    closes.push(tm.closed);

    good.send('md/subscribeQuote\n1\n\n{"symbol":"ESZ5"}');
    await good.until((f) => quotes(f).length === EXPECTED.quotes.length);
    expect(quotes(good.frames)).toEqual(EXPECTED.quotes);

    const codes = (await Promise.all(closes)).map((c) => c.code);
    expect(codes).toEqual([1003, 1009, 1007, 1008]);
    await noisy.until((f) => f.some((x) => x.includes('"i":2')));
    expect(noisy.frames).toContain('a[{"s":200,"i":1}]');
    expect(noisy.frames.find((x) => x.includes('"i":2'))).toMatch(
      /^a\[\{"s":400,"i":2,"d":"Invalid JSON: /,
    );
    expect(noisy.ws.readyState).toBe(noisy.ws.OPEN);
    expect(tm.frames).toHaveLength(2);
    expect(JSON.parse(tm.frames[0]!).type).toBe("ERROR");
    expect(JSON.parse(tm.frames[1]!)).toEqual({ type: "ERROR", data: "Unauthorized access" });

    // Still serving new clients.
    const after = await connect(s.urls.md);
    after.send("authorize\n0\n\nt");
    await after.until((f) => f.includes('a[{"s":200,"i":0}]'));
    half.destroy();
    for (const c of [good, noisy, after]) c.close();
  });
});

describe("sessions", () => {
  test("clients get their own sessions; ?session= joins a named one", async () => {
    const s = await start({ speed: "max" });
    const a = await connect(s.urls.md);
    const b = await connect(s.urls.md);
    const c1 = await connect(`${s.urls.trading}?session=shared-1`);
    const c2 = await connect(`${s.urls.md}?session=shared-1`);
    for (const c of [a, b, c1, c2]) c.send(`authorize\n0\n\ntoken-${Math.random()}`);
    for (const c of [a, b, c1, c2]) await c.until((f) => f.includes('a[{"s":200,"i":0}]'));
    const keys = s.hubs[0]!.sessions()
      .map((x) => x.key)
      .sort();
    expect(keys).toHaveLength(3);
    expect(keys).toContain("shared-1");
    for (const c of [a, b]) c.send('md/subscribeQuote\n1\n\n{"symbol":"ESZ5"}');
    await a.until((f) => quotes(f).length === 4);
    await b.until((f) => quotes(f).length === 4);
    expect(quotes(a.frames)).toEqual(quotes(b.frames));
    for (const c of [a, b, c1, c2]) c.close();
  });
});

describe("several tapes", () => {
  test("?tape=2 serves the second tape", async () => {
    const lines = [
      serializeHeader({ tape: 1, id: "two", started: "2026-11-25T14:03:07.000000Z", tool: "test" }),
    ];
    const quote =
      '{"e":"md","d":{"quotes":[{"timestamp":"2026-11-25T14:03:07.000Z","contractId":3001,"entries":{"Bid":{"price":1234.5,"size":1}}}]}}';
    const events: EventInput[] = [
      {
        t: 0,
        k: "open",
        c: 1,
        url: "wss://md.tradovateapi.com/v1/websocket",
        proto: "tradovate",
        role: "md",
      },
      { t: 1, k: "send", c: 1, text: 'md/subscribeQuote\n1\n\n{"symbol":"ESZ5"}' },
      { t: 2, k: "recv", c: 1, text: 'a[{"s":200,"i":1,"d":{}}]' },
      { t: 3, k: "recv", c: 1, text: `a[${quote}]` },
    ];
    for (const [k, e] of events.entries())
      lines.push(serializeEvent({ seq: k + 1, ...e } as TapeEvent));
    const second = join(mkdtempSync(join(tmpdir(), "tapedeck-replay-")), "two.tape.jsonl");
    writeFileSync(second, `${lines.join("\n")}\n`);
    const s = await start({ tapes: [tape, second], speed: "max" });
    const c = await connect(`${s.urls.md}?tape=2`);
    c.send("authorize\n0\n\nt");
    c.send('md/subscribeQuote\n1\n\n{"symbol":"ESZ5"}');
    await c.until((f) => f.some((x) => x.includes('"quotes"')));
    expect(quotes(c.frames)).toEqual([quote]);
    expect(s.hubs[1]!.sessions()).toHaveLength(1);
    expect(s.hubs[0]!.sessions()).toHaveLength(0);
    c.close();
  });
});

describe("control endpoint", () => {
  test("status, pause, speed, seek, and errors", async () => {
    const s = await start({ speed: 1 });
    const c = await connect(s.urls.md);
    c.send("authorize\n0\n\nt");
    await c.until((f) => f.includes('a[{"s":200,"i":0}]'));
    const post = async (cmd: string, body: unknown) => {
      const r = await fetch(`${s.urls.control}/${cmd}`, {
        method: "POST",
        body: JSON.stringify(body),
      });
      return { status: r.status, body: (await r.json()) as Record<string, unknown> };
    };
    const status = (await (await fetch(`${s.urls.control}/status`)).json()) as {
      sessions: Array<Record<string, unknown>>;
    };
    expect(status.sessions).toHaveLength(1);
    expect(status.sessions[0]).toEqual(expect.objectContaining({ speed: 1, paused: false }));
    expect((await post("pause", {})).body.sessions).toEqual([
      expect.objectContaining({ paused: true }),
    ]);
    expect((await post("speed", { speed: "max" })).body.sessions).toEqual([
      expect.objectContaining({ speed: "max" }),
    ]);
    expect((await post("resume", {})).body.sessions).toEqual([
      expect.objectContaining({ paused: false }),
    ]);
    expect((await post("seek", { seq: 3 })).status).toBe(200);
    expect((await post("seek", { seq: 99_999 })).status).toBe(400);
    const iso = await post("seek", { t: "2026-11-25T14:03:08.000Z" });
    expect(iso.body.sessions).toEqual([expect.objectContaining({ tapeUs: 1_000_000 })]);
    expect((await post("seek", { t: "yesterday" })).status).toBe(400);
    expect((await post("speed", { speed: 1000 })).status).toBe(400);
    expect((await post("explode", {})).status).toBe(404);
    const r = await fetch(`${s.urls.control}/pause`, { method: "POST", body: "{nope" });
    expect(r.status).toBe(400);
    c.close();
  });
});

describe("token expiry fault", () => {
  test("REST refuses expired tokens and renewals; a new login works; open sockets stay authorized", async () => {
    const timer = new VirtualTimer();
    const s = await start({ timer, faults: ["token-expiry:at=1000"] });
    const login = async () =>
      (await (
        await fetch(`${s.urls.http}/auth/accesstokenrequest`, {
          method: "POST",
          body: '{"name":"alice"}',
        })
      ).json()) as { accessToken: string };
    const { accessToken } = await login();
    const list = (token: string) =>
      fetch(`${s.urls.http}/account/list`, { headers: { authorization: `Bearer ${token}` } });
    expect((await list(accessToken)).status).toBe(200);
    const sock = await connect(s.urls.trading);
    sock.send(`authorize\n0\n\n${accessToken}`);
    await sock.until((f) => f.includes('a[{"s":200,"i":0}]'));
    timer.advance(1000);
    expect((await list(accessToken)).status).toBe(401);
    const renew = await fetch(`${s.urls.http}/auth/renewaccesstoken`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(renew.status).toBe(401);
    const fresh = await login();
    expect((await list(fresh.accessToken)).status).toBe(200);
    sock.send("account/list\n1\n\n");
    await sock.until((f) => f.some((x) => x.includes('"i":1')));
    expect(sock.frames.find((x) => x.includes('"i":1'))).toMatch(/^a\[\{"s":200,"i":1,"d":\[/);
    sock.close();
  });
});

describe("backpressure over a real socket", () => {
  test("a client that stops reading holds its session (bounded buffer); it gets everything once it reads", async () => {
    const N = 5000;
    const pad = "x".repeat(2000);
    const lines = [
      serializeHeader({ tape: 1, id: "big", started: "2026-11-25T14:03:07.000000Z", tool: "test" }),
    ];
    let seq = 0;
    const ev = (e: EventInput) => lines.push(serializeEvent({ seq: ++seq, ...e } as TapeEvent));
    ev({
      t: 0,
      k: "open",
      c: 1,
      url: "wss://md.tradovateapi.com/v1/websocket",
      proto: "tradovate",
      role: "md",
    });
    ev({ t: 1, k: "send", c: 1, text: 'md/subscribeQuote\n1\n\n{"symbol":3001}' });
    ev({ t: 2, k: "recv", c: 1, text: 'a[{"s":200,"i":1,"d":{}}]' });
    for (let k = 0; k < N; k++) {
      const q = {
        timestamp: "2026-11-25T14:03:07.000Z",
        contractId: 3001,
        entries: { Bid: { price: 6000 + k, size: 1 } },
        pad,
      };
      ev({
        t: 10 + k,
        k: "recv",
        c: 1,
        text: `a[${JSON.stringify({ e: "md", d: { quotes: [q] } })}]`,
      });
    }
    const big = join(mkdtempSync(join(tmpdir(), "tapedeck-replay-")), "big.tape.jsonl");
    writeFileSync(big, `${lines.join("\n")}\n`);
    server = await startReplayServer({ tapes: [big], speed: "max", backpressureBytes: 64 * 1024 });
    const c = await connect(server.urls.md);
    const raw = (c.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    c.send("authorize\n0\n\nt");
    await c.until((f) => f.includes('a[{"s":200,"i":0}]'));
    raw.pause();
    c.send('md/subscribeQuote\n1\n\n{"symbol":3001}');
    const status = async () =>
      (
        (await (await fetch(`${server!.urls.control}/status`)).json()) as {
          sessions: Array<{ held: boolean; framesSent: number }>;
        }
      ).sessions[0];
    let st = await status();
    for (let k = 0; k < 200 && !st?.held; k++) {
      await new Promise((r) => setTimeout(r, 10));
      st = await status();
    }
    expect(st?.held).toBe(true);
    expect(st!.framesSent).toBeLessThan(N);
    raw.resume();
    await c.until((f) => f.filter((x) => x.includes('"quotes"')).length === N, 20_000);
    c.close();
  });
});

describe("recording what the replay did", () => {
  test("frames both ways, REST, fired faults as marks; issued tokens redacted", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "tapedeck-replay-")), "served.tape.jsonl");
    const s = await start({ speed: "max", record: out, faults: ["duplicate:p=1,role=md"] });
    const auth = (await (
      await fetch(`${s.urls.http}/auth/accesstokenrequest`, {
        method: "POST",
        body: '{"name":"alice"}',
      })
    ).json()) as { accessToken: string };
    const c = await connect(s.urls.md);
    c.send(`authorize\n0\n\n${auth.accessToken}`);
    c.send('md/subscribeQuote\n1\n\n{"symbol":"ESZ5"}');
    await c.until((f) => quotes(f).length === 2 * EXPECTED.quotes.length);
    c.close();
    await c.closed;
    await s.close();
    server = undefined;
    const { events } = await readTapeAll(out);
    const text = JSON.stringify(events);
    expect(text).not.toContain(auth.accessToken);
    expect(events.find((e) => e.k === "open")).toEqual(
      expect.objectContaining({ role: "md", proto: "tradovate" }),
    );
    expect(events.find((e) => e.k === "http")).toEqual(
      expect.objectContaining({ method: "POST", status: 200 }),
    );
    const sent = events.filter((e) => e.k === "send").map((e) => (e as { text: string }).text);
    expect(sent[0]).toMatch(/^authorize\n0\n\n«secret:\d+»$/);
    const recv = events.filter((e) => e.k === "recv").map((e) => (e as { text: string }).text);
    expect(recv[0]).toBe("o");
    expect(recv.filter((r) => r.includes('"quotes"'))).toHaveLength(2 * EXPECTED.quotes.length);
    const marks = events.filter((e) => e.k === "mark");
    expect(marks).toHaveLength(EXPECTED.quotes.length);
    expect(marks[0]).toEqual(expect.objectContaining({ label: "fault:duplicate" }));
    expect(events.at(-1)).toEqual(expect.objectContaining({ k: "close", by: "client" }));
  });
});
