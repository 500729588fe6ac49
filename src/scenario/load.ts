/**
 * Reads scenario files: JSON errors with their line, schema problems with their path, tapes
 * resolved against the file's folder and checked to exist. Every problem is one InputError line
 * naming the file.
 */
import { readdir, readFile, stat } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fsError, InputError } from "../errors.js";
import type { LoadedScenario } from "./types.js";
import { isProblem, validateScenario } from "./validate.js";

/** Line and column of character `pos` in `text`, 1-based. */
function lineCol(text: string, pos: number): { line: number; col: number } {
  const before = text.slice(0, pos).split("\n");
  return { line: before.length, col: (before.at(-1)?.length ?? 0) + 1 };
}

/** Parses scenario text from `file`; InputError naming the file and where it is wrong. */
export function parseScenarioText(text: string, file: string): LoadedScenario {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    const pos = /position (\d+)/.exec(msg)?.[1];
    const where = pos === undefined ? "" : `:${lineCol(text, Number(pos)).line}`;
    throw new InputError(`${file}${where}: not valid JSON (${msg})`, "SCENARIO");
  }
  const checked = validateScenario(value);
  if (isProblem(checked)) {
    throw new InputError(`${file}: ${checked.path}: expected ${checked.expected}`, "SCENARIO");
  }
  const dir = dirname(file);
  return { file, scenario: checked, tapePaths: checked.tapes.map((t) => resolve(dir, t)) };
}

/** Loads one scenario file and checks its tapes exist. */
export async function loadScenario(file: string): Promise<LoadedScenario> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    fsError(err, file);
  }
  const loaded = parseScenarioText(text, file);
  for (const [k, p] of loaded.tapePaths.entries()) {
    try {
      await stat(p);
    } catch {
      throw new InputError(`${file}: $.tapes[${k}]: no tape at ${p}`, "SCENARIO");
    }
  }
  return loaded;
}

/** The scenario files a path names: a file itself, or the `*.json` in a folder (not the schema). */
export async function scenarioFiles(path: string): Promise<string[]> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch (err) {
    fsError(err, path);
  }
  if (!info.isDirectory()) return [path];
  const names = (await readdir(path))
    .filter((n) => n.endsWith(".json") && !n.endsWith(".schema.json"))
    .sort();
  return names.map((n) => join(path, n));
}
