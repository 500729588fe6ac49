/**
 * The recording benchmark's firehose, run as its own process: a bare `ws` server that, on
 * `go <rate> <count>`, sends `count` numbered frames at `rate` frames/s (paced by the clock,
 * as many per event-loop turn as are due), then `end`. Prints its port first.
 */
import type { AddressInfo } from "node:net";
import { type WebSocket, WebSocketServer } from "ws";

const PAD = "x".repeat(80);
const wss = new WebSocketServer({ host: "127.0.0.1", port: 0 });
wss.on("listening", () => {
  process.stdout.write(`${(wss.address() as AddressInfo).port}\n`);
});
wss.on("connection", (ws: WebSocket) => {
  ws.on("message", (data) => {
    const [word, rateText, countText] = data.toString().split(" ");
    if (word !== "go") return;
    const rate = Number(rateText);
    const count = Number(countText);
    const start = performance.now();
    let n = 0;
    const pump = () => {
      const due = Math.min(count, Math.floor(((performance.now() - start) / 1000) * rate));
      while (n < due) ws.send(`{"n":${n++},"p":"${PAD}"}`);
      if (n < count) setImmediate(pump);
      else ws.send("end");
    };
    pump();
  });
});
process.on("SIGTERM", () => wss.close(() => process.exit(0)));
