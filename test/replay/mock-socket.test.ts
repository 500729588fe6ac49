import { Server, WebSocket } from "mock-socket";
import { afterEach, describe, expect, test } from "vitest";
import { createReplayHub } from "../../src/replay/engine.js";
import { serveOnMockSocket } from "../../src/replay/mock-socket.js";
import { EXPECTED } from "./fixture-tape.js";
import { demoIndex } from "./harness.js";

const MD = "wss://md.tradovateapi.com/v1/websocket";
let server: Server | undefined;
afterEach(() => {
  server?.stop();
  server = undefined;
});

describe("mock-socket adapter", () => {
  test("a client on a mocked WebSocket gets the tape's quotes, no network involved", async () => {
    const hub = createReplayHub(await demoIndex(), "connection", {
      speed: "max",
      silentTimeoutMs: 0,
    });
    server = new Server(MD);
    serveOnMockSocket(hub, { md: server });
    const ws = new WebSocket(MD);
    const frames: string[] = [];
    const done = new Promise<void>((resolve) => {
      ws.onmessage = (e: MessageEvent) => {
        frames.push(String(e.data));
        if (e.data === "o") {
          ws.send("authorize\n0\n\ntoken");
          ws.send('md/subscribeQuote\n1\n\n{"symbol":"ESZ5"}');
        }
        if (frames.filter((f) => f.includes('"quotes"')).length === EXPECTED.quotes.length)
          resolve();
      };
    });
    await done;
    expect(frames.slice(0, 3)).toEqual(["o", 'a[{"s":200,"i":0}]', 'a[{"s":200,"i":1,"d":{}}]']);
    expect(frames.filter((f) => f.includes('"quotes"')).map((f) => f.slice(2, -1))).toEqual(
      EXPECTED.quotes,
    );
    ws.close();
    hub.close();
  });
});
