/**
 * recordTradovate over in-memory sockets and a fake fetch, on a virtual clock: which sockets
 * open, what they send, how symbols resolve when the venue cannot answer, and the login-again
 * path when a socket's authorize is refused (a token expiry), then giving up on a second refusal.
 */
import { join } from "node:path";
import { expect, test, vi } from "vitest";
import type { FetchLike } from "../../src/protocols/tradovate/live/http.js";
import { seededRandom } from "../../src/record/backoff.js";
import { recordTradovate } from "../../src/record/tradovate.js";
import { readTapeAll } from "../../src/tape/reader.js";
import { fakeSockets } from "./fake-socket.js";
import { tmpDir } from "./harness.js";
import { VirtualTimers } from "./virtual-timers.js";

const CREDENTIALS = {
  name: "alice",
  password: "Pa55word-horse-battery",
  appId: "a",
  appVersion: "1",
  cid: "1",
  sec: "sec-0123456789abcdef",
};

function setup() {
  const timers = new VirtualTimers();
  const logins: number[] = [];
  const fakeFetch: FetchLike = async (url) => {
    if (url.endsWith("/auth/accesstokenrequest")) {
      logins.push(timers.now());
      const n = logins.length;
      return Response.json({
        accessToken: `access-token-number-${n}`,
        mdAccessToken: `md-token-number-${n}`,
        expirationTime: new Date(timers.now() + 90 * 60_000).toISOString(),
        userId: 42,
      });
    }
    return Response.json("Not found", { status: 404 });
  };
  const { factory, sockets } = fakeSockets();
  const dir = tmpDir();
  const path = join(dir, "t.tape.jsonl");
  const start = (symbols: string[], user: boolean) =>
    recordTradovate({
      env: "demo",
      baseUrl: "https://demo.tradovateapi.com/v1",
      mdUrl: "wss://md.tradovateapi.com/v1/websocket",
      credentials: CREDENTIALS,
      symbols,
      md: { quotes: true, dom: false, histogram: false, chartBars: 1 },
      user,
      tape: { dir, label: "t", path },
      timers,
      random: seededRandom(5),
      socket: factory,
      fetch: fakeFetch,
      log: () => {},
    });
  return { timers, logins, sockets, start, path };
}

test("sockets per flags; dated names as given, continuous names fall back to the local roll rule", async () => {
  const s = setup();
  const started = s.start(["NQZ2026", "ES1!"], false);
  await vi.waitFor(() => expect(s.sockets).toHaveLength(1));
  expect(s.sockets[0]!.url).toBe("wss://md.tradovateapi.com/v1/websocket");
  s.sockets[0]!.serverOpen();
  const active = await started;
  const md = s.sockets[0]!;
  md.serverSend("o");
  md.serverSend('a[{"s":200,"i":0}]');
  expect(md.sent).toEqual([
    "authorize\n0\n\nmd-token-number-1",
    'md/subscribeQuote\n1\n\n{"symbol":"NQZ6"}',
    'md/subscribeQuote\n2\n\n{"symbol":"ESZ6"}',
  ]);
  await active.stop();
  const { events } = await readTapeAll(s.path);
  expect(events.find((e) => e.k === "mark")).toMatchObject({
    label: "symbols resolved",
    data: [
      { requested: "NQZ2026", symbol: "NQZ6", source: "name" },
      { requested: "ES1!", symbol: "ESZ6", source: "local" },
    ],
  });
  // The venue was asked (and said 404) before the local rule was used.
  expect(events.filter((e) => e.k === "http").map((e) => e.k === "http" && e.status)).toEqual([
    200, 404,
  ]);
});

test("authorize refused: log in again, reconnect with the new token; refused twice: give up", async () => {
  const s = setup();
  const started = s.start([], true);
  await vi.waitFor(() => expect(s.sockets).toHaveLength(1));
  expect(s.sockets[0]!.url).toBe("wss://demo.tradovateapi.com/v1/websocket");
  s.sockets[0]!.serverOpen();
  const active = await started;
  const first = s.sockets[0]!;
  first.serverSend("o");
  expect(first.sent).toEqual(["authorize\n0\n\naccess-token-number-1"]);
  first.serverSend('a[{"s":401,"i":0,"d":"Invalid access token"}]');
  await vi.waitFor(() => expect(s.logins).toHaveLength(2));
  await vi.waitFor(() => expect(first.readyState).toBe(3));
  s.timers.advance(30_000);
  expect(s.sockets).toHaveLength(2);
  const second = s.sockets[1]!;
  second.serverOpen();
  second.serverSend("o");
  second.serverSend('a[{"s":200,"i":0}]');
  expect(second.sent).toEqual([
    "authorize\n0\n\naccess-token-number-2",
    'user/syncrequest\n1\n\n{"users":[42]}',
  ]);
  // Refusals after a success start counting again; two in a row end the recording.
  second.serverClose(1006);
  s.timers.advance(30_000);
  const third = s.sockets[2]!;
  third.serverOpen();
  third.serverSend("o");
  third.serverSend('a[{"s":401,"i":0}]');
  await vi.waitFor(() => expect(s.logins).toHaveLength(3));
  await vi.waitFor(() => expect(third.readyState).toBe(3));
  s.timers.advance(30_000);
  const fourth = s.sockets[3]!;
  fourth.serverOpen();
  fourth.serverSend("o");
  fourth.serverSend('a[{"s":401,"i":0}]');
  await expect(active.failed).resolves.toMatch(/authorize refused twice/);
  s.timers.advance(600_000);
  expect(s.sockets).toHaveLength(4);
  await active.stop();
  const { events } = await readTapeAll(s.path);
  expect(events.filter((e) => e.k === "open")).toHaveLength(4);
  expect(events.filter((e) => e.k === "gap")).toHaveLength(3);
  expect(events.some((e) => e.k === "mark" && e.label === "source stopped")).toBe(true);
});
