/**
 * The README's "Use a tape in your own tests" example, line for line (imports from src instead
 * of the package name), with a small bot standing in for the user's code.
 */
import { setupServer } from "msw/node";
import { afterAll, expect, test } from "vitest";
import { WebSocket as WsWebSocket } from "ws";
import { tapeHandlers } from "../../src/adapters/msw.js";

const g = globalThis as { WebSocket?: unknown };
const hadWebSocket = "WebSocket" in g;
if (!hadWebSocket) g.WebSocket = WsWebSocket;
const servers: Array<ReturnType<typeof setupServer>> = [];
afterAll(() => {
  for (const s of servers) s.close();
  if (!hadWebSocket) delete g.WebSocket;
});

/** The user's bot: logs in over REST, syncs its trading socket, keeps the fills it is sent. */
async function startMyBot() {
  const fills: unknown[] = [];
  const login = await fetch("https://demo.tradovateapi.com/v1/auth/accesstokenrequest", {
    method: "POST",
    body: JSON.stringify({ name: "me", password: "secret" }),
  });
  const { accessToken, userId } = (await login.json()) as { accessToken: string; userId: number };
  const socket = new WebSocket("wss://demo.tradovateapi.com/v1/websocket");
  const synced = new Promise<void>((resolve) => {
    socket.addEventListener("message", (e) => {
      const text = String(e.data);
      if (text === "o") socket.send(`authorize\n0\n\n${accessToken}`);
      if (text === 'a[{"s":200,"i":0}]')
        socket.send(`user/syncrequest\n1\n\n{"users":[${userId}]}`);
      if (text.startsWith('a[{"s":200,"i":1')) resolve();
      if (text.includes('"entityType":"fill"')) fills.push(JSON.parse(text.slice(1))[0].d.entity);
    });
  });
  await synced;
  return { fills };
}

test("my bot sees the demo fills", async () => {
  const tape = await tapeHandlers("recordings/demo/2026-11-20T14-30-00Z_demo.tape.jsonl");
  servers.push(setupServer(...tape.handlers));
  servers[0]?.listen();
  const bot = await startMyBot();
  await tape.advance(300_000);
  // The demo tape's trading socket carries 28 fill events (and 18 fillPair events).
  expect(bot.fills).toHaveLength(28);
});
