import { CommanderError } from "commander";
import { TapedeckError } from "../errors.js";
import type { CliContext, CliIo } from "./io.js";
import { buildProgram } from "./program.js";

/**
 * Runs one CLI invocation and returns its exit code. Never throws and never calls
 * process.exit, so tests drive it in-process.
 *
 * Exit codes: 0 ok, 1 findings (verify, diff, failed scenarios) or an internal error,
 * 2 usage and input errors.
 */
export async function runCli(
  argv: readonly string[],
  io: CliIo,
  stopSignal: AbortSignal = new AbortController().signal,
): Promise<number> {
  const ctx: CliContext = { io, exitCode: 0, debug: argv.includes("--debug"), stopSignal };
  try {
    const program = await buildProgram(ctx);
    await program.parseAsync(argv as string[], { from: "user" });
    return ctx.exitCode;
  } catch (err) {
    return reportError(err, ctx);
  }
}

function reportError(err: unknown, ctx: CliContext): number {
  if (err instanceof CommanderError) {
    // commander already printed its message; help and version are successes.
    if (err.code === "commander.helpDisplayed" || err.code === "commander.version") return 0;
    if (err.code === "commander.help") return 0;
    return 2;
  }
  if (err instanceof TapedeckError) {
    ctx.io.err(`tapedeck: ${err.message}\n`);
    if (ctx.debug && err.stack) ctx.io.err(`${err.stack}\n`);
    return err.exitCode;
  }
  const message = err instanceof Error ? err.message : String(err);
  ctx.io.err(`tapedeck: internal error: ${message}${ctx.debug ? "" : " (--debug shows more)"}\n`);
  if (ctx.debug && err instanceof Error && err.stack) ctx.io.err(`${err.stack}\n`);
  return 1;
}
