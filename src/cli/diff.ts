/**
 * `tapedeck diff <a> <b>`: compares the inferred message shapes of two tapes (or saved
 * `inspect --json` reports). Exit 1 on drift (kinds or fields added, removed, retyped, presence
 * moved past the threshold), 0 when none, 2 when an input cannot be read: made for CI.
 */
import type { Command } from "commander";
import { InputError } from "../errors.js";
import type { CliContext } from "./io.js";
import type { RegisterCommand } from "./program.js";

interface DiffFlags {
  json?: boolean;
  presence: string;
}

function presencePoints(text: string): number | null {
  if (text === "off") return null;
  const n = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || n > 100) {
    throw new InputError(`--presence: "${text}" is not a number of points from 0 to 100, or off`);
  }
  return n;
}

export const register: RegisterCommand = (program: Command, ctx: CliContext) => {
  program
    .command("diff")
    .description("compare the message shapes of two tapes; exit 1 on drift")
    .argument("<a>", "the earlier tape, or its `inspect --json` report")
    .argument("<b>", "the later tape, or its `inspect --json` report")
    .option(
      "--presence <points>",
      "flag a field whose presence moves by at least this many percentage points (off: never)",
      "20",
    )
    .option("--json", "print the drift as JSON")
    .action(async (a: string, b: string, flags: DiffFlags) => {
      const points = presencePoints(flags.presence);
      const { diffReports, driftLine, loadReport } = await import("../inspect/index.js");
      const ra = await loadReport(a, { signal: ctx.stopSignal });
      const rb = await loadReport(b, { signal: ctx.stopSignal });
      const result = diffReports(ra, rb, { presencePoints: points });
      if (flags.json) {
        ctx.io.out(`${JSON.stringify({ a, b, ...result }, null, 2)}\n`);
      } else {
        const lines = result.drift.map(driftLine);
        for (const note of result.notes) lines.push(`note: ${note}`);
        const kinds = new Set(ra.kinds.map((k) => `${k.channel} ${k.dir} ${k.kind}`));
        lines.push(
          result.drift.length === 0
            ? `no drift: ${kinds.size} kinds, same fields and types`
            : `drift: ${result.drift.length} ${result.drift.length === 1 ? "change" : "changes"}`,
        );
        ctx.io.out(`${lines.join("\n")}\n`);
      }
      if (result.drift.length > 0) ctx.exitCode = 1;
    });
};
