/** Reading inputs: a tape inspected in one streaming pass, or a saved `inspect --json` report. */
import { open, readFile } from "node:fs/promises";
import { fsError, InputError } from "../errors.js";
import { openTape } from "../tape/reader.js";
import { type InspectLimits, Inspector } from "./inspector.js";
import { type InspectReport, isInspectReport } from "./report.js";

/** Options of {@link inspectTape}. */
export interface InspectOptions extends InspectLimits {
  /** Stops reading when aborted; the report covers what was read. */
  signal?: AbortSignal;
}

/**
 * Reads a tape once, streaming, and reports what it holds. Unreadable files and corrupt lines
 * are InputErrors naming file and line; a torn end is reported, not fatal.
 */
export async function inspectTape(path: string, opts: InspectOptions = {}): Promise<InspectReport> {
  let inspector: Inspector | undefined;
  const tape = await openTape(path, { onTorn: (t) => inspector?.torn(t) });
  inspector = new Inspector(path, tape.header, opts);
  try {
    for await (const event of tape.events) {
      if (opts.signal?.aborted) break;
      inspector.add(event);
    }
  } finally {
    await tape.close();
  }
  return inspector.report();
}

/**
 * A report from `path`: a saved `inspect --json` document when the file is one, else the
 * report of inspecting it as a tape.
 */
export async function loadReport(path: string, opts: InspectOptions = {}): Promise<InspectReport> {
  const saved = await readSavedReport(path);
  return saved ?? inspectTape(path, opts);
}

/** The report saved in `path`, or undefined when the file does not start like one. */
async function readSavedReport(path: string): Promise<InspectReport | undefined> {
  let head: Buffer;
  try {
    const fh = await open(path, "r");
    try {
      head = Buffer.alloc(256);
      const { bytesRead } = await fh.read(head, 0, 256, 0);
      head = head.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  } catch (err) {
    fsError(err, path);
  }
  // A tape's first line is its header object; a saved report is one JSON document whose first
  // key is "format" (that is how `inspect --json` writes it).
  if (!/^\s*\{\s*"format"\s*:/.test(head.toString("utf8"))) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(await readFile(path, "utf8"));
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new InputError(`${path}: not a valid inspect report: ${why}`);
  }
  if (!isInspectReport(value)) {
    throw new InputError(
      `${path}: not a tapedeck inspect report (format is not tapedeck-inspect/1)`,
    );
  }
  return value;
}
