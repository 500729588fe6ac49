import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { InputError } from "../errors.js";

/** The bundled demo folder; the same relative place from src/ (tsx) and dist/ (built). */
export const DEMO_DIR = fileURLToPath(new URL("../../recordings/demo/", import.meta.url));

/** The bundled demo tapes, sorted, or an InputError saying there are none. */
export function demoTapes(): string[] {
  let names: string[] = [];
  try {
    names = readdirSync(DEMO_DIR).filter((n) => /\.tape\.jsonl(\.gz)?$/.test(n));
  } catch {
    names = [];
  }
  if (names.length === 0) throw new InputError("no tape given and no demo in recordings/demo");
  return names.sort().map((n) => `${DEMO_DIR}${n}`);
}
