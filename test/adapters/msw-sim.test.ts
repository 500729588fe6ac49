/**
 * tapedeck/msw with the order simulator: an app that logs in and places an order over REST
 * (fetch) gets its fill on the trading socket (the global WebSocket) when the test moves the
 * virtual clock to the quote that reaches its price.
 */
import { join } from "node:path";
import { setupServer } from "msw/node";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type MswTape, tapeHandlers } from "../../src/adapters/msw.js";
import { repoRoot } from "../helpers/cli.js";
import { collectFrames, installGlobalWebSocket, restLogin } from "./helpers.js";

const restoreWebSocket = installGlobalWebSocket();

let tape: MswTape;
let server: ReturnType<typeof setupServer>;

beforeAll(async () => {
  // es-sim: ES quotes at 1..10 s; the bid first reaches 6702.00 at 9 s.
  tape = await tapeHandlers(join(repoRoot, "scenarios/tapes/es-sim.tape.jsonl"), {
    speed: 1,
    sim: { mode: "on" },
  });
  server = setupServer(...tape.handlers);
  server.listen({ onUnhandledRequest: "error" });
});

afterAll(() => {
  server.close();
  tape.close();
  restoreWebSocket();
});

test("a REST order is filled on the virtual clock and its fill reaches the socket", async () => {
  const login = await restLogin(tape.urls.rest);
  const { accessToken } = (await login.json()) as { accessToken: string };
  const socket = new WebSocket(tape.urls.trading);
  const got = collectFrames(socket);
  await got.nth(1);
  socket.send(`authorize\n0\n\n${accessToken}`);
  socket.send('user/syncrequest\n1\n\n{"users":[2330615]}');
  await got.nth(3);

  const placed = await fetch(`${tape.urls.rest}/order/placeorder`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${accessToken}` },
    body: JSON.stringify({
      accountId: 852019,
      action: "Sell",
      symbol: "ESZ6",
      orderQty: 1,
      orderType: "Limit",
      price: 6702,
      isAutomated: true,
    }),
  });
  expect(placed.status).toBe(200);
  const { orderId } = (await placed.json()) as { orderId: number };
  expect(orderId).toBe(1);

  const fills = () =>
    got.frames
      .filter((f) => f.includes('"entityType":"fill"'))
      .map((f) => JSON.parse(f.slice(1))[0].d.entity as { orderId: number; price: number });
  // The clock started with the order at tape 0: up to 8 s no bid or trade reaches 6702.00.
  await tape.advance(8500);
  expect(got.frames.some((f) => f.includes('"ordStatus":"Working"'))).toBe(true);
  expect(fills()).toEqual([]);
  await tape.advance(1000);
  expect(fills().map((f) => `${f.orderId} ${f.price}`)).toEqual(["1 6702"]);

  // The simulated account answers REST reads too.
  const list = await fetch(`${tape.urls.rest}/fill/list`, {
    headers: { authorization: `Bearer ${accessToken}` },
  });
  expect(((await list.json()) as Array<{ price: number }>).map((f) => f.price)).toEqual([6702]);
  socket.close();
});
