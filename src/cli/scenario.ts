/**
 * `tapedeck scenario run [paths...]`: runs scenario files (or every `*.json` in a folder;
 * default `scenarios/`) against an in-process replay server and prints one result per scenario
 * with the first difference of a failure. `--reporter junit` prints JUnit XML instead. Exit 1
 * when any scenario fails, 2 for a bad scenario file.
 */
import type { Command } from "commander";
import { InputError } from "../errors.js";
import type { CliContext } from "./io.js";
import type { RegisterCommand } from "./program.js";

export const register: RegisterCommand = (program: Command, ctx: CliContext) => {
  const scenario = program
    .command("scenario")
    .description("scenario suites: a tape, what a client does, and what must come out");
  scenario
    .command("run")
    .description("run scenario files against an in-process replay server")
    .argument("[paths...]", "scenario files or folders of them", ["scenarios"])
    .option("--reporter <name>", "text or junit", "text")
    .exitOverride()
    .configureOutput({ writeOut: (s) => ctx.io.out(s), writeErr: (s) => ctx.io.err(s) })
    .action(async (paths: string[], opts: { reporter: string }) => {
      if (opts.reporter !== "text" && opts.reporter !== "junit") {
        throw new InputError(`--reporter: expected text or junit, got "${opts.reporter}"`);
      }
      const { loadScenario, scenarioFiles } = await import("../scenario/load.js");
      const { runScenario } = await import("../scenario/run.js");
      const report = await import("../scenario/report.js");
      const files = (await Promise.all(paths.map((p) => scenarioFiles(p)))).flat();
      if (files.length === 0) throw new InputError(`no scenario files in ${paths.join(", ")}`);
      // Load every file first: a bad file stops the run before anything is replayed.
      const loaded = await Promise.all(files.map((f) => loadScenario(f)));
      const results = [];
      for (const l of loaded) {
        if (ctx.stopSignal.aborted) break;
        const r = await runScenario(l);
        results.push(r);
        if (opts.reporter === "text") ctx.io.out(report.formatResultText(r));
      }
      if (opts.reporter === "junit") ctx.io.out(report.formatJunit(results));
      else ctx.io.out(report.formatSummary(results));
      if (results.some((r) => !r.passed)) ctx.exitCode = 1;
    });
};
