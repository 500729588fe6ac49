/**
 * tapedeck/msw: an app that logs in over REST (fetch) and reads its trading socket (the global
 * WebSocket) gets the tape's answers through msw's handlers, timed by the virtual clock.
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
  tape = await tapeHandlers(join(repoRoot, "recordings/demo/2026-11-20T14-30-00Z_demo.tape.jsonl"));
  server = setupServer(...tape.handlers);
  server.listen({ onUnhandledRequest: "error" });
});

afterAll(() => {
  server.close();
  tape.close();
  restoreWebSocket();
});

test("REST login and the trading socket replay the demo tape", async () => {
  const login = await restLogin(tape.urls.rest);
  expect(login.status).toBe(200);
  const { accessToken, userId } = (await login.json()) as { accessToken: string; userId: number };
  expect(accessToken).toMatch(/.+/);
  expect(userId).toBe(2330615);

  const accounts = await fetch(`${tape.urls.rest}/account/list`, {
    headers: { authorization: `Bearer ${accessToken}` },
  });
  expect(((await accounts.json()) as Array<{ name: string }>)[0]?.name).toBe("DEMO7097031");

  const socket = new WebSocket(tape.urls.trading);
  const got = collectFrames(socket);
  await got.nth(1);
  expect(got.frames[0]).toBe("o");
  socket.send(`authorize\n0\n\n${accessToken}`);
  await got.nth(2);
  expect(got.frames[1]).toBe('a[{"s":200,"i":0}]');
  socket.send(`user/syncrequest\n1\n\n{"users":[${userId}]}`);
  await got.nth(3);
  expect(got.frames[2]).toMatch(/^a\[\{"s":200,"i":1,/);

  // Nothing more until the test moves the clock; then the first fill of the recording arrives.
  await new Promise((resolve) => setImmediate(resolve));
  expect(got.frames).toHaveLength(3);
  const before = got.frames.length;
  await tape.advance(10_000);
  expect(got.frames.length).toBeGreaterThan(before);
  const fill = got.frames.find((f) => f.includes('"entityType":"fill"'));
  expect(fill).toContain('"id":1790552046');
  socket.close();
});
