/** Test doubles for the engine: an outlet that records frames with their (virtual) time. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Outlet } from "../../src/replay/engine.js";
import { loadTapeIndex, type TapeIndex } from "../../src/replay/tape-index.js";
import type { Timer } from "../../src/replay/timer.js";
import { writeDemoTape } from "./fixture-tape.js";

/** A frame an outlet saw, with the timer's time. */
export interface Sent {
  at: number;
  text: string;
}

/** An outlet that keeps everything; `full` makes it report backpressure. */
export interface TestOutlet extends Outlet {
  frames: Sent[];
  closedWith: { code: number; reason: string } | undefined;
  full: boolean;
  /** Frames other than `o` and `h`. */
  data(): Sent[];
}

export function testOutlet(timer: Timer): TestOutlet {
  const o: TestOutlet = {
    frames: [],
    closedWith: undefined,
    full: false,
    send(frame) {
      o.frames.push({
        at: timer.now(),
        text: typeof frame === "string" ? frame : `<binary ${frame.length}>`,
      });
    },
    close(code, reason) {
      o.closedWith ??= { code, reason };
    },
    backpressured: () => o.full,
    data: () => o.frames.filter((f) => f.text !== "o" && f.text !== "h"),
  };
  return o;
}

let cached: Promise<TapeIndex> | undefined;

/** The demo fixture tape, indexed (written once per test file into a temp dir). */
export function demoIndex(): Promise<TapeIndex> {
  cached ??= (async () => {
    const path = join(mkdtempSync(join(tmpdir(), "tapedeck-replay-")), "demo.tape.jsonl");
    writeDemoTape(path);
    return loadTapeIndex(path);
  })();
  return cached;
}

/** The message texts inside `a[...]` frames (one message per frame expected). */
export function messagesOf(frames: readonly Sent[]): string[] {
  return frames.filter((f) => f.text.startsWith("a[")).map((f) => f.text.slice(2, -1));
}
