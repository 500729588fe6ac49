/**
 * Mojibake: UTF-8 text whose bytes were read as a single-byte code page. Trade Manager's log
 * lines reach people as Mac OS Roman (`üìä [RECORDER] OPEN ‚Äî`, often with the invisible U+F8FF
 * of byte F0 stripped), Windows-1252 (`ðŸ“Š ... â€”`), Turkish cp1254 (`ğŸ“Š`) or Latin-1.
 * {@link garble} makes each form (the synthesizer uses it), {@link repairMojibake} undoes them.
 *
 * How a repair decides (docs/protocols.md, "Mojibake", says the same):
 * - It works on runs of non-ASCII characters; ASCII is never touched, because every code page
 *   here maps ASCII to itself.
 * - For a run it tries Mac Roman, Windows-1252, cp1254, Latin-1 in turn: each character back to
 *   its byte (a character the page lacks rules the page out), then strict UTF-8. In Mac Roman a
 *   lone 9F where a character should start is taken as a 4-byte emoji whose F0 (U+F8FF) was
 *   stripped.
 * - The decoded run is used only if every character lands in the ranges mojibake here comes
 *   from: Latin-1 and Latin Extended-A letters and signs (U+00A0..U+017F), punctuation and
 *   symbols (U+2000..U+2BFF less a few blocks), variation selectors, emoji (U+1F000..U+1FAFF)
 *   and tag characters. This is what keeps correct text untouched: in Mac Roman "—à" is bytes
 *   D1 88, valid UTF-8 for Cyrillic "ш", and "«é" would be "ǎ"; those results fall outside the
 *   ranges, so the French text stays as it is. The price is that genuinely garbled Cyrillic,
 *   Greek or CJK is not repaired.
 * - A run holding U+FFFD (a byte Windows-1252 could not show) cannot decode as a whole; it is
 *   repaired sequence by sequence instead, and the characters around the lost byte stay as they
 *   were, never guessed.
 * - Ambiguity, decided: "Ã©" (and "Â°", "â€™"...) are taken to be mojibake and repaired. As
 *   typed text they are letter-sign pairs no language writes, while as mojibake they are the
 *   most common forms there are.
 */
import { type CodePage, CP1254, LATIN1, MAC_ROMAN, WINDOWS_1252 } from "./codepages.js";
import { decodeUtf8At } from "./utf8.js";

/** The ways {@link garble} can misread UTF-8. `macroman-stripped` also drops U+F8FF (byte F0). */
export type Garbling = "macroman" | "macroman-stripped" | "windows-1252" | "cp1254" | "latin1";

/** Every {@link Garbling}, for generators and tests. */
export const GARBLINGS: readonly Garbling[] = [
  "macroman",
  "macroman-stripped",
  "windows-1252",
  "cp1254",
  "latin1",
];

const PAGE_OF: Record<Garbling, CodePage> = {
  macroman: MAC_ROMAN,
  "macroman-stripped": MAC_ROMAN,
  "windows-1252": WINDOWS_1252,
  cp1254: CP1254,
  latin1: LATIN1,
};

const REPLACEMENT = 0xfffd;
const APPLE_LOGO_BYTE = 0xf0;
const encoder = new TextEncoder();

/**
 * Misreads `text` the way a program does that takes UTF-8 bytes for `how`: each byte becomes
 * that page's character; a byte the page lacks becomes U+FFFD (Windows-1252: 81 8D 8F 90 9D).
 * cp1254 follows browsers and keeps its undefined bytes as C1 controls, so it loses nothing.
 */
export function garble(text: string, how: Garbling): string {
  const page = PAGE_OF[how];
  const strip = how === "macroman-stripped";
  const out: string[] = [];
  for (const b of encoder.encode(text)) {
    if (b < 0x80) out.push(String.fromCharCode(b));
    else if (!(strip && b === APPLE_LOGO_BYTE)) {
      const cp = page.high[b - 0x80] ?? (page.undefinedAs === "c1" ? b : REPLACEMENT);
      out.push(String.fromCodePoint(cp));
    }
  }
  return out.join("");
}

