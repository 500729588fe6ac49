/** `--rotate 500MB|1h`: when to close a tape and start the next. */
import { InputError } from "../errors.js";

/** Rotate after this many bytes, or after this many milliseconds. */
export type RotateSpec = { bytes: number } | { ms: number };

const SIZE_UNITS: Record<string, number> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
};
const TIME_UNITS: Record<string, number> = { s: 1e3, m: 60e3, min: 60e3, h: 3600e3, d: 86400e3 };

/** Parses `500MB`, `1GiB`, `90m`, `1h`, `30s`; throws InputError naming the flag otherwise. */
export function parseRotate(text: string): RotateSpec {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]+)\s*$/.exec(text);
  const n = m ? Number(m[1]) : Number.NaN;
  const unit = m?.[2]?.toLowerCase() ?? "";
  if (m && n > 0 && unit in SIZE_UNITS) return { bytes: Math.ceil(n * SIZE_UNITS[unit]!) };
  if (m && n > 0 && unit in TIME_UNITS) return { ms: Math.ceil(n * TIME_UNITS[unit]!) };
  throw new InputError(
    `--rotate: expected a size (500MB, 2GiB) or a duration (30m, 1h), got "${text}"`,
    "ROTATE",
  );
}

/** Parses a duration flag (`90`, `90s`, `15m`, `1h`) into milliseconds. */
export function parseDuration(flag: string, text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|min|h|d)?\s*$/.exec(text);
  if (!m) throw new InputError(`--${flag}: expected a duration like 90s, 15m or 1h, got "${text}"`);
  const n = Number(m[1]);
  const unit = m[2] ?? "s";
  const ms = unit === "ms" ? n : n * TIME_UNITS[unit]!;
  if (!(ms > 0)) throw new InputError(`--${flag}: must be more than 0, got "${text}"`);
  return Math.ceil(ms);
}
