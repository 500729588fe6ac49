/**
 * `tapedeck pnl <tape>`: positions and money per account/contract and per Trade Manager record,
 * computed exactly from the tape's fills and quotes, and reconciled with the venues' own figures.
 * Exit 0 whatever the figures; with --strict, 1 when a venue figure disagrees with the ledger.
 */
import type { Command } from "commander";
import { InputError } from "../errors.js";
import type { CliContext } from "./io.js";
import type { RegisterCommand } from "./program.js";

interface PnlFlags {
  mark: string;
  matching?: string;
  fees: string;
  timeline?: boolean;
  csv?: boolean;
  json?: boolean;
  strict?: boolean;
}

const MARKS = ["bidask", "last", "mid"] as const;
const MATCHINGS = ["fifo", "average"] as const;

export const register: RegisterCommand = (program: Command, ctx: CliContext) => {
  program
    .command("pnl")
    .description("exact P&L of a tape per account and per strategy, reconciled with the venues")
    .argument("<tape>", "tape file (.tape.jsonl or .tape.jsonl.gz)")
    .option(
      "--mark <kind>",
      "unrealized P&L at bidask (long at bid, short at ask), last or mid",
      "bidask",
    )
    .option("--matching <rule>", "lot matching: fifo or average (default: each venue's own)")
    .option(
      "--fees <spec>",
      "none, default, or e.g. emini=1.29,micro=0.5,NQ=1.5,spot=0.001",
      "default",
    )
    .option("--timeline", "list each fill with its realized P&L and running totals")
    .option("--csv", "CSV: one line per position (per fill with --timeline)")
    .option("--json", "the whole report as JSON")
    .option("--strict", "exit 1 when the tape's own figures disagree with the ledger")
    .action(async (tape: string, flags: PnlFlags) => pnl(tape, flags, ctx));
};

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new InputError(`${flag}: "${value}" is not one of ${allowed.join(", ")}`, "USAGE");
}

async function pnl(path: string, flags: PnlFlags, ctx: CliContext): Promise<void> {
  const mark = oneOf("--mark", flags.mark, MARKS);
  const matching =
    flags.matching === undefined ? undefined : oneOf("--matching", flags.matching, MATCHINGS);
  if (flags.csv && flags.json) throw new InputError("--csv and --json: choose one", "USAGE");
  const ft = await import("../pnl/from-tape/index.js");
  const fees = ft.parseFeeSpec(flags.fees);
  const report = await ft.analyzeTape(path, {
    mark,
    fees,
    timeline: flags.timeline ?? false,
    ...(matching === undefined ? {} : { matching }),
  });
  if (flags.json) ctx.io.out(ft.formatPnlJson(report));
  else if (flags.csv)
    ctx.io.out(flags.timeline ? ft.formatTimelineCsv(report) : ft.formatPnlCsv(report));
  else ctx.io.out(ft.formatPnlText(report, { timeline: flags.timeline ?? false }));
  if (flags.strict && report.reconciliation.disagreements.length > 0) ctx.exitCode = 1;
}
