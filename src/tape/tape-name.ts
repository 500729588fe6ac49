/** File names for new tapes: sortable by start time, safe on every file system. */

const MAX_LABEL = 100;

/**
 * `<UTC start to the second, ":" as "-">Z_<label>.tape.jsonl`, e.g.
 * `2026-11-25T14-03-07Z_tradovate-demo.tape.jsonl`. The label keeps letters, digits, ".", "_"
 * and "-"; every other run of characters becomes one "-", so no label can name a directory or
 * a hidden file. An empty label leaves the name at the timestamp. Append ".gz" for gzip.
 */
export function defaultTapeName(label: string, started: Date): string {
  const ms = started.getTime();
  const year = started.getUTCFullYear();
  if (Number.isNaN(ms) || year < 0 || year > 9999) {
    throw new RangeError(`defaultTapeName: the start time must be a valid date in years 0-9999`);
  }
  const stamp = `${started.toISOString().slice(0, 19).replaceAll(":", "-")}Z`;
  const safe = label
    .replace(/[^A-Za-z0-9._-]+/g, "-")
    .slice(0, MAX_LABEL)
    .replace(/^[-.]+|[-.]+$/g, "");
  return safe === "" ? `${stamp}.tape.jsonl` : `${stamp}_${safe}.tape.jsonl`;
}
