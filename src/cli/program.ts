import { Command } from "commander";
import type { CliContext } from "./io.js";

/** A CLI command lives in its own file and adds itself to the program with one of these. */
export type RegisterCommand = (program: Command, ctx: CliContext) => void;

/**
 * The commands, in the order `--help` lists them. A command file only declares its flags at
 * import; heavy modules (servers, the ledger) are imported inside its action, so `--help`
 * stays cheap.
 */
const commands: Array<() => Promise<{ register: RegisterCommand }>> = [
  // @commands: one line per command file; keep this marker for additions.
  () => import("./conform.js"),
  () => import("./scenario.js"),
  () => import("./report.js"),
  () => import("./proxy.js"),
  () => import("./demo.js"),
  () => import("./synth.js"),
  () => import("./pnl.js"),
  () => import("./record.js"),
  () => import("./replay.js"),
  () => import("./inspect.js"),
  () => import("./diff.js"),
  () => import("./cat.js"),
  () => import("./verify.js"),
  () => import("./import-har.js"),
  () => import("./export-har.js"),
];

export const VERSION = "0.1.0";

/** Builds the commander program for one invocation. */
export async function buildProgram(ctx: CliContext): Promise<Command> {
  const program = new Command("tapedeck")
    .description(
      "Record and replay Tradovate and Trade Manager websockets: tapes, a fake server, exact P&L.",
    )
    .version(VERSION, "-V, --version")
    .option("--debug", "show stack traces for errors")
    .showHelpAfterError("(run with --help for usage)")
    .configureOutput({
      writeOut: (s) => ctx.io.out(s),
      writeErr: (s) => ctx.io.err(s),
    })
    .exitOverride();
  for (const load of commands) {
    const mod = await load();
    mod.register(program, ctx);
  }
  for (const cmd of program.commands) {
    cmd.exitOverride().configureOutput({
      writeOut: (s) => ctx.io.out(s),
      writeErr: (s) => ctx.io.err(s),
    });
    cmd.showHelpAfterError("(run with --help for usage)");
  }
  return program;
}
