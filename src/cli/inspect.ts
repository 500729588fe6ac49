/**
 * `tapedeck inspect <tape>`: what each system in a tape sends. Connections, message kinds with
 * counts and rates, prices, position updates, the inferred shape of every kind, problems;
 * `--json` for machines, `--asyncapi` for an AsyncAPI 3.0 document. Streams the tape once.
 */
import type { Command } from "commander";
import { InputError } from "../errors.js";
import type { CliContext } from "./io.js";
import type { RegisterCommand } from "./program.js";

interface InspectFlags {
  json?: boolean;
  asyncapi?: boolean;
  maxPaths?: string;
}

export const register: RegisterCommand = (program: Command, ctx: CliContext) => {
  program
    .command("inspect")
    .description("what a tape's systems send: kinds, counts, rates, prices, shapes, problems")
    .argument("<tape>", "tape file (.tape.jsonl or .tape.jsonl.gz)")
    .option("--json", "print the whole report as one JSON document (input of `tapedeck diff`)")
    .option("--asyncapi", "print the inferred channels and messages as an AsyncAPI 3.0 document")
    .option("--max-paths <n>", "distinct field paths kept per kind", "500")
    .action(async (tape: string, flags: InspectFlags) => {
      if (flags.json && flags.asyncapi) throw new InputError("--json and --asyncapi: pick one");
      const maxPaths = Number(flags.maxPaths);
      if (!/^\d+$/.test(flags.maxPaths ?? "") || !Number.isSafeInteger(maxPaths) || maxPaths < 1) {
        throw new InputError(`--max-paths: "${flags.maxPaths}" is not a whole number >= 1`);
      }
      const { inspectTape, reportText, toAsyncApi } = await import("../inspect/index.js");
      const report = await inspectTape(tape, { maxPaths, signal: ctx.stopSignal });
      if (flags.asyncapi) ctx.io.out(`${JSON.stringify(toAsyncApi(report), null, 2)}\n`);
      else if (flags.json) ctx.io.out(`${JSON.stringify(report, null, 2)}\n`);
      else ctx.io.out(`${reportText(report).join("\n")}\n`);
    });
};
