/**
 * Child process for kill.test.ts: writes events as fast as it can and prints the seq on disk
 * after every flush, until the parent kills it with SIGKILL. Usage: node --import tsx kill-child.ts <tape>
 */
import { openTapeWriter } from "../../src/tape/writer.js";
import { killEvent } from "./kill-events.js";

const path = process.argv[2];
if (!path) throw new Error("usage: kill-child.ts <tape path>");

const writer = await openTapeWriter({
  path,
  onFlush: (lastSeq) => process.stdout.write(`${lastSeq}\n`),
});

function pump(): void {
  for (let i = 0; i < 20; i++) writer.write(killEvent(writer.lastSeq + 1));
  setImmediate(pump);
}
pump();
