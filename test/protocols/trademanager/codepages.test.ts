import { describe, expect, it } from "vitest";
import {
  CP1254,
  LATIN1,
  MAC_ROMAN,
  WINDOWS_1252,
} from "../../../src/protocols/trademanager/codepages.js";

const HIGH = Uint8Array.from({ length: 128 }, (_, i) => 0x80 + i);
const decodeHigh = (label: string) =>
  [...new TextDecoder(label).decode(HIGH)].map((c) => c.codePointAt(0));

describe("code page tables", () => {
  it("Mac Roman matches TextDecoder('macintosh'), byte F0 being U+F8FF", () => {
    expect(MAC_ROMAN.high).toEqual(decodeHigh("macintosh"));
    expect(MAC_ROMAN.high[0xf0 - 0x80]).toBe(0xf8ff);
  });

  it("cp1254 matches TextDecoder('windows-1254') wherever cp1254 defines the byte", () => {
    const platform = decodeHigh("windows-1254");
    CP1254.high.forEach((cp, i) => {
      expect(cp ?? 0x80 + i).toBe(platform[i]);
    });
    expect(CP1254.high[0xf0 - 0x80]).toBe(0x11f); // ğ, the first byte of every emoji
  });

  it("Windows-1252 has the real 0x80..0x9F (Node 20's decoder gives Latin-1 there)", () => {
    const at = (b: number) => WINDOWS_1252.high[b - 0x80];
    expect(at(0x80)).toBe(0x20ac);
    expect(at(0x93)).toBe(0x201c);
    expect(at(0x94)).toBe(0x201d);
    expect(at(0x97)).toBe(0x2014);
    expect(at(0x9f)).toBe(0x178);
    for (const lost of [0x81, 0x8d, 0x8f, 0x90, 0x9d]) expect(at(lost)).toBeUndefined();
    // It shares 0x80..0x9F with cp1254 except 8E (Ž) and 9E (ž).
    for (let b = 0x80; b <= 0x9f; b++) {
      if (b === 0x8e || b === 0x9e) continue;
      expect(at(b)).toBe(CP1254.high[b - 0x80]);
    }
    expect([at(0x8e), at(0x9e)]).toEqual([0x17d, 0x17e]);
    // 0xA0..0xFF are Latin-1.
    for (let b = 0xa0; b <= 0xff; b++) expect(at(b)).toBe(b);
  });

  it("each reverse table inverts its forward table", () => {
    for (const page of [MAC_ROMAN, WINDOWS_1252, CP1254, LATIN1]) {
      page.high.forEach((cp, i) => {
        expect(page.toByte.get(cp ?? 0x80 + i)).toBe(0x80 + i);
      });
      expect(page.toByte.size).toBe(128);
    }
  });
});
