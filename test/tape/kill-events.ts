/**
 * The events the kill-test child writes: a pure function of seq, so the parent can check every
 * event it reads back without talking to the child.
 */
import type { EventInput } from "../../src/tape/events.js";

/** Event number `seq` (1-based): text frames with multi-byte text, every third one binary. */
export function killEvent(seq: number): EventInput {
  if (seq % 3 === 0) {
    const bytes = Buffer.alloc(seq % 200, seq % 256);
    return { k: "recv", c: 1, b64: bytes.toString("base64") };
  }
  return {
    k: seq % 2 === 0 ? "send" : "recv",
    c: 1,
    text: `frame ${seq} «é😀»\n${"x".repeat(seq % 300)}`,
  };
}
