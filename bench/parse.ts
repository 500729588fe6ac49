/**
 * Parsing Tradovate frames into typed messages and quotes, and Trade Manager frames into typed
 * messages (DATA carries its quote), against `JSON.parse` of the same frame text. The frames are
 * every received frame of the bundled demo tape.
 */
import { readFileSync } from "node:fs";
import { parseTmFrame } from "../src/protocols/trademanager/messages.js";
import { parseServerFrame } from "../src/protocols/tradovate/frames.js";
import { tradovateMdQuotes } from "../src/quotes/extract.js";
import { isFrame, type TapeEvent } from "../src/tape/events.js";
import { DEMO_TAPE } from "./demo-tape.js";
import { ofBaseline, report } from "./report.js";

const ROUND_MS = 400;
const ROUNDS = 3;

const events = readFileSync(DEMO_TAPE, "utf8")
  .trimEnd()
  .split("\n")
  .slice(1)
  .map((l) => JSON.parse(l) as TapeEvent);
const recvOf = (c: number) =>
  events.flatMap((e) => (isFrame(e) && e.k === "recv" && e.c === c && e.text ? [e.text] : []));
const tradovate = [...recvOf(1), ...recvOf(2)].filter((t) => t.startsWith("a["));
const tm = recvOf(3);

let sink = 0;
function tradovateTyped(texts: readonly string[]): void {
  for (const t of texts) {
    const f = parseServerFrame(t);
    if (f.kind !== "messages") continue;
    for (const m of f.messages) if ("e" in m && m.e === "md") sink += tradovateMdQuotes(m).length;
    sink += f.messages.length;
  }
}
function tmTyped(texts: readonly string[]): void {
  for (const t of texts) if (parseTmFrame(t).kind !== "unrecognised") sink += 1;
}
function jsonOnly(texts: readonly string[], from: number): void {
  for (const t of texts) if (JSON.parse(from === 0 ? t : t.slice(from)) !== null) sink += 1;
}

/** Frames per second `fn` gets through over ROUND_MS, best of ROUNDS (interleaved by caller). */
function rate(fn: () => void, frames: number): number {
  const start = performance.now();
  let n = 0;
  while (performance.now() - start < ROUND_MS) {
    fn();
    n += frames;
  }
  return n / ((performance.now() - start) / 1000);
}

function compare(name: string, typed: () => void, baseline: () => void, frames: number): void {
  const mine: number[] = [];
  const base: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    base.push(rate(baseline, frames));
    mine.push(rate(typed, frames));
  }
  const m = Math.max(...mine);
  const b = Math.max(...base);
  report(`${name} JSON.parse`, b, "frames/s");
  report(name, m, "frames/s", `${ofBaseline(m, b)}, target >= 0.5`);
}

compare(
  "parse tradovate",
  () => tradovateTyped(tradovate),
  () => jsonOnly(tradovate, 1),
  tradovate.length,
);
compare(
  "parse trademanager",
  () => tmTyped(tm),
  () => jsonOnly(tm, 0),
  tm.length,
);
if (sink < 0) process.stdout.write("unreachable\n");
