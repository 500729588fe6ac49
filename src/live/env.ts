/**
 * Credentials come from the environment or a `.env` file, never from flags (flags end up in
 * shell history and process lists). A tiny `.env` reader, no dependency.
 */
import { readFileSync } from "node:fs";
import { InputError } from "../errors.js";

/**
 * Parses `.env` text: `NAME=value` lines, `export NAME=value`, `#` comments, blank lines;
 * values may be single-quoted (kept literally) or double-quoted (`\n`, `\"`, `\\` escapes);
 * an unquoted value ends at ` #`. Lines that are not assignments are ignored. Never throws.
 */
export function parseDotEnv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const rawLine of text.replace(/^\uFEFF/, "").split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === "" || line.startsWith("#")) continue;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!m) continue;
    const name = m[1]!;
    const rest = m[2]!;
    out[name] = parseValue(rest);
  }
  return out;
}

function parseValue(rest: string): string {
  if (rest.startsWith("'")) {
    const end = rest.indexOf("'", 1);
    return end < 0 ? rest.slice(1) : rest.slice(1, end);
  }
  if (rest.startsWith('"')) {
    let value = "";
    for (let i = 1; i < rest.length; i++) {
      const ch = rest[i]!;
      if (ch === '"') return value;
      if (ch === "\\" && i + 1 < rest.length) {
        const next = rest[++i]!;
        value += next === "n" ? "\n" : next === "r" ? "\r" : next === "t" ? "\t" : next;
      } else value += ch;
    }
    return value;
  }
  const hash = rest.search(/\s#/);
  return (hash < 0 ? rest : rest.slice(0, hash)).trim();
}

/** Where variables are looked up: the process environment first, then the `.env` file. */
export interface EnvSource {
  env: Readonly<Record<string, string | undefined>>;
  /** Path of a `.env` file; a missing file is fine. */
  dotEnvPath?: string;
}

/** Reads variables from the environment, falling back to the `.env` file. */
export function loadEnv(source: EnvSource): (name: string) => string | undefined {
  let file: Record<string, string> = {};
  if (source.dotEnvPath) {
    try {
      file = parseDotEnv(readFileSync(source.dotEnvPath, "utf8"));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== "ENOENT") {
        throw new InputError(`${source.dotEnvPath}: cannot read (${code ?? "error"})`, "DOTENV");
      }
    }
  }
  return (name) => {
    const v = source.env[name];
    if (v !== undefined && v !== "") return v;
    const f = file[name];
    return f === undefined || f === "" ? undefined : f;
  };
}

/**
 * The values of `names`; throws one InputError naming every missing variable (names only: a
 * message never carries a value).
 */
export function requireEnv<const N extends string>(
  get: (name: string) => string | undefined,
  names: readonly N[],
  what: string,
): Record<N, string> {
  const missing = names.filter((n) => get(n) === undefined);
  if (missing.length > 0) {
    throw new InputError(
      `${what} needs ${missing.join(", ")} in the environment or in .env (never as flags)`,
      "CREDENTIALS",
    );
  }
  return Object.fromEntries(names.map((n) => [n, get(n)!])) as Record<N, string>;
}
