/**
 * The well-behaved client of the hardening tests: replays the bundled demo tape's md socket
 * (ES and NQ quotes, the ES DOM) and checks it got every recorded md message, in recorded order.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import WebSocket from "ws";
import { repoRoot } from "../helpers/cli.js";

/** The bundled demo tape. */
export const DEMO_TAPE = join(repoRoot, "recordings/demo/2026-11-20T14-30-00Z_demo.tape.jsonl");

/** What the demo client sends after authorizing, with request ids `base + 1..3`. */
export function demoRequests(base: number): string[] {
  return [
    `md/subscribeQuote\n${base + 1}\n\n{"symbol":"ESZ6"}`,
    `md/subscribeQuote\n${base + 2}\n\n{"symbol":"NQZ6"}`,
    `md/subscribeDOM\n${base + 3}\n\n{"symbol":"ESZ6"}`,
  ];
}

/** What one demo replay received. */
export interface DemoReplay {
  /** The md event messages, in arrival order. */
  md: string[];
  /** The request ids of every response message received (authorize included). */
  ids: number[];
}

interface RecordedFrame {
  k: string;
  c?: number;
  text?: string;
}

let expected: string[] | undefined;

/**
 * The md event messages the demo tape's md socket (connection 2) received, re-serialised, in
 * tape order: what a client subscribing to ESZ6/NQZ6 quotes and the ESZ6 DOM must get back.
 */
export function demoMdMessages(): string[] {
  if (expected) return expected;
  const lines = readFileSync(DEMO_TAPE, "utf8").trimEnd().split("\n").slice(1);
  const out: string[] = [];
  for (const line of lines) {
    const e = JSON.parse(line) as RecordedFrame;
    if (e.k !== "recv" || e.c !== 2 || !e.text?.startsWith("a[")) continue;
    for (const m of JSON.parse(e.text.slice(1)) as Array<{ e?: string }>) {
      if (m.e === "md") out.push(JSON.stringify(m));
    }
  }
  expected = out;
  return out;
}

/** The md event messages in `frames`, re-serialised, in arrival order. */
export function mdMessagesIn(frames: readonly string[]): string[] {
  const out: string[] = [];
  for (const f of frames) {
    if (!f.startsWith("a[")) continue;
    for (const m of JSON.parse(f.slice(1)) as Array<{ e?: string }>) {
      if (m.e === "md") out.push(JSON.stringify(m));
    }
  }
  return out;
}

/**
 * Connects to `mdUrl`, authorizes with `token`, subscribes, and resolves with the md messages
 * once as many as the tape recorded have arrived (rejects on close or after `ms`).
 */
export function replayDemo(
  mdUrl: string,
  token: string,
  idBase = 0,
  ms = 30_000,
): Promise<DemoReplay> {
  const want = demoMdMessages().length;
  const got: string[] = [];
  const ids: number[] = [];
  const ws = new WebSocket(mdUrl);
  return new Promise<DemoReplay>((resolve, reject) => {
    const fail = (why: string) => {
      clearTimeout(timer);
      ws.terminate();
      reject(new Error(`demo replay ${token}: ${why} after ${got.length} of ${want} md messages`));
    };
    const timer = setTimeout(() => fail("timed out"), ms);
    ws.on("open", () => {
      ws.send(`authorize\n0\n\n${token}`);
      for (const r of demoRequests(idBase)) ws.send(r);
    });
    ws.on("message", (data) => {
      const text = data.toString();
      if (!text.startsWith("a[")) return;
      for (const m of JSON.parse(text.slice(1)) as Array<{ e?: string; i?: number }>) {
        if (m.e === "md") got.push(JSON.stringify(m));
        else if (typeof m.i === "number") ids.push(m.i);
      }
      if (got.length >= want) {
        clearTimeout(timer);
        ws.close();
        resolve({ md: got, ids });
      }
    });
    ws.on("close", () => {
      if (got.length < want) fail("socket closed");
    });
    ws.on("error", (err) => fail(err.message));
  });
}
