/**
 * The throughput benchmark's client, run as its own process: connects to a websocket URL,
 * authorizes, sends the subscribe, and counts quote messages until it has `count` of them.
 * Prints the µs from the subscribe to the last message. Usage: throughput-client.ts <url> <count>
 */
import WebSocket from "ws";
import { SUBSCRIBE } from "./md-tape.js";

const [url, countText] = process.argv.slice(2);
const count = Number(countText);
if (!url || !(count > 0)) throw new Error("usage: throughput-client.ts <url> <count>");

const MARK = '{"e":';
let seen = 0;
let start = 0;
const ws = new WebSocket(url);
ws.on("message", (data) => {
  const text = data.toString();
  for (let i = text.indexOf(MARK); i !== -1; i = text.indexOf(MARK, i + MARK.length)) seen += 1;
  if (seen >= count) {
    process.stdout.write(`${Math.round((performance.now() - start) * 1000)}\n`);
    ws.close();
  }
});
ws.on("open", () => {
  ws.send("authorize\n0\n\nbench-token");
  start = performance.now();
  ws.send(SUBSCRIBE);
});
ws.on("close", () => process.exit(seen >= count ? 0 : 1));
