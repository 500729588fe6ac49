/**
 * The layering rule of the architecture (README, "Layout"): a folder of src/ imports only from
 * folders at its own rank or below. Ranks, lowest first; folders on one rank may import each
 * other. Root files (src/errors.ts, src/random.ts, src/xml-escape.ts) are utilities anyone may
 * import; src/index.ts, the package's face, may import anything.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";

export const LAYERS: readonly (readonly string[])[] = [
  ["tape", "live"],
  ["protocols"],
  ["quotes", "pnl"],
  ["sim", "inspect"],
  ["replay", "record", "synth", "demo"],
  ["report", "scenario", "conform", "adapters"],
  ["cli"],
];

const rank = new Map<string, number>();
LAYERS.forEach((names, k) => {
  for (const n of names) rank.set(n, k);
});

/** One import that goes up a layer. */
export interface Violation {
  readonly file: string;
  readonly imports: string;
}

const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)["'](\.{1,2}\/[^"']+)["']/g;

/** The top folder of a path under src/, or undefined for a root file. */
function layerOf(srcPath: string): string | undefined {
  const parts = srcPath.split("/");
  return parts.length > 1 ? parts[0] : undefined;
}

/**
 * The upward imports among `files` (path under src/ -> source text). A folder missing from
 * {@link LAYERS} is itself a violation, so a new folder must be given its place.
 */
export function upwardImports(files: ReadonlyMap<string, string>): Violation[] {
  const out: Violation[] = [];
  for (const [file, text] of files) {
    const from = layerOf(file);
    if (from === undefined) {
      if (file === "index.ts") continue;
      // Root utilities import nothing but each other.
      for (const m of text.matchAll(SPECIFIER)) {
        const target = normalize(join(dirname(file), m[1]!));
        if (layerOf(target) !== undefined) out.push({ file, imports: target });
      }
      continue;
    }
    const fromRank = rank.get(from);
    if (fromRank === undefined) {
      out.push({ file, imports: `(folder src/${from}/ has no layer)` });
      continue;
    }
    for (const m of text.matchAll(SPECIFIER)) {
      const target = normalize(join(dirname(file), m[1]!));
      if (target.startsWith("..")) continue;
      const to = layerOf(target);
      if (to === undefined || to === from) continue;
      const toRank = rank.get(to);
      if (toRank === undefined || toRank > fromRank) out.push({ file, imports: target });
    }
  }
  return out;
}

/** Every .ts file under `srcDir`, keyed by its path relative to it. */
export function sourceFiles(srcDir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".ts")) files.set(relative(srcDir, p), readFileSync(p, "utf8"));
    }
  };
  walk(srcDir);
  return files;
}
