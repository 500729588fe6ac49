import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  GARBLINGS,
  type Garbling,
  garble,
  repairMojibake,
} from "../../../src/protocols/trademanager/mojibake.js";
import { correctText, jsonFixture, mixedText } from "./arbitraries.js";

interface MojibakeRow {
  char: string;
  utf8: string;
  lost?: Garbling[];
  [form: string]: unknown;
}

const table = jsonFixture<{ rows: MojibakeRow[] }>("mojibake.json").rows;

/** Bytes Windows-1252 leaves undefined: decoders turn them into U+FFFD. */
const LOST_IN_1252 = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);
const utf8 = (s: string) => [...new TextEncoder().encode(s)];

/**
 * What a repair can give back from Windows-1252: every character whose bytes all survive is
 * restored, and a character with a lost byte stays as its garbled form.
 */
function expectedFrom1252(s: string): string {
  return Array.from(s)
    .map((ch) => (utf8(ch).some((b) => LOST_IN_1252.has(b)) ? garble(ch, "windows-1252") : ch))
    .join("");
}

const asciiOnly = (s: string) => s.replace(/[^\x00-\x7f]/g, "");

describe("garble, against the spec's table", () => {
  for (const row of table) {
    for (const how of GARBLINGS) {
      const form = row[how];
      if (typeof form !== "string") continue;
      it(`${row.char} (${row.utf8}) as ${how} is ${JSON.stringify(form)}`, () => {
        expect(garble(row.char, how)).toBe(form);
      });
    }
  }

  it("turns the 4-byte emoji's F0 into U+F8FF in Mac Roman and drops it when stripped", () => {
    expect(garble("📊", "macroman").codePointAt(0)).toBe(0xf8ff);
    expect(garble("📊", "macroman-stripped")).toBe("üìä");
  });

  it("shows Latin-1's C1 controls for bytes 80..9F", () => {
    expect(garble("—", "latin1")).toBe("â\u0080\u0094");
  });

  it("keeps cp1254's undefined bytes as C1 controls, as browsers do, so nothing is lost", () => {
    expect(garble("❌", "cp1254")).toBe("â\u009dŒ");
  });
});

describe("repairMojibake, against the spec's table", () => {
  for (const row of table) {
    for (const how of GARBLINGS) {
      const form = row[how];
      if (typeof form !== "string") continue;
      const lost = row.lost?.includes(how) === true;
      it(`${JSON.stringify(form)} (${how}) ${lost ? "stays as it is" : `becomes ${row.char}`}`, () => {
        expect(repairMojibake(form)).toBe(lost ? form : row.char);
      });
    }
  }

  it("repairs the spec's garbled log line prefixes", () => {
    expect(repairMojibake("üìä [RECORDER] OPEN ‚Äî")).toBe("📊 [RECORDER] OPEN —");
    expect(repairMojibake("ðŸ“Š [RECORDER] OPEN â€”")).toBe("📊 [RECORDER] OPEN —");
    expect(repairMojibake("ğŸ“Š [RECORDER] OPEN â€”")).toBe("📊 [RECORDER] OPEN —");
  });

  it("repairs several stripped emoji in one run", () => {
    const s = "📊📊‚Äî🧹";
    expect(repairMojibake(garble(s, "macroman-stripped"))).toBe(s);
  });

  it("repairs the rest of a run around a byte Windows-1252 lost", () => {
    // ❌ followed directly by an em dash: the dash comes back, the cross stays garbled.
    expect(repairMojibake("â\ufffdŒâ€”")).toBe("â\ufffdŒ—");
  });

  it("repairs text garbled by a browser's windows-1252 (C1 controls for undefined bytes)", () => {
    expect(repairMojibake("â\u009dŒ")).toBe("❌");
  });

  it("takes Ã© for mojibake of é (a decision: no language writes that pair)", () => {
    expect(repairMojibake("cafÃ©")).toBe("café");
    expect(repairMojibake("caf√©")).toBe("café");
  });
});

describe("repairMojibake leaves correct text alone", () => {
  const sentences = [
    "café, Müller, naïve, Grüße",
    "«Élan», dit-il—à demain…",
    "„Ärger“ und ‚Äpfel‘ — Straße",
    "São Paulo: ação, coração",
    "İstanbul’da ağaç ve Şişli",
    "Þórsmörk og Eyjafjallajökull",
    "Łódź, Kraków, Dvořák, Čeština",
    "Ελλάδα — Москва — 日本語",
    "📊 [RECORDER] OPEN — Strategy: **ROG-15SV** ✅ ❌ 👨‍👩‍👧 1️⃣ 🇺🇸",
    "Price ≈ 24,958.50 ± 0.25 (€, £, ¥) © ® ™ °",
    "\uf8ff Apple, \ufffd replacement, \u00a0 nbsp",
    "ü alone, üß together, Fuß“",
  ];
  for (const s of sentences) {
    it(JSON.stringify(s), () => {
      expect(repairMojibake(s)).toBe(s);
    });
  }

  it("never alters correct text of real words, punctuation and emoji", () => {
    fc.assert(
      fc.property(correctText, (s) => {
        expect(repairMojibake(s)).toBe(s);
      }),
      { numRuns: 500 },
    );
  });
});

describe("repair(garble(s, how)) gives s back", () => {
  for (const how of GARBLINGS.filter((g) => g !== "windows-1252")) {
    it(`for ${how}`, () => {
      fc.assert(
        fc.property(mixedText, (s) => {
          expect(repairMojibake(garble(s, how))).toBe(s);
        }),
        { numRuns: 400 },
      );
    });
  }

  it("for windows-1252, except characters with a lost byte, which stay garbled", () => {
    fc.assert(
      fc.property(mixedText, (s) => {
        expect(repairMojibake(garble(s, "windows-1252"))).toBe(expectedFrom1252(s));
      }),
      { numRuns: 400 },
    );
  });

  it("for windows-1252, exactly, when no byte is lost", () => {
    const kept = mixedText.filter((s) => !utf8(s).some((b) => LOST_IN_1252.has(b)));
    fc.assert(
      fc.property(kept, (s) => {
        expect(repairMojibake(garble(s, "windows-1252"))).toBe(s);
      }),
      { numRuns: 200 },
    );
  });
});

describe("repairMojibake is total", () => {
  it("never throws, never touches ASCII and never lengthens a string", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 60 }), (s) => {
        const out = repairMojibake(s);
        expect(asciiOnly(out)).toBe(asciiOnly(s));
        expect(out.length).toBeLessThanOrEqual(s.length);
      }),
      { numRuns: 500 },
    );
  });

  it("handles strings of the characters mojibake is made of", () => {
    const garbledChars = fc.constantFrom(..."ÃÂâ€œ™ðŸ“Šü√ƒ¬≈‚ÄîÔ∏è\uf8ff\ufffdğ\u0080\u009dŒ ");
    fc.assert(
      fc.property(fc.array(garbledChars, { maxLength: 40 }), (parts) => {
        const s = parts.join("");
        expect(asciiOnly(repairMojibake(s))).toBe(asciiOnly(s));
      }),
      { numRuns: 300 },
    );
  });

  it("returns a non-string unchanged instead of throwing", () => {
    expect(repairMojibake(42 as unknown as string)).toBe(42);
  });
});

describe("garble is total", () => {
  it("never throws and keeps ASCII where it was, for every encoding", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "binary", maxLength: 40 }),
        fc.constantFrom(...GARBLINGS),
        (s, how) => {
          expect(asciiOnly(garble(s, how))).toBe(asciiOnly(s));
        },
      ),
      { numRuns: 300 },
    );
  });
});
