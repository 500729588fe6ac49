/**
 * tapedeck/mock-socket: an app on mock-socket's WebSocket gets the tape's frames on Tradovate's
 * own URL, timed by the virtual clock the test moves (nothing sleeps; mock-socket's own event
 * dispatch is awaited through the client's events).
 */
import { join } from "node:path";
import { WebSocket as MockWebSocket } from "mock-socket";
import { afterEach, expect, test } from "vitest";
import { type MockSocketTape, replayOnMockSocket } from "../../src/adapters/mock-socket.js";
import { repoRoot } from "../helpers/cli.js";

const tapePath = join(repoRoot, "scenarios/tapes/es-long.tape.jsonl");
let tape: MockSocketTape | undefined;
afterEach(() => tape?.close());

/** A minimal app: connects, authorizes, syncs, and keeps every frame it receives. */
function app(url: string) {
  const frames: string[] = [];
  const ws = new MockWebSocket(url);
  const opened = new Promise<void>((resolve) => ws.addEventListener("open", () => resolve()));
  let waiter: { n: number; resolve: () => void } | undefined;
  ws.addEventListener("message", (e) => {
    frames.push(String((e as MessageEvent).data));
    if (waiter && frames.length >= waiter.n) waiter.resolve();
  });
  const frameCount = (n: number) =>
    new Promise<void>((resolve) => {
      if (frames.length >= n) resolve();
      else waiter = { n, resolve };
    });
  return { ws, frames, opened, frameCount };
}

test("the trading socket replays the tape's answers and fills, in order", async () => {
  tape = await replayOnMockSocket(tapePath);
  const a = app(tape.urls.trading);
  await a.opened;
  await a.frameCount(1);
  expect(a.frames).toEqual(["o"]);
  a.ws.send("authorize\n0\n\nany-token");
  await a.frameCount(2);
  expect(a.frames[1]).toBe('a[{"s":200,"i":0}]');
  a.ws.send('user/syncrequest\n1\n\n{"users":[2330615]}');
  await a.frameCount(3);
  expect(a.frames[2]).toMatch(/^a\[\{"s":200,"i":1,"d":\{"users"/);
  // At max speed the stream waits only for the clock to be moved at all.
  expect(a.frames).toHaveLength(3);
  const flushed = tape.flush();
  // mock-socket hands server frames to the client synchronously: what flush sent is there now.
  expect(a.frames).toHaveLength(6);
  await flushed;
  const fills = a.frames
    .slice(3)
    .map((f) => JSON.parse(f.slice(1))[0].d.entity as { id: number; action: string });
  expect(fills.map((f) => `${f.id} ${f.action}`)).toEqual(["5001 Buy", "5002 Sell", "5003 Buy"]);
});

test("at 1x the fills wait for the virtual clock", async () => {
  tape = await replayOnMockSocket(tapePath, { speed: 1 });
  const a = app(tape.urls.trading);
  await a.opened;
  a.ws.send("authorize\n0\n\nany-token");
  a.ws.send('user/syncrequest\n1\n\n{"users":[2330615]}');
  await a.frameCount(3);
  await tape.flush();
  // The first fill was recorded 1.8 s after the snapshot: nothing yet.
  await tape.advance(1000);
  expect(a.frames.filter((f) => f.includes('"fill"'))).toHaveLength(0);
  await tape.advance(1000);
  expect(a.frames.filter((f) => f.includes('"fill"'))).toHaveLength(1);
  await tape.advance(10_000);
  expect(a.frames.filter((f) => f.includes('"fill"'))).toHaveLength(3);
});

test("an order the app places is filled by the simulator on the virtual clock", async () => {
  // es-sim: ES quotes at 1..10 s; the 5 s quote is the first to offer at 6700.00.
  tape = await replayOnMockSocket(join(repoRoot, "scenarios/tapes/es-sim.tape.jsonl"), {
    speed: 1,
    sim: { fillModel: "touch" },
  });
  const a = app(tape.urls.trading);
  await a.opened;
  a.ws.send("authorize\n0\n\nany-token");
  a.ws.send('user/syncrequest\n1\n\n{"users":[2330615]}');
  await a.frameCount(3);
  const order = {
    accountId: 852019,
    action: "Buy",
    symbol: "ESZ6",
    orderQty: 1,
    orderType: "Limit",
    price: 6700,
    isAutomated: true,
  };
  a.ws.send(`order/placeorder\n2\n\n${JSON.stringify(order)}`);
  await a.frameCount(4);
  await tape.flush();
  expect(a.frames).toContain('a[{"s":200,"i":2,"d":{"orderId":1}}]');
  const fills = () =>
    a.frames
      .filter((f) => f.includes('"entityType":"fill"'))
      .map((f) => JSON.parse(f.slice(1))[0].d.entity as { price: number; timestamp: string });
  // The clock started with the order at tape 0; the quotes at 1..4 s offer above 6700.00.
  await tape.advance(5000);
  expect(fills()).toEqual([]);
  await tape.advance(1000);
  expect(fills().map((f) => `${f.price} ${f.timestamp}`)).toEqual([
    "6700 2026-11-20T14:30:05.000Z",
  ]);
  expect(a.frames.some((f) => f.includes('"ordStatus":"Filled"'))).toBe(true);
});
