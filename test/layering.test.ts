/** Layers only import downwards (test/helpers/layering.ts has the ranks). */
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { repoRoot } from "./helpers/cli.js";
import { sourceFiles, upwardImports } from "./helpers/layering.js";

describe("layering", () => {
  test("no file under src/ imports from a layer above its own", () => {
    const found = upwardImports(sourceFiles(join(repoRoot, "src")));
    expect(found.map((v) => `${v.file} -> ${v.imports}`)).toEqual([]);
  });

  test("an upward import is reported, whatever its form", () => {
    const files = new Map([
      ["protocols/x.ts", 'import { y } from "../record/y.js";'],
      [
        "tape/t.ts",
        'export type { R } from "../replay/r.js";\nconst m = await import("../cli/main.js");',
      ],
      ["pnl/ok.ts", 'import { a } from "../protocols/a.js";\nimport { b } from "./b.js";'],
      ["errors.ts", 'import { c } from "./cli/c.js";'],
      ["newfolder/n.ts", 'import { e } from "../errors.js";'],
    ]);
    expect(upwardImports(files)).toEqual([
      { file: "protocols/x.ts", imports: "record/y.js" },
      { file: "tape/t.ts", imports: "replay/r.js" },
      { file: "tape/t.ts", imports: "cli/main.js" },
      { file: "errors.ts", imports: "cli/c.js" },
      { file: "newfolder/n.ts", imports: "(folder src/newfolder/ has no layer)" },
    ]);
  });
});
