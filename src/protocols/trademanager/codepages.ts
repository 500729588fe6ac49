/**
 * The single-byte code pages that Trade Manager log text gets misread as. Each table gives the
 * character of every byte 0x80..0xFF (bytes below 0x80 are ASCII in all of them).
 *
 * The tables are data written out here rather than taken from TextDecoder at run time: Node 20's
 * `TextDecoder("windows-1252")` decodes Latin-1 (no smart quotes, no euro sign), and a Node built
 * without full ICU has no `macintosh` at all. The tests check each table against TextDecoder
 * where TextDecoder is right (macintosh, windows-1254).
 */

/** The code pages tapedeck knows. */
export type CodePageName = "macroman" | "windows-1252" | "cp1254" | "latin1";

/** One code page: byte -> character, and the reverse. */
export interface CodePage {
  name: CodePageName;
  /** Code point of each byte 0x80..0xFF (index 0 is byte 0x80); undefined where none is defined. */
  high: readonly (number | undefined)[];
  /**
   * Code point -> byte, for every character a decoder of this page can produce. Includes
   * characters the table above lacks but real decoders emit (see `aliases` in the builders).
   */
  toByte: ReadonlyMap<number, number>;
  /**
   * How decoders show a byte the page leaves undefined: `lost` (U+FFFD, as Windows and Python do
   * for Windows-1252) or `c1` (the C1 control of the same number, as browsers do).
   */
  undefinedAs: "lost" | "c1";
}

/** Mac OS Roman, as `new TextDecoder("macintosh")` decodes it: byte F0 is U+F8FF (Apple logo). */
const MAC_ROMAN_HIGH = [
  0xc4, 0xc5, 0xc7, 0xc9, 0xd1, 0xd6, 0xdc, 0xe1, 0xe0, 0xe2, 0xe4, 0xe3, 0xe5, 0xe7, 0xe9, 0xe8,
  0xea, 0xeb, 0xed, 0xec, 0xee, 0xef, 0xf1, 0xf3, 0xf2, 0xf4, 0xf6, 0xf5, 0xfa, 0xf9, 0xfb, 0xfc,
  0x2020, 0xb0, 0xa2, 0xa3, 0xa7, 0x2022, 0xb6, 0xdf, 0xae, 0xa9, 0x2122, 0xb4, 0xa8, 0x2260, 0xc6,
  0xd8, 0x221e, 0xb1, 0x2264, 0x2265, 0xa5, 0xb5, 0x2202, 0x2211, 0x220f, 0x3c0, 0x222b, 0xaa, 0xba,
  0x3a9, 0xe6, 0xf8, 0xbf, 0xa1, 0xac, 0x221a, 0x192, 0x2248, 0x2206, 0xab, 0xbb, 0x2026, 0xa0,
  0xc0, 0xc3, 0xd5, 0x152, 0x153, 0x2013, 0x2014, 0x201c, 0x201d, 0x2018, 0x2019, 0xf7, 0x25ca,
  0xff, 0x178, 0x2044, 0x20ac, 0x2039, 0x203a, 0xfb01, 0xfb02, 0x2021, 0xb7, 0x201a, 0x201e, 0x2030,
  0xc2, 0xca, 0xc1, 0xcb, 0xc8, 0xcd, 0xce, 0xcf, 0xcc, 0xd3, 0xd4, 0xf8ff, 0xd2, 0xda, 0xdb, 0xd9,
  0x131, 0x2c6, 0x2dc, 0xaf, 0x2d8, 0x2d9, 0x2da, 0xb8, 0x2dd, 0x2db, 0x2c7,
];

/**
 * Windows-1252 bytes 0x80..0x9F (0xA0..0xFF are Latin-1); 0 marks the bytes 81, 8D, 8F, 90 and
 * 9D, which are undefined: Windows decoders turn them into U+FFFD, so they are truly lost.
 */
const CP1252_C1 = [
  0x20ac, 0, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0,
  0x17d, 0, 0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a,
  0x153, 0, 0x17e, 0x178,
];

/** Where Turkish cp1254 differs from Windows-1252 (byte -> code point; undefined = no char). */
const CP1254_CHANGES: ReadonlyArray<readonly [number, number | undefined]> = [
  [0x8e, undefined],
  [0x9e, undefined],
  [0xd0, 0x11e], // Ğ
  [0xdd, 0x130], // İ
  [0xde, 0x15e], // Ş
  [0xf0, 0x11f], // ğ
  [0xfd, 0x131], // ı
  [0xfe, 0x15f], // ş
];

function latin1High(): (number | undefined)[] {
  return Array.from({ length: 128 }, (_, i) => 0x80 + i);
}

/**
 * Builds a page. Whatever `undefinedAs` says, the reverse table also maps the C1 control of each
 * undefined byte back to it: browsers (WHATWG decoders) emit those, so garbled text carries them.
 */
function page(
  name: CodePageName,
  high: (number | undefined)[],
  undefinedAs: CodePage["undefinedAs"],
): CodePage {
  const toByte = new Map<number, number>();
  high.forEach((cp, i) => {
    toByte.set(cp ?? 0x80 + i, 0x80 + i);
  });
  return { name, high, toByte, undefinedAs };
}

function cp1252High(): (number | undefined)[] {
  const high = latin1High();
  CP1252_C1.forEach((cp, i) => {
    high[i] = cp === 0 ? undefined : cp;
  });
  return high;
}

function cp1254High(): (number | undefined)[] {
  const high = cp1252High();
  for (const [byte, cp] of CP1254_CHANGES) high[byte - 0x80] = cp;
  return high;
}

/** Mac OS Roman. */
export const MAC_ROMAN: CodePage = page("macroman", [...MAC_ROMAN_HIGH], "lost");
/** Windows-1252, the real one (not Node 20's Latin-1 alias). */
export const WINDOWS_1252: CodePage = page("windows-1252", cp1252High(), "lost");
/** Windows-1254 (Turkish), with undefined bytes shown as browsers show them (lossless). */
export const CP1254: CodePage = page("cp1254", cp1254High(), "c1");
/** ISO-8859-1: every byte is the code point of the same number (0x80..0x9F are C1 controls). */
export const LATIN1: CodePage = page("latin1", latin1High(), "lost");
