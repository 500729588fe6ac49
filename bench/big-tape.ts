/**
 * Writes a large synthesized tape for the read benchmark: the bundled demo tape's events,
 * repeated with seq and t renumbered so the result is one valid tape with contiguous seqs.
 */
import { closeSync, openSync, readFileSync, writeSync } from "node:fs";

/** The bundled demo tape, whose events are repeated. */
export const DEMO_TAPE = "recordings/demo/2026-11-20T14-30-00Z_demo.tape.jsonl";
const PREFIX = /^\{"seq":(\d+),"t":(\d+),/;

/** Writes at least `bytes` bytes of tape to `path`; returns the number of events written. */
export function writeBigTape(path: string, bytes: number): number {
  const [header, ...lines] = readFileSync(DEMO_TAPE, "utf8").trimEnd().split("\n");
  const bodies = lines.map((l) => {
    const m = PREFIX.exec(l);
    if (!m) throw new Error(`unexpected demo tape line: ${l.slice(0, 80)}`);
    return { t: Number(m[2]), rest: l.slice(m[0].length) };
  });
  const span = (bodies.at(-1)?.t ?? 0) + 1;
  const fd = openSync(path, "w");
  let written = writeSync(fd, `${header}\n`);
  let seq = 0;
  for (let round = 0; written < bytes; round++) {
    const chunk: string[] = [];
    for (const b of bodies) {
      seq += 1;
      chunk.push(`{"seq":${seq},"t":${b.t + round * span},${b.rest}\n`);
    }
    written += writeSync(fd, chunk.join(""));
  }
  closeSync(fd);
  return seq;
}
