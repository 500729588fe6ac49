/** Every shipped scenario as its own test: `npm test` runs what `tapedeck scenario run` runs. */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { loadScenario } from "../../src/scenario/load.js";
import { runScenario } from "../../src/scenario/run.js";
import { repoRoot } from "../helpers/cli.js";

const dir = join(repoRoot, "scenarios");
const files = readdirSync(dir)
  .filter((n) => n.endsWith(".json") && !n.endsWith(".schema.json"))
  .sort();

describe("shipped scenarios", () => {
  test("there are at least 12", () => {
    expect(files.length).toBeGreaterThanOrEqual(12);
  });

  for (const name of files) {
    test(name, async () => {
      const result = await runScenario(await loadScenario(join(dir, name)));
      // The differences themselves are the failure message: the first one says what broke.
      expect(result.differences).toEqual([]);
      expect(result.passed).toBe(true);
    });
  }
});
