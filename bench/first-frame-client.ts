/**
 * Like throughput-client.ts, and also the µs from the subscribe to the first quote.
 * Prints `<first µs> <last µs>`. Usage: first-frame-client.ts <url> <count>
 */
import WebSocket from "ws";
import { SUBSCRIBE } from "./md-tape.js";

const [url, countText] = process.argv.slice(2);
const count = Number(countText);
if (!url || !(count > 0)) throw new Error("usage: first-frame-client.ts <url> <count>");

const MARK = '{"e":';
let seen = 0;
let start = 0;
let first = 0;
let done = false;
const ws = new WebSocket(url);
ws.on("message", (data) => {
  const text = data.toString();
  for (let i = text.indexOf(MARK); i !== -1; i = text.indexOf(MARK, i + MARK.length)) seen += 1;
  if (seen > 0 && first === 0) first = performance.now() - start;
  if (seen >= count && !done) {
    done = true;
    const us = (ms: number) => Math.round(ms * 1000);
    process.stdout.write(`${us(first)} ${us(performance.now() - start)}\n`);
    ws.close();
  }
});
ws.on("open", () => {
  ws.send("authorize\n0\n\nbench-token");
  start = performance.now();
  ws.send(SUBSCRIBE);
});
ws.on("close", () => process.exit(seen >= count ? 0 : 1));
