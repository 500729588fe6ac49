/** Small text helpers for 80-column reports. */

/** Report width in characters. */
export const WIDTH = 80;

/** Microseconds as seconds with 3 decimals, exact (no float arithmetic on the count). */
export function seconds(us: number): string {
  const ms = Math.round(us / 1000);
  const sign = ms < 0 ? "-" : "";
  const abs = Math.abs(ms);
  return `${sign}${Math.floor(abs / 1000)}.${String(abs % 1000).padStart(3, "0")}`;
}

/** Messages per second over `us` microseconds, 2 decimals; "-" for an empty span. */
export function rate(count: number, us: number): string {
  if (us <= 0) return "-";
  return ((count * 1_000_000) / us).toFixed(2);
}

/** Bytes as B, kB or MB. */
export function bytes(n: number): string {
  if (n < 1000) return `${n} B`;
  if (n < 1_000_000) return `${(n / 1000).toFixed(1)} kB`;
  return `${(n / 1_000_000).toFixed(1)} MB`;
}

/** Cuts `text` to `n` characters, ending with `…` when cut. */
export function cut(text: string, n: number): string {
  if (n <= 0) return "";
  return text.length > n ? `${text.slice(0, n - 1)}…` : text;
}

/**
 * Wraps words to {@link WIDTH}: the first line starts with `first`, the others with `indent`.
 * A word longer than a line stays whole on its own line.
 */
export function wrap(first: string, indent: string, words: readonly string[]): string[] {
  const lines: string[] = [];
  let line = first;
  let fresh = first.trim() === "";
  for (const word of words) {
    const sep = fresh ? "" : " ";
    if (!fresh && line.length + sep.length + word.length > WIDTH) {
      lines.push(line);
      line = indent + word;
    } else {
      line += sep + word;
    }
    fresh = false;
  }
  lines.push(line);
  return lines;
}

/** Pads or cuts to exactly `n` characters (left-aligned). */
export function col(text: string, n: number): string {
  return cut(text, n).padEnd(n);
}

/** Right-aligns to `n` characters. */
export function num(text: string, n: number): string {
  return text.padStart(n);
}

/** Plural helper: `1 gap`, `2 gaps`. */
export function plural(n: number, word: string, words = `${word}s`): string {
  return `${n} ${n === 1 ? word : words}`;
}

/** Replaces control characters so one value cannot break a report's lines. */
export function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (c) => {
    const code = c.charCodeAt(0);
    if (c === "\n") return "\\n";
    if (c === "\r") return "\\r";
    if (c === "\t") return "\\t";
    return `\\u${code.toString(16).padStart(4, "0")}`;
  });
}
