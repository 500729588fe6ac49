/**
 * Field paths of inferred shapes, as text: `d.quotes[].entries.Bid.price`. `[]` stands for every
 * element of an array, `*` for every integer-like key of an object (histogram levels keyed by
 * tick offset would otherwise make one path per price). A key that is empty or holds `.`, `[`,
 * `]`, `"`, `*` or blanks is written quoted in brackets: `a["x.y"]`.
 */

/** One step of a path: an object key, any integer-like key, or the elements of an array. */
export type PathSegment = { key: string } | { anyKey: true } | { items: true };

const PLAIN_KEY = /^[^.[\]"*\s]+$/;
const INTEGER_KEY = /^-?\d+$/;

/** The segment a key of an object becomes: `*` for integer-like keys, else the key. */
export function keySegment(key: string): PathSegment {
  return INTEGER_KEY.test(key) ? { anyKey: true } : { key };
}

/** The text of one segment, as it follows `prefix` (the root is the empty path ""). */
export function appendSegment(prefix: string, seg: PathSegment): string {
  if ("items" in seg) return `${prefix}[]`;
  if ("anyKey" in seg) return prefix === "" ? "*" : `${prefix}.*`;
  if (!PLAIN_KEY.test(seg.key)) return `${prefix}[${JSON.stringify(seg.key)}]`;
  return prefix === "" ? seg.key : `${prefix}.${seg.key}`;
}

/** Writes segments as a path text; the empty list is the root, "". */
export function formatPath(segments: readonly PathSegment[]): string {
  return segments.reduce(appendSegment, "");
}

/**
 * Reads a path text back into segments, or undefined when it is not one {@link formatPath}
 * writes. Never throws.
 */
export function parsePath(text: string): PathSegment[] | undefined {
  const out: PathSegment[] = [];
  let k = 0;
  while (k < text.length) {
    if (text.startsWith("[]", k)) {
      out.push({ items: true });
      k += 2;
    } else if (text.startsWith('["', k)) {
      const end = quotedEnd(text, k + 1);
      if (end < 0 || text[end + 1] !== "]") return undefined;
      let key: unknown;
      try {
        key = JSON.parse(text.slice(k + 1, end + 1));
      } catch {
        return undefined;
      }
      if (typeof key !== "string") return undefined;
      out.push({ key });
      k = end + 2;
    } else {
      if (out.length > 0) {
        if (text[k] !== ".") return undefined;
        k += 1;
      }
      let end = k;
      while (end < text.length && text[end] !== "." && text[end] !== "[") end++;
      const word = text.slice(k, end);
      if (word === "*") out.push({ anyKey: true });
      else if (PLAIN_KEY.test(word)) out.push({ key: word });
      else return undefined;
      k = end;
    }
  }
  return formatPath(out) === text ? out : undefined;
}

/** Index of the closing quote of the JSON string starting at `start`, or -1. */
function quotedEnd(text: string, start: number): number {
  for (let k = start + 1; k < text.length; k++) {
    if (text[k] === "\\") k++;
    else if (text[k] === '"') return k;
  }
  return -1;
}

/** The path of the parent of `segments` and the last step, or undefined for the root. */
export function splitLast(
  segments: readonly PathSegment[],
): { parent: string; last: PathSegment } | undefined {
  const last = segments.at(-1);
  if (last === undefined) return undefined;
  return { parent: formatPath(segments.slice(0, -1)), last };
}
