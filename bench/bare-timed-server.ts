/**
 * The timing baseline: a bare `ws` server that answers authorize and the subscribe like the
 * replay server, then sends each frame at its offset from the subscribe answer with the same
 * waiting as the replay's real timer (a timer that wakes 2.5 ms early, then `setImmediate`
 * turns, then a busy wait for the last 0.2 ms), and nothing else: no tape, no engine. What it
 * reaches is what this process and machine allow for that way of waiting.
 */
import type { AddressInfo } from "node:net";
import { type WebSocket, WebSocketServer } from "ws";

/**
 * A listening bare timed server; `late` collects how late each frame went out, ms, and `due`
 * when each was due, epoch ms (`performance.timeOrigin` based, comparable across processes).
 */
export interface BareTimedServer {
  url: string;
  late: number[];
  due: number[];
  close(): Promise<void>;
}

const EARLY_MS = 2.5;
const SPIN_MS = 0.2;

/** Serves `frames[i]` `offsetsMicros[i]` µs after each client's subscribe answer. */
export async function startBareTimedServer(
  frames: readonly string[],
  offsetsMicros: readonly number[],
): Promise<BareTimedServer> {
  const late: number[] = [];
  const due: number[] = [];
  const wss = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  await new Promise<void>((r) => wss.once("listening", () => r()));
  wss.on("connection", (ws: WebSocket) => {
    ws.send("o");
    ws.on("message", (data) => {
      const text = data.toString();
      if (text.startsWith("authorize")) ws.send('a[{"s":200,"i":0}]');
      else if (text.startsWith("md/subscribeQuote")) {
        ws.send('a[{"s":200,"i":1,"d":{}}]');
        play(ws, frames, offsetsMicros, performance.now(), 0, { late, due });
      }
    });
  });
  const { port } = wss.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}/md/v1/websocket`,
    late,
    due,
    close: () => new Promise((r) => wss.close(() => r())),
  };
}

function play(
  ws: WebSocket,
  frames: readonly string[],
  offsets: readonly number[],
  anchor: number,
  from: number,
  out: { late: number[]; due: number[] },
): void {
  let i = from;
  while (i < frames.length && ws.readyState === ws.OPEN) {
    const at = anchor + (offsets[i] as number) / 1000;
    const wait = at - performance.now();
    if (wait > SPIN_MS) {
      const again = () => play(ws, frames, offsets, anchor, i, out);
      if (wait > EARLY_MS + 0.5) setTimeout(again, wait - EARLY_MS);
      else setImmediate(again);
      return;
    }
    while (performance.now() < at) {
      // Busy: a turn of the event loop costs more than the wait.
    }
    ws.send(frames[i++] as string);
    out.late.push(performance.now() - at);
    out.due.push(performance.timeOrigin + at);
  }
}
