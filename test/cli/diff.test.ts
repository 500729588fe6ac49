import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EventInput } from "../../src/tape/events.js";
import { cli } from "../helpers/cli.js";
import { tradeManagerSession, writeTape } from "../inspect/tapes.js";

const dir = mkdtempSync(join(tmpdir(), "tapedeck-cli-diff-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const renamed = (): EventInput[] =>
  tradeManagerSession().map((e) =>
    "text" in e && typeof e.text === "string"
      ? { ...e, text: e.text.replaceAll('"bid":', '"bidPrice":') }
      : e,
  );

let a = "";
let a2 = "";
let b = "";
beforeAll(async () => {
  a = await writeTape(dir, "a.tape.jsonl", tradeManagerSession());
  a2 = await writeTape(dir, "a2.tape.jsonl", tradeManagerSession(), 7, "another");
  b = await writeTape(dir, "b.tape.jsonl", renamed());
});

describe("tapedeck diff", () => {
  it("exits 0 when two recordings have the same shapes", async () => {
    const { code, stdout } = await cli("diff", a, a2);
    expect(code).toBe(0);
    expect(stdout).toBe("no drift: 14 kinds, same fields and types\n");
  });

  it("exits 1 and names a renamed field", async () => {
    const { code, stdout } = await cli("diff", a, b);
    expect(code).toBe(1);
    expect(stdout).toBe(
      [
        "- field    trademanager recv DATA  data.prices.bid  number|string",
        "+ field    trademanager recv DATA  data.prices.bidPrice  number|string",
        "drift: 2 changes",
        "",
      ].join("\n"),
    );
  });

  it("takes saved inspect --json reports as well as tapes", async () => {
    const saved = join(dir, "a.inspect.json");
    writeFileSync(saved, (await cli("inspect", a, "--json")).stdout);
    expect((await cli("diff", saved, a2)).code).toBe(0);
    const { code, stdout } = await cli("diff", saved, b, "--json");
    expect(code).toBe(1);
    expect(
      JSON.parse(stdout).drift.map(
        (d: { change: string; path: string }) => `${d.change} ${d.path}`,
      ),
    ).toEqual(["field-removed data.prices.bid", "field-added data.prices.bidPrice"]);
  });

  it("exits 2 on unreadable input or a bad flag", async () => {
    const missing = await cli("diff", a, join(dir, "none.tape.jsonl"));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("no such file");
    const fake = join(dir, "fake.json");
    writeFileSync(fake, '{"format":"something-else","kinds":[]}');
    const notReport = await cli("diff", fake, a);
    expect([notReport.code, notReport.stderr]).toEqual([
      2,
      `tapedeck: ${fake}: not a tapedeck inspect report (format is not tapedeck-inspect/1)\n`,
    ]);
    expect((await cli("diff", a, b, "--presence", "lots")).code).toBe(2);
    expect((await cli("diff", a, b, "--presence", "off")).code).toBe(1);
  });
});
