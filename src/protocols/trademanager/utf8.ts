/**
 * Strict UTF-8 decoding of one sequence at a time, over byte lists that may have holes (`null`
 * stands for a byte that was lost). The mojibake repair needs to know exactly where a valid
 * sequence starts and ends, which TextDecoder does not tell.
 */

/** One decoded character: its code point and how many bytes it took. */
export interface Utf8Char {
  cp: number;
  len: number;
}

function isCont(b: number | null | undefined): b is number {
  return b !== null && b !== undefined && b >= 0x80 && b <= 0xbf;
}

/**
 * Decodes the sequence starting at `at`, or returns undefined when it is not valid UTF-8:
 * overlong forms, surrogates (ED A0..BF), values above U+10FFFF, stray continuation bytes,
 * truncated sequences and holes are all invalid.
 */
export function decodeUtf8At(bytes: ArrayLike<number | null>, at: number): Utf8Char | undefined {
  const b0 = bytes[at];
  if (b0 === null || b0 === undefined) return undefined;
  if (b0 < 0x80) return { cp: b0, len: 1 };
  const b1 = bytes[at + 1];
  if (b0 >= 0xc2 && b0 <= 0xdf) {
    return isCont(b1) ? { cp: ((b0 & 0x1f) << 6) | (b1 & 0x3f), len: 2 } : undefined;
  }
  if (b0 >= 0xe0 && b0 <= 0xef) {
    const b2 = bytes[at + 2];
    if (!isCont(b1) || !isCont(b2)) return undefined;
    if (b0 === 0xe0 && b1 < 0xa0) return undefined; // overlong
    if (b0 === 0xed && b1 > 0x9f) return undefined; // surrogate
    return { cp: ((b0 & 0x0f) << 12) | ((b1 & 0x3f) << 6) | (b2 & 0x3f), len: 3 };
  }
  if (b0 >= 0xf0 && b0 <= 0xf4) {
    const b2 = bytes[at + 2];
    const b3 = bytes[at + 3];
    if (!isCont(b1) || !isCont(b2) || !isCont(b3)) return undefined;
    if (b0 === 0xf0 && b1 < 0x90) return undefined; // overlong
    if (b0 === 0xf4 && b1 > 0x8f) return undefined; // above U+10FFFF
    const cp = ((b0 & 0x07) << 18) | ((b1 & 0x3f) << 12) | ((b2 & 0x3f) << 6) | (b3 & 0x3f);
    return { cp, len: 4 };
  }
  return undefined;
}
