/** `tapedeck synth` flags: what it refuses, with one plain line and exit 2. */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { DEFAULT_SYNTH_OPTIONS } from "../../src/synth/index.js";
import { cli } from "../helpers/cli.js";

const dir = mkdtempSync(join(tmpdir(), "tapedeck-synth-cli-"));

describe("tapedeck synth", () => {
  test.each([
    [["--duration", "0"], 'tapedeck: --duration: must be more than 0 and at most 4h, got "0"\n'],
    [
      ["--duration", "5 minutes"],
      'tapedeck: --duration: expected a duration like 90s, 5m or 1h, got "5 minutes"\n',
    ],
    [["--symbols", "ES,XX"], /^tapedeck: --symbols: unknown futures root "XX" \(known: ES, /],
    [["--symbols", "ES,es"], 'tapedeck: --symbols: "ES" is listed twice\n'],
    [["--strategies", "0"], 'tapedeck: --strategies: expected a whole number 1..24, got "0"\n'],
    [["--seed", "-1"], 'tapedeck: --seed: expected a whole number 0..9007199254740991, got "-1"\n'],
    [
      ["--trades-per-min", "lots"],
      'tapedeck: --trades-per-min: expected a number 0..600, got "lots"\n',
    ],
    [
      ["--start", "yesterday"],
      'tapedeck: --start: expected a UTC time like 2026-11-20T14:30:00Z, got "yesterday"\n',
    ],
  ])("refuses %j", async (flags, message) => {
    const r = await cli("synth", ...flags, "-o", join(dir, "never.tape.jsonl"));
    expect(r.code).toBe(2);
    if (typeof message === "string") expect(r.stderr).toBe(message);
    else expect(r.stderr).toMatch(message);
    expect(r.stderr.split("\n")).toHaveLength(2);
  });

  test("refuses to replace a file unless --force", async () => {
    const path = join(dir, "taken.tape.jsonl");
    writeFileSync(path, "mine\n");
    const r = await cli("synth", "--duration", "5s", "-o", path);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`tapedeck: ${path}: already exists; choose another name\n`);
    const forced = await cli("synth", "--duration", "5s", "-o", path, "--force");
    expect(forced.code).toBe(0);
    expect(forced.stdout).toMatch(/ 0 signals, 0 orders /);
  });

  test("a session without trades still has its sockets and data", async () => {
    const path = join(dir, "quiet.tape.jsonl");
    const r = await cli(
      "synth",
      "--duration",
      "20s",
      "--trades-per-min",
      "0",
      "--symbols",
      "MNQ",
      "-o",
      path,
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      `${path}: ${r.stdout.match(/(\d+) events/)?.[1]} events, 0 signals, 0 orders (0 flat, 0 reversals, 0 partial exits), MNQZ6, realized $0.00\n`,
    );
  });

  test("the flags' defaults are the synthesizer's defaults", async () => {
    const path = join(dir, "defaults.tape.jsonl");
    const r = await cli("synth", "-o", path);
    expect(r.code).toBe(0);
    const header = JSON.parse(readFileSync(path, "utf8").split("\n")[0] ?? "");
    const { label, seed, ...options } = DEFAULT_SYNTH_OPTIONS;
    expect(header.label).toBe(label);
    expect(header.meta.synth).toEqual({ seed, options });
  });
});
