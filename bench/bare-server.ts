/**
 * The throughput baseline: a bare `ws` server that answers authorize and the subscribe like the
 * replay server, then sends the same quote frames back to back as backpressure allows.
 */
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { type WebSocket, WebSocketServer } from "ws";

/** A listening bare server; `url` is its websocket URL. */
export interface BareServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Serves `frames` (already framed, e.g. `a[...]`) to every client after its subscribe, sending
 * until the socket has `bound` bytes queued and continuing on the next turn of the event loop.
 * With `corkFrames`, the TCP socket is corked around every that many sends (one write for
 * them, as the replay server does); without, every send is its own write.
 */
export async function startBareServer(
  frames: readonly string[],
  bound: number,
  corkFrames = 1,
): Promise<BareServer> {
  const wss = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  await new Promise<void>((r) => wss.once("listening", () => r()));
  wss.on("connection", (ws: WebSocket) => {
    ws.send("o");
    ws.on("message", (data) => {
      const text = data.toString();
      if (text.startsWith("authorize")) ws.send('a[{"s":200,"i":0}]');
      else {
        ws.send('a[{"s":200,"i":1,"d":{}}]');
        pump(ws, frames, bound, 0, corkFrames);
      }
    });
  });
  const { port } = wss.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}/md/v1/websocket`,
    close: () => new Promise((r) => wss.close(() => r())),
  };
}

function pump(
  ws: WebSocket,
  frames: readonly string[],
  bound: number,
  from: number,
  corkFrames: number,
): void {
  const raw = (ws as unknown as { _socket: Duplex })._socket;
  let i = from;
  while (i < frames.length && ws.bufferedAmount < bound) {
    if (corkFrames > 1) raw.cork();
    const end = Math.min(frames.length, i + corkFrames);
    while (i < end) ws.send(frames[i++] as string);
    if (corkFrames > 1) raw.uncork();
  }
  if (i < frames.length && ws.readyState === ws.OPEN)
    setImmediate(() => pump(ws, frames, bound, i, corkFrames));
}
