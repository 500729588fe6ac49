/**
 * What a synthesized session looks like: every knob of `tapedeck synth`, its default, and the
 * parsers for the forms people type (`5m`, `ES,NQ`). Defaults never read the wall clock, so the
 * same options always give the same tape.
 */
import { InputError } from "../errors.js";
import { DEFAULT_CONTRACTS } from "../pnl/index.js";

/** The options of one synthesized session. */
export interface SynthOptions {
  /** Seed of every random draw. */
  readonly seed: number;
  /** Futures roots, e.g. ["ES", "NQ"]; each gets its front-month contract on the session date. */
  readonly symbols: readonly string[];
  /** Session length in milliseconds. */
  readonly durationMs: number;
  /** Trade Manager strategies (recorders) trading the symbols, round-robin. */
  readonly strategies: number;
  /** Strategy signals per minute, all strategies together (a mean: signals arrive at random). */
  readonly tradesPerMin: number;
  /** Session start, UTC ISO 8601 (`2026-11-20T14:30:00Z`): the header's `started`. */
  readonly start: string;
  /** Tape label, also part of the default file name. */
  readonly label: string;
}

/** The defaults: a five-minute ES/NQ session on a fixed date. */
export const DEFAULT_SYNTH_OPTIONS: SynthOptions = {
  seed: 1,
  symbols: ["ES", "NQ"],
  durationMs: 5 * 60_000,
  strategies: 3,
  tradesPerMin: 4,
  start: "2026-11-20T14:30:00Z",
  label: "synth",
};

/**
 * Longest session the generator accepts: it keeps a session in memory, about 120 MB an hour at
 * the default rates.
 */
export const MAX_DURATION_MS = 4 * 3600_000;
/** Most strategies (each needs a name; names beyond the built-in list get a number). */
export const MAX_STRATEGIES = 24;

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3600_000 };

/**
 * Reads a duration: `90s`, `5m`, `1.5h`, `250ms`, or a bare number of seconds. Throws
 * InputError naming `what` for anything else, or for zero and negative lengths.
 */
export function parseDuration(text: string, what = "--duration"): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/.exec(text);
  if (m === null) {
    throw new InputError(`${what}: expected a duration like 90s, 5m or 1h, got "${text}"`);
  }
  const ms = Math.round(Number(m[1]) * (UNIT_MS[m[2] ?? "s"] ?? 1000));
  if (ms <= 0 || ms > MAX_DURATION_MS) {
    throw new InputError(`${what}: must be more than 0 and at most 4h, got "${text}"`);
  }
  return ms;
}

/** Reads a comma-separated list of futures roots (`ES,NQ`, `es, mnq`), upper-cased, no repeats. */
export function parseSymbols(text: string, what = "--symbols"): string[] {
  const roots = text
    .split(",")
    .map((s) => s.trim().toUpperCase())
    .filter((s) => s !== "");
  if (roots.length === 0) throw new InputError(`${what}: expected roots like ES,NQ, got "${text}"`);
  const seen = new Set<string>();
  for (const root of roots) {
    const spec = DEFAULT_CONTRACTS.get(root);
    if (spec === undefined || spec.roll === null) {
      const known = DEFAULT_CONTRACTS.specs()
        .filter((s) => s.roll !== null)
        .map((s) => s.root)
        .join(", ");
      throw new InputError(`${what}: unknown futures root "${root}" (known: ${known})`);
    }
    if (seen.has(root)) throw new InputError(`${what}: "${root}" is listed twice`);
    seen.add(root);
  }
  return roots;
}

/** Reads a whole number in [min, max]; InputError naming `what` otherwise. */
export function parseWhole(text: string, what: string, min: number, max: number): number {
  const n = Number(text);
  if (!/^\s*\d+\s*$/.test(text) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new InputError(`${what}: expected a whole number ${min}..${max}, got "${text}"`);
  }
  return n;
}

/** Reads a non-negative rate such as `4` or `0.5` (at most `max`). */
export function parseRate(text: string, what: string, max: number): number {
  const n = Number(text);
  if (!/^\s*\d+(\.\d+)?\s*$/.test(text) || !Number.isFinite(n) || n > max) {
    throw new InputError(`${what}: expected a number 0..${max}, got "${text}"`);
  }
  return n;
}

/** Reads a UTC start time `YYYY-MM-DDTHH:MM:SS[.fff]Z`; InputError otherwise. */
export function parseStart(text: string, what = "--start"): string {
  const ok = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/.test(text);
  const ms = Date.parse(text);
  if (!ok || Number.isNaN(ms)) {
    throw new InputError(`${what}: expected a UTC time like 2026-11-20T14:30:00Z, got "${text}"`);
  }
  return text;
}

/**
 * Checks options built in code (the CLI parses its flags with the functions above). Throws
 * InputError for the first value out of range.
 */
export function checkOptions(o: SynthOptions): SynthOptions {
  if (!Number.isSafeInteger(o.seed)) throw new InputError(`seed must be an integer, got ${o.seed}`);
  parseSymbols(o.symbols.join(","), "symbols");
  if (!(o.durationMs > 0 && o.durationMs <= MAX_DURATION_MS && Number.isInteger(o.durationMs))) {
    throw new InputError(`duration must be 1 ms to 4 h, got ${o.durationMs} ms`);
  }
  if (!Number.isInteger(o.strategies) || o.strategies < 1 || o.strategies > MAX_STRATEGIES) {
    throw new InputError(`strategies must be 1..${MAX_STRATEGIES}, got ${o.strategies}`);
  }
  if (!(o.tradesPerMin >= 0 && o.tradesPerMin <= 600)) {
    throw new InputError(`trades per minute must be 0..600, got ${o.tradesPerMin}`);
  }
  parseStart(o.start, "start");
  return o;
}
