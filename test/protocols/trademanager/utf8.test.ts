import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeUtf8At } from "../../../src/protocols/trademanager/utf8.js";

/** Decodes a whole byte list with decodeUtf8At, or undefined where it stops. */
function decodeAll(bytes: number[]): string | undefined {
  let out = "";
  for (let i = 0; i < bytes.length; ) {
    const ch = decodeUtf8At(bytes, i);
    if (ch === undefined) return undefined;
    out += String.fromCodePoint(ch.cp);
    i += ch.len;
  }
  return out;
}

function platform(bytes: number[]): string | undefined {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(
      Uint8Array.from(bytes),
    );
  } catch {
    return undefined;
  }
}

describe("decodeUtf8At", () => {
  it("agrees with a fatal TextDecoder on arbitrary bytes", () => {
    const highBytes = fc.oneof(
      fc.integer({ min: 0, max: 255 }),
      fc.integer({ min: 0x80, max: 0xbf }),
    );
    fc.assert(
      fc.property(fc.array(highBytes, { maxLength: 12 }), (bytes) => {
        expect(decodeAll(bytes)).toBe(platform(bytes));
      }),
      { numRuns: 2000 },
    );
  });

  it("decodes every valid string's bytes back to it", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 20 }), (s) => {
        expect(decodeAll([...new TextEncoder().encode(s)])).toBe(s);
      }),
    );
  });

  it("rejects overlongs, surrogates, values past U+10FFFF, truncation and holes", () => {
    for (const bad of [
      [0xc0, 0x80],
      [0xe0, 0x80, 0x80],
      [0xf0, 0x80, 0x80, 0x80],
      [0xed, 0xa0, 0x80],
      [0xf4, 0x90, 0x80, 0x80],
      [0xe2, 0x80],
      [0x80],
      [0xf8, 0x80, 0x80, 0x80],
    ]) {
      expect(decodeUtf8At(bad, 0)).toBeUndefined();
    }
    expect(decodeUtf8At([0xe2, null, 0x94], 0)).toBeUndefined();
    expect(decodeUtf8At([0xe2, 0x80, 0x94], 0)).toEqual({ cp: 0x2014, len: 3 });
  });
});
