/**
 * The protocol sessions over in-memory sockets on a virtual clock: Tradovate authorize,
 * heartbeat and subscriptions; drops, gaps and reconnects with backoff; Trade Manager AUTH/PING
 * and its fatal errors. Every frame is checked in the tape actually written.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { tradeManagerSession } from "../../src/protocols/trademanager/live/session.js";
import { tradovateSession } from "../../src/protocols/tradovate/live/socket-session.js";
import { backoffDelay, seededRandom } from "../../src/record/backoff.js";
import { Recording } from "../../src/record/recording.js";
import {
  type LiveConnection,
  type SessionHandler,
  SocketSource,
} from "../../src/record/socket-source.js";
import type { TapeEvent } from "../../src/tape/events.js";
import { readTapeAll } from "../../src/tape/reader.js";
import { fakeSockets } from "./fake-socket.js";
import { VirtualTimers } from "./virtual-timers.js";

const tmp = () => mkdtempSync(join(tmpdir(), "tapedeck-rec-"));

type SessionFactory = (timers: VirtualTimers) => (conn: LiveConnection) => SessionHandler;

async function setup(make: SessionFactory, seed = 1) {
  const timers = new VirtualTimers();
  const recording = await Recording.open({ dir: tmp(), label: "t", timers });
  const { factory, sockets } = fakeSockets();
  const fatal: string[] = [];
  const logs: string[] = [];
  const source = new SocketSource({
    name: "md",
    url: () => "wss://md.tradovateapi.com/v1/websocket",
    proto: "tradovate",
    role: "md",
    recording,
    timers,
    random: seededRandom(seed),
    socket: factory,
    session: make(timers),
    log: (l) => logs.push(l),
    onFatal: (r) => fatal.push(r),
  });
  const started = source.start();
  sockets[0]!.serverOpen();
  await started;
  const events = async () => {
    await recording.finish();
    return (await readTapeAll(recording.path)).events;
  };
  return { timers, recording, sockets, source, fatal, logs, events };
}

const texts = (events: TapeEvent[], k: "send" | "recv", c?: number) =>
  events
    .filter((e) => e.k === k && (c === undefined || e.c === c))
    .map((e) => ("text" in e ? e.text : ""));

const mdSession: SessionFactory = (timers) =>
  tradovateSession({
    token: () => "md-token-abcdefgh",
    timers,
    requests: () => [
      { endpoint: "md/subscribeQuote", body: { symbol: "ESZ5" } },
      { endpoint: "md/subscribeDOM", body: { symbol: "ESZ5" } },
    ],
  });

describe("Tradovate session", () => {
  test("authorize on o, subscriptions after ok, [] every 2.5 s exactly", async () => {
    const s = await setup(mdSession);
    const ws = s.sockets[0]!;
    expect(ws.sent).toEqual([]);
    ws.serverSend("o");
    expect(ws.sent).toEqual(["authorize\n0\n\nmd-token-abcdefgh"]);
    ws.serverSend('a[{"s":200,"i":0}]');
    expect(ws.sent.slice(1)).toEqual([
      'md/subscribeQuote\n1\n\n{"symbol":"ESZ5"}',
      'md/subscribeDOM\n2\n\n{"symbol":"ESZ5"}',
    ]);
    s.timers.advance(2499);
    expect(ws.sent.filter((x) => x === "[]")).toHaveLength(0);
    s.timers.advance(1);
    expect(ws.sent.filter((x) => x === "[]")).toHaveLength(1);
    s.timers.advance(2500 * 3);
    expect(ws.sent.filter((x) => x === "[]")).toHaveLength(4);
    await s.source.stop();
    s.timers.advance(10_000);
    expect(ws.sent.filter((x) => x === "[]")).toHaveLength(4);
    const events = await s.events();
    // The tape holds the token masked, and every frame in the order it happened.
    expect(texts(events, "send").slice(0, 3)).toEqual([
      "authorize\n0\n\n«secret:1»",
      'md/subscribeQuote\n1\n\n{"symbol":"ESZ5"}',
      'md/subscribeDOM\n2\n\n{"symbol":"ESZ5"}',
    ]);
    expect(texts(events, "recv")).toEqual(["o", 'a[{"s":200,"i":0}]']);
    expect(events.at(-1)).toMatchObject({ k: "close", c: 1, code: 1000, by: "local" });
  });

  test("a drop writes close and gap, reconnects after the seeded backoff as a new c, re-subscribes", async () => {
    const s = await setup(mdSession, 99);
    const first = s.sockets[0]!;
    first.serverSend("o");
    first.serverSend('a[{"s":200,"i":0}]');
    first.serverSend('a[{"e":"md","d":{"quotes":[]}}]');
    first.serverClose(1006);
    expect(s.sockets).toHaveLength(1);
    const delay = backoffDelay(0, seededRandom(99));
    s.timers.advance(delay - 1);
    expect(s.sockets).toHaveLength(1);
    s.timers.advance(1);
    expect(s.sockets).toHaveLength(2);
    const second = s.sockets[1]!;
    second.serverOpen();
    second.serverSend("o");
    second.serverSend('a[{"s":200,"i":0}]');
    // Drop before open: still down, the next delay is the second backoff step.
    await s.source.stop();
    const events = await s.events();
    const kinds = events.map((e) => `${e.k}${"c" in e && e.c !== undefined ? e.c : ""}`);
    expect(kinds).toEqual([
      "open1",
      "recv1",
      "send1",
      "recv1",
      "send1",
      "send1",
      "recv1",
      "close1",
      "open2",
      "gap1",
      "recv2",
      "send2",
      "recv2",
      "send2",
      "send2",
      "close2",
    ]);
    const gap = events.find((e) => e.k === "gap");
    expect(gap).toMatchObject({ c: 1, ms: delay });
    expect(events.find((e) => e.k === "close")).toMatchObject({ c: 1, code: 1006, by: "server" });
    // No frame before the drop is lost: the md event is there.
    expect(texts(events, "recv", 1)).toContain('a[{"e":"md","d":{"quotes":[]}}]');
    expect(texts(events, "send", 2)).toEqual(texts(events, "send", 1));
    expect(s.logs.some((l) => l.includes(`reconnecting in ${delay} ms`))).toBe(true);
  });

  test("stopping while waiting to reconnect writes the gap and connects no more", async () => {
    const s = await setup(mdSession);
    s.sockets[0]!.serverClose(1001, "going away");
    await s.source.stop();
    s.timers.advance(120_000);
    expect(s.sockets).toHaveLength(1);
    const events = await s.events();
    expect(events.map((e) => e.k)).toEqual(["open", "close", "gap"]);
    expect(events[2]).toMatchObject({ k: "gap", c: 1 });
    expect((events[2] as { reason: string }).reason).toMatch(/stopped while reconnecting/);
  });

  test("an authorize refusal is reported; the session does not subscribe", async () => {
    const refused: number[] = [];
    const s = await setup((timers) =>
      tradovateSession({
        token: () => "tok-expired-123456",
        timers,
        requests: () => [{ endpoint: "md/subscribeQuote", body: { symbol: "ESZ5" } }],
        refused: (_c, st) => refused.push(st),
      }),
    );
    const ws = s.sockets[0]!;
    ws.serverSend("o");
    ws.serverSend('a[{"s":401,"i":0,"d":"Access is denied"}]');
    expect(refused).toEqual([401]);
    expect(ws.sent).toEqual(["authorize\n0\n\ntok-expired-123456"]);
    await s.source.stop();
  });
});

describe("Trade Manager session", () => {
  const tm: SessionFactory = (timers) =>
    tradeManagerSession({ user: "alice", token: "tm-session-0123456789", timers });

  test("AUTH on open, PING every 25 s", async () => {
    const s = await setup(tm);
    const ws = s.sockets[0]!;
    expect(ws.sent).toEqual(['{"type":"AUTH","user":"alice","token":"tm-session-0123456789"}']);
    s.timers.advance(24_999);
    expect(ws.sent).toHaveLength(1);
    s.timers.advance(1);
    expect(ws.sent.slice(1)).toEqual(['{"type":"PING"}']);
    s.timers.advance(50_000);
    expect(ws.sent).toHaveLength(4);
    await s.source.stop();
    const events = await s.events();
    expect(texts(events, "send")[0]).toBe('{"type":"AUTH","user":"alice","token":"«secret:1»"}');
  });

  test('"Logged in from another location" stops the source: no reconnect', async () => {
    const s = await setup(tm);
    s.sockets[0]!.serverSend('{"type":"ERROR","data":"Logged in from another location"}');
    expect(s.fatal).toHaveLength(1);
    expect(s.fatal[0]).toMatch(/another location/);
    s.timers.advance(600_000);
    expect(s.sockets).toHaveLength(1);
    const events = await s.events();
    expect(events.map((e) => e.k)).toEqual(["open", "send", "recv", "mark", "close"]);
    expect(events.at(-1)).toMatchObject({ by: "local", code: 1000 });
  });
});
