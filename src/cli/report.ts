/**
 * `tapedeck report <tape> -o report.html`: the session at a glance in one self-contained HTML
 * file (timeline, rates, prices with fills, P&L curve, positions, frame browser) that opens
 * offline. Its P&L figures are those of `tapedeck pnl` with the same flags.
 */
import { writeFile } from "node:fs/promises";
import type { Command } from "commander";
import { fsError, InputError } from "../errors.js";
import type { CliContext } from "./io.js";
import type { RegisterCommand } from "./program.js";

interface ReportFlags {
  output: string;
  mark: string;
  matching?: string;
  fees: string;
  maxFrames: string;
  maxPoints: string;
}

const MARKS = ["bidask", "last", "mid"] as const;
const MATCHINGS = ["fifo", "average"] as const;

export const register: RegisterCommand = (program: Command, ctx: CliContext) => {
  program
    .command("report")
    .description("a self-contained HTML report of a tape: timeline, prices, fills, P&L, frames")
    .argument("<tape>", "tape file (.tape.jsonl or .tape.jsonl.gz)")
    .option("-o, --output <file>", "HTML file to write", "report.html")
    .option("--mark <kind>", "unrealized P&L at bidask, last or mid (as tapedeck pnl)", "bidask")
    .option("--matching <rule>", "lot matching: fifo or average (default: each venue's own)")
    .option("--fees <spec>", "fee schedule, as tapedeck pnl --fees", "default")
    .option("--max-frames <n>", "frames kept for the frame browser", "20000")
    .option("--max-points <n>", "most points per chart series", "2000")
    .action(async (tape: string, flags: ReportFlags) => report(tape, flags, ctx));
};

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new InputError(`${flag}: "${value}" is not one of ${allowed.join(", ")}`, "USAGE");
}

function count(flag: string, value: string, min: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < min) {
    throw new InputError(`${flag}: "${value}" is not a whole number of at least ${min}`, "USAGE");
  }
  return n;
}

async function report(path: string, flags: ReportFlags, ctx: CliContext): Promise<void> {
  const mark = oneOf("--mark", flags.mark, MARKS);
  const matching =
    flags.matching === undefined ? undefined : oneOf("--matching", flags.matching, MATCHINGS);
  const maxFrames = count("--max-frames", flags.maxFrames, 0);
  const maxPoints = count("--max-points", flags.maxPoints, 16);
  const { parseFeeSpec } = await import("../pnl/from-tape/fee-spec.js");
  const fees = parseFeeSpec(flags.fees);
  const { buildReportData } = await import("../report/build.js");
  const { renderReportHtml } = await import("../report/html.js");
  const data = await buildReportData(path, {
    mark,
    fees,
    maxFrames,
    maxPoints,
    ...(matching === undefined ? {} : { matching }),
  });
  const html = renderReportHtml(data);
  try {
    await writeFile(flags.output, html, "utf8");
  } catch (err) {
    fsError(err, flags.output);
  }
  const mb = (Buffer.byteLength(html) / 1e6).toFixed(1);
  ctx.io.out(
    `wrote ${flags.output} (${mb} MB): ${data.connections.length} connections, ` +
      `${data.counts.frames} frames, ${data.counts.fills} fills\n`,
  );
}
