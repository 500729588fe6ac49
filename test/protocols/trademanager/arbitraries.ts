/** fast-check arbitraries shared by the Trade Manager tests, and the fixture loaders. */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import type { LogLineFields } from "../../../src/protocols/trademanager/logline.js";

const fixtureDir = new URL("../../fixtures/trademanager/", import.meta.url);

/** One documented frame: who sent it, its expected kind key, and its exact text. */
export interface FrameFixture {
  dir: "send" | "recv";
  kindKey: string;
  text: string;
}

/** The frames of test/fixtures/trademanager/frames.tsv. */
export function frameFixtures(): FrameFixture[] {
  return readFileSync(new URL("frames.tsv", fixtureDir), "utf8")
    .split("\n")
    .filter((line) => line !== "" && !line.startsWith("#"))
    .map((line) => {
      const [dir, kindKey, text] = line.split("\t");
      return { dir: dir as FrameFixture["dir"], kindKey: kindKey!, text: text! };
    });
}

/** Reads a JSON fixture. */
export function jsonFixture<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(name, fixtureDir), "utf8")) as T;
}

const chars = (from: number, to: number) =>
  fc.integer({ min: from, max: to }).map((cp) => String.fromCodePoint(cp));

/** Any ASCII character, controls included. */
export const asciiChar = chars(0, 0x7f);

/** Single emoji code points, and sequences with ZWJ, VS16, keycaps and flags. */
export const emoji = fc.oneof(
  chars(0x1f300, 0x1faff),
  fc.constantFrom("✅", "❌", "✔️", "⚡", "⭐", "⬆️", "☀️", "👨‍👩‍👧", "1️⃣", "🇺🇸", "📊", "🧹", "Ⓜ️"),
);

/** Typographic punctuation and signs people paste into text. */
export const typographic = fc.constantFrom(..."—–‒…“”‘’«»„‚•·‹›‰†‡€£¥©®™°±×÷¿¡\u00a0′″−≈≠≤≥→←⇒•");

/** Accented Latin letters: Latin-1 and Latin Extended-A. */
export const accented = fc.oneof(chars(0xc0, 0xd6), chars(0xd8, 0xf6), chars(0xf8, 0x17f));

/** Strings of ASCII, emoji, typographic punctuation and accented letters, freely mixed. */
export const mixedText = fc
  .array(fc.oneof(asciiChar, emoji, typographic, accented), { maxLength: 30 })
  .map((parts) => parts.join(""));

const realWords = [
  "café",
  "Müller",
  "naïve",
  "Grüße",
  "façade",
  "Ærøskøbing",
  "São Tomé",
  "Ñandú",
  "crème brûlée",
  "Øresund",
  "Straße",
  "œuvre",
  "Ångström",
  "Dvořák",
  "Zürich",
  "Łódź",
  "İstanbul",
  "ağaç",
  "Şişli",
  "Ça",
  "déjà",
  "niño",
  "François",
  "Ελλάδα",
  "Москва",
  "日本語",
  "Čeština",
  "Þórsmörk",
  "Eyjafjallajökull",
  "résumé",
  "coöperate",
  "ÉCOLE",
  "ÀÉÎÕÜ",
  "Señor",
  "Hélène",
  "Œdipe",
  "Ødegaard",
  "NQ1!",
  "profit",
  "ROG-15SV",
];

/**
 * Correct text as people write it: real words in many languages, quoted and punctuated with
 * typographic marks, joined by spaces, dashes and emoji, often with no space in between.
 */
export const correctText = fc
  .array(
    fc.tuple(
      fc.constantFrom("", "“", "‘", "«", "„", "‚", "¿", "¡", "(", '"', "—"),
      fc.constantFrom(...realWords),
      fc.constantFrom("", "”", "’", "»", "“", "‘", "…", "!", ",", ".", "—", "–", "™", "®", "°"),
      fc.oneof(fc.constantFrom(" ", " — ", "—", ", ", " · ", "\u00a0", "–"), emoji),
    ),
    { minLength: 1, maxLength: 8 },
  )
  .map((phrases) => phrases.map((p) => p.join("")).join(""));

const word = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.!-]{0,11}$/);

/** Strategy names of the shapes Trade Manager uses: words joined by single spaces. */
export const strategyName = fc
  .array(word, { minLength: 1, maxLength: 3 })
  .map((words) => words.join(" "));

/** TradingView tickers. */
export const ticker = fc.oneof(
  fc.constantFrom("NQ1!", "ES1!", "BTCUSDT", "BTCUSD", "NQZ2025", "CME_MINI:NQ1!", "MNQ1!"),
  fc.stringMatching(/^[A-Z0-9][A-Z0-9!:._/-]{0,14}$/),
);

/** Timeframes: minutes, seconds, hours. */
export const timeframe = fc.oneof(
  fc.constantFrom("15", "5", "30", "10s", "1H", "D"),
  fc.stringMatching(/^[0-9]{1,3}[smhHD]?$/),
);

/** Prices as Trade Manager logs them: plain decimals, trailing zeros kept. */
export const priceText = fc.oneof(
  fc.constantFrom("24958.5", "24959.0", "6723.25", "67250.50", "0.00001"),
  fc.stringMatching(/^-?(0|[1-9][0-9]{0,6})(\.[0-9]{1,5})?$/),
);

/** Order sizes: whole contracts mostly, crypto fractions sometimes. */
export const qty = fc.oneof(fc.integer({ min: 0, max: 500 }), fc.constantFrom(0.5, 0.001, 2.25));

/** Everything a log line can say, in the domain formatLogLine documents. */
export const logLineFields: fc.Arbitrary<LogLineFields> = fc
  .record(
    {
      tag: fc.constantFrom("RECORDER", "AUTO", "TRADER" as const),
      verb: fc.constantFrom("OPEN", "CLOSE", "ADD", "TRIM", "CLEARED" as const),
      strategy: strategyName,
      ticker,
      timeframe,
      qty,
      side: fc.constantFrom("BUY", "SELL" as const),
      priceText,
    },
    { requiredKeys: ["tag", "verb"] },
  )
  .map((f) => {
    // qty only travels with a side: drop it when the side is absent.
    if (f.side === undefined) delete f.qty;
    return f as LogLineFields;
  });
