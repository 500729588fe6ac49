/** Futures month codes: F G H J K M N Q U V X Z are January to December. */

/** The twelve month codes in calendar order. */
export const MONTH_CODES = "FGHJKMNQUVXZ";

/** The code of a month 1..12 (`12` -> `Z`). Throws RangeError outside 1..12 (a bug). */
export function monthCode(month: number): string {
  const c = MONTH_CODES[month - 1];
  if (c === undefined || !Number.isInteger(month)) throw new RangeError(`no month ${month}`);
  return c;
}

/** The month 1..12 of a code (`H` -> 3), or undefined for a letter that is not a month code. */
export function monthOfCode(code: string): number | undefined {
  const i = code.length === 1 ? MONTH_CODES.indexOf(code.toUpperCase()) : -1;
  return i < 0 ? undefined : i + 1;
}

/** Reads a listing such as `HMUZ` into months [3, 6, 9, 12]; `all` lists all twelve. */
export function parseMonthList(codes: string): number[] {
  if (codes === "all") return [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
  const months = [...codes].map((c) => {
    const m = monthOfCode(c);
    if (m === undefined) throw new RangeError(`not a month code: ${c}`);
    return m;
  });
  return [...new Set(months)].sort((a, b) => a - b);
}
