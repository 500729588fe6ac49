/**
 * The timing benchmark's client, run as its own process: authorizes, subscribes, and prints one
 * JSON object: `answer`, when the subscribe answer arrived, and `arrivals`, when each quote
 * message did, both in epoch ms (`performance.timeOrigin + performance.now()`: the same clock
 * in every process on the machine, to a few µs).
 * Usage: timing-client.ts <url> <count>
 */
import WebSocket from "ws";
import { SUBSCRIBE } from "./md-tape.js";

const [url, countText] = process.argv.slice(2);
const count = Number(countText);
if (!url || !(count > 0)) throw new Error("usage: timing-client.ts <url> <count>");

const arrivals: number[] = [];
let anchor: number | undefined;
const ws = new WebSocket(url);
ws.on("message", (data) => {
  const now = performance.timeOrigin + performance.now();
  const text = data.toString();
  if (text.startsWith('a[{"s":200,"i":1')) anchor = now;
  if (anchor === undefined || !text.startsWith('a[{"e":')) return;
  const n = text.split('{"e":').length - 1;
  for (let i = 0; i < n; i++) arrivals.push(now);
  if (arrivals.length >= count) {
    // Close only once the line is written: a pipe write is asynchronous, and exiting on the
    // close cut a 10-minute run's 30,000 arrivals short.
    process.stdout.write(`${JSON.stringify({ answer: anchor, arrivals })}\n`, () => ws.close());
  }
});
ws.on("open", () => {
  ws.send("authorize\n0\n\nbench-token");
  ws.send(SUBSCRIBE);
  // Heartbeats, as a Tradovate client sends them: a silent client is closed after a minute.
  setInterval(() => ws.send("[]"), 2500).unref();
});
ws.on("close", () => process.exit(arrivals.length >= count ? 0 : 1));
