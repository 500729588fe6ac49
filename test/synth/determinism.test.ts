/**
 * The same seed gives the same bytes; other seeds give other sessions; any seed and any small
 * session comes out whole and in order.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { parseTmFrame } from "../../src/protocols/trademanager/index.js";
import { parseServerFrame } from "../../src/protocols/tradovate/index.js";
import { DEFAULT_SYNTH_OPTIONS, synthesize } from "../../src/synth/index.js";
import { cli } from "../helpers/cli.js";

const dir = mkdtempSync(join(tmpdir(), "tapedeck-synth-det-"));

describe("tapedeck synth --seed 7", () => {
  test("two runs write the same bytes, plain and gzip", async () => {
    for (const ext of ["tape.jsonl", "tape.jsonl.gz"]) {
      const a = join(dir, `a.${ext}`);
      const b = join(dir, `b.${ext}`);
      for (const out of [a, b]) {
        const r = await cli("synth", "--seed", "7", "--duration", "90s", "-o", out);
        expect(r.stderr).toBe("");
        expect(r.code).toBe(0);
        expect(r.stdout).toMatch(new RegExp(`^${out.replaceAll(".", "\\.")}: \\d+ events, `));
      }
      expect(readFileSync(a).equals(readFileSync(b))).toBe(true);
    }
    // The gzip tape holds exactly the plain tape's lines.
    const plain = readFileSync(join(dir, "a.tape.jsonl"));
    expect(gunzipSync(readFileSync(join(dir, "a.tape.jsonl.gz"))).equals(plain)).toBe(true);
    const header = JSON.parse(plain.toString("utf8").split("\n")[0] ?? "");
    expect(header).toMatchObject({
      tape: 1,
      started: "2026-11-20T14:30:00.000000Z",
      meta: { synth: { seed: 7, options: { symbols: ["ES", "NQ"], durationMs: 90_000 } } },
    });
  });

  test("another seed gives another session, and the header id says which", () => {
    const base = { ...DEFAULT_SYNTH_OPTIONS, durationMs: 30_000 };
    const a = synthesize({ ...base, seed: 7 });
    const b = synthesize({ ...base, seed: 8 });
    expect(a.header.id).not.toBe(b.header.id);
    expect(JSON.stringify(a.events)).not.toBe(JSON.stringify(b.events));
    expect(JSON.stringify(synthesize({ ...base, seed: 7 }).events)).toBe(JSON.stringify(a.events));
  });
});

describe("any seed", () => {
  test("gives a whole session: time-ordered, every frame parses, one close per socket", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 40 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 6 }),
        fc.subarray(["ES", "NQ", "MNQ", "CL", "ZN", "GC", "6E", "RTY"], {
          minLength: 1,
          maxLength: 3,
        }),
        (seed, seconds, strategies, symbols) => {
          const s = synthesize({
            ...DEFAULT_SYNTH_OPTIONS,
            seed,
            durationMs: seconds * 1000,
            strategies,
            symbols,
            tradesPerMin: 60,
          });
          let last = 0;
          for (const e of s.events) {
            expect(e.t).toBeGreaterThanOrEqual(last);
            last = e.t;
            if (e.k !== "recv") continue;
            const text = e.text ?? "";
            if (e.c === 3) {
              expect(parseTmFrame(text).kind, text).toBe("message");
            } else {
              const f = parseServerFrame(text);
              expect(f.kind, text).not.toBe("unrecognised");
              if (f.kind === "messages") {
                for (const m of f.messages) expect(m.type, text).not.toBe("unrecognised");
              }
            }
          }
          expect(s.events.filter((e) => e.k === "close")).toHaveLength(3);
          expect(s.summary.contracts).toHaveLength(symbols.length);
        },
      ),
      { numRuns: 25 },
    );
  });
});