/** Inclusive ranges [from, to] of code points a repair may produce; see the module comment. */
const PLAUSIBLE: ReadonlyArray<readonly [number, number]> = [
  [0x00a0, 0x017f], // Latin-1 letters and signs, Latin Extended-A
  [0x2000, 0x23ff], // punctuation, currency, keycap, letterlike, arrows, math, technical
  [0x24c2, 0x24c2], // Ⓜ
  [0x2500, 0x27bf], // box drawing, blocks, geometric shapes, symbols, dingbats
  [0x2934, 0x2935], // ⤴ ⤵
  [0x2b00, 0x2bff], // arrows and symbols (⬆ ⭐ ⭕)
  [0x3030, 0x3030],
  [0x303d, 0x303d],
  [0x3297, 0x3297],
  [0x3299, 0x3299],
  [0xfe00, 0xfe0f], // variation selectors (the emoji VS16)
  [0x1f000, 0x1faff], // emoji
  [0xe0020, 0xe007f], // tag characters (subdivision flags)
];

function plausible(cp: number): boolean {
  for (const [from, to] of PLAUSIBLE) if (cp >= from && cp <= to) return true;
  return false;
}

/** The order pages are tried in; the first that decodes wins. */
const PAGES: readonly CodePage[] = [MAC_ROMAN, WINDOWS_1252, CP1254, LATIN1];

/** Bytes of a run under a page, or undefined when a character has no byte there. */
function bytesOf(chars: readonly string[], page: CodePage): number[] | undefined {
  const bytes: number[] = [];
  for (const ch of chars) {
    const b = page.toByte.get(ch.codePointAt(0)!);
    if (b === undefined) return undefined;
    bytes.push(b);
  }
  return bytes;
}

/**
 * Decodes all of `bytes` as UTF-8, or undefined if any part is invalid or implausible. With
 * `restoreF0`, a 9F at a character start followed by two continuation bytes is read as F0 9F ..,
 * the 4-byte emoji whose first byte (U+F8FF in Mac Roman) was stripped.
 */
function decodeWhole(bytes: readonly number[], restoreF0: boolean): string | undefined {
  const out: string[] = [];
  let i = 0;
  while (i < bytes.length) {
    let ch = decodeUtf8At(bytes, i);
    if (ch === undefined && restoreF0 && bytes[i] === 0x9f) {
      const restored = decodeUtf8At(
        [APPLE_LOGO_BYTE, 0x9f, bytes[i + 1] ?? null, bytes[i + 2] ?? null],
        0,
      );
      if (restored !== undefined) ch = { cp: restored.cp, len: 3 };
    }
    if (ch === undefined || !plausible(ch.cp)) return undefined;
    out.push(String.fromCodePoint(ch.cp));
    i += ch.len;
  }
  return out.join("");
}

/**
 * Repairs what can be repaired in a run that holds lost bytes: each valid, plausible multi-byte
 * sequence is decoded, every other character stays. Returns the best page's result (the one
 * decoding most bytes), or undefined when nothing decodes.
 */
function repairAroundLoss(chars: readonly string[]): string | undefined {
  let best: { text: string; decoded: number } | undefined;
  for (const page of [WINDOWS_1252, CP1254]) {
    const bytes = chars.map((ch) => page.toByte.get(ch.codePointAt(0)!) ?? null);
    const out: string[] = [];
    let decoded = 0;
    let i = 0;
    while (i < bytes.length) {
      const ch = decodeUtf8At(bytes, i);
      if (ch !== undefined && ch.len > 1 && plausible(ch.cp)) {
        out.push(String.fromCodePoint(ch.cp));
        decoded += ch.len;
        i += ch.len;
      } else {
        out.push(chars[i]!);
        i += 1;
      }
    }
    if (decoded > 0 && (best === undefined || decoded > best.decoded)) {
      best = { text: out.join(""), decoded };
    }
  }
  return best?.text;
}

function repairRun(run: string): string {
  const chars = Array.from(run);
  for (const page of PAGES) {
    const bytes = bytesOf(chars, page);
    if (bytes === undefined) continue;
    const decoded = decodeWhole(bytes, page === MAC_ROMAN);
    if (decoded !== undefined && decoded !== run) return decoded;
  }
  if (run.includes("\ufffd")) return repairAroundLoss(chars) ?? run;
  return run;
}

const NON_ASCII_RUN = /[^\x00-\x7f]+/g;

/**
 * Undoes the mojibake forms {@link garble} makes (and that browsers and terminals make), run by
 * run, leaving correct text, ASCII and anything it cannot decode exactly as they were. Never
 * throws; lone surrogates and other odd input pass through.
 */
export function repairMojibake(text: string): string {
  if (typeof text !== "string") return text;
  return text.replace(NON_ASCII_RUN, repairRun);
}
