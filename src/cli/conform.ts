/**
 * `tapedeck conform [--tape t] [--stage s] [--timeout s] [--json | --reporter junit] -- <cmd>`:
 * runs a client against a fake on free loopback ports and grades it, stage by stage, the way
 * Tradovate's websocket-management conformance stage would.
 */
import type { Command } from "commander";
import { InputError } from "../errors.js";
import type { CliContext } from "./io.js";
import type { RegisterCommand } from "./program.js";

interface ConformFlags {
  tape?: string;
  stage: string[];
  timeout: string;
  json?: boolean;
  events?: boolean;
  reporter?: string;
  showClient?: boolean;
  parallel?: boolean;
}

const collect = (value: string, prev: string[]) => [...prev, value];

/** Adds `conform` to the program. */
export const register: RegisterCommand = (program: Command, ctx: CliContext) => {
  program
    .command("conform")
    .description("grade a Tradovate client against the fake: login, heartbeats, sync, reconnect...")
    .argument("<command...>", "the client to run, after -- (e.g. -- node my-bot.js)")
    .option("--tape <tape>", "tape the fake serves (default: the demo in recordings/demo)")
    .option(
      "--stage <stages>",
      "stages to run, comma-separated or repeated (default: all): login, heartbeats, sync, reconnect, tokens, ratelimit, orders, hygiene",
      collect,
      [],
    )
    .option("--timeout <s>", "stop the client after this many seconds at most", "60")
    .option("--json", "print the result as JSON")
    .option("--events", "with --json: include every observed frame and REST call")
    .option("--reporter <kind>", "junit: print JUnit XML for CI")
    .option("--show-client", "pass the client's stdout and stderr through to stderr")
    .option("--parallel", "run the dedicated runs alongside the main one (several client copies)")
    .action(async (command: string[], flags: ConformFlags) => conform(command, flags, ctx));
};

async function conform(command: string[], flags: ConformFlags, ctx: CliContext): Promise<void> {
  const { runConformance, formatCards, formatJson, formatJunit, passed, STAGES } = await import(
    "../conform/index.js"
  );
  const { demoTapes } = await import("../demo/demo-tapes.js");
  const known = new Set<string>(STAGES);
  const stages = flags.stage.flatMap((s) => s.split(",")).map((s) => s.trim().toLowerCase());
  for (const s of stages) {
    if (!known.has(s))
      throw new InputError(`--stage: unknown stage "${s}" (stages: ${STAGES.join(", ")})`);
  }
  const timeout = Number(flags.timeout);
  if (!/^\d+(\.\d+)?$/.test(flags.timeout.trim()) || !(timeout > 0) || timeout > 3600)
    throw new InputError(`--timeout: expected seconds 0..3600, got "${flags.timeout}"`);
  if (flags.reporter !== undefined && flags.reporter !== "junit")
    throw new InputError(`--reporter: only junit is supported, got "${flags.reporter}"`);
  if (flags.reporter && flags.json)
    throw new InputError("--json and --reporter junit both print the result: pick one");
  const tape = flags.tape ?? demoTapes()[0]!;

  const result = await runConformance({
    tape,
    command,
    stages: stages as Array<(typeof STAGES)[number]>,
    timeoutMs: timeout * 1000,
    signal: ctx.stopSignal,
    parallel: flags.parallel ?? false,
    // Progress only on a terminal: piped output stays the result alone.
    ...(ctx.io.isTty ? { onRun: (kind: string) => ctx.io.err(`conform: ${kind} run...\n`) } : {}),
    ...(flags.showClient ? { onOutput: (t: string) => ctx.io.err(t) } : {}),
  });
  if (flags.reporter === "junit") ctx.io.out(formatJunit(result));
  else if (flags.json) ctx.io.out(formatJson(result, flags.events ?? false));
  else ctx.io.out(formatCards(result));
  if (!passed(result)) ctx.exitCode = 1;
}
