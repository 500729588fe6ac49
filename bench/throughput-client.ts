/**
 * The throughput benchmark's client, run as its own process: opens `sessions` websockets to one
 * URL, each authorizing with its own token (so the replay server gives each its own session),
 * then sends every subscribe at once and counts quote messages until each socket has `count`.
 * Prints the µs from the first subscribe to the last socket's last message.
 * Usage: throughput-client.ts <url> <count> [sessions]
 */
import WebSocket from "ws";
import { SUBSCRIBE } from "./md-tape.js";

const [url, countText, sessionsText = "1"] = process.argv.slice(2);
const count = Number(countText);
const sessions = Number(sessionsText);
if (!url || !(count > 0) || !(sessions > 0)) {
  throw new Error("usage: throughput-client.ts <url> <count> [sessions]");
}

const MARK = '{"e":';
let start = 0;
let done = 0;
let failed = false;

function open(n: number): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url as string);
    let seen = 0;
    ws.on("message", (data) => {
      if (seen >= count) return;
      const text = data.toString();
      for (let i = text.indexOf(MARK); i !== -1; i = text.indexOf(MARK, i + MARK.length)) seen++;
      if (seen >= count) {
        ws.close();
        if (++done === sessions) {
          process.stdout.write(`${Math.round((performance.now() - start) * 1000)}\n`);
          process.exit(0);
        }
      }
    });
    ws.on("open", () => {
      ws.send(`authorize\n0\n\nbench-token-${n}`);
      resolve(ws);
    });
    ws.on("error", reject);
    ws.on("close", () => {
      if (seen < count) failed = true;
    });
  });
}

const sockets = await Promise.all(Array.from({ length: sessions }, (_, n) => open(n)));
start = performance.now();
for (const ws of sockets) ws.send(SUBSCRIBE);
setInterval(() => {
  if (failed) {
    process.stderr.write(`a socket closed before it had ${count} messages\n`);
    process.exit(1);
  }
}, 100);
