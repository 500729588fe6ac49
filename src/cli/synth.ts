/**
 * `tapedeck synth`: writes a synthesized, self-consistent session (Tradovate trading and market
 * data sockets, Trade Manager, REST login) to a tape. The same flags give the same bytes.
 */
import type { Command } from "commander";
import type { CliContext } from "./io.js";
import type { RegisterCommand } from "./program.js";

interface SynthFlags {
  output?: string;
  seed: string;
  symbols: string;
  duration: string;
  strategies: string;
  tradesPerMin: string;
  start: string;
  label: string;
  force?: boolean;
}

export const register: RegisterCommand = (program: Command, ctx: CliContext) => {
  program
    .command("synth")
    .description(
      "write a synthesized session (Tradovate + Trade Manager) to a tape; the same seed gives the same bytes",
    )
    .option(
      "-o, --output <tape>",
      "where to write (.gz: gzip); default recordings/<start>_<label>.tape.jsonl",
    )
    .option("--seed <n>", "seed of every random draw", "1")
    .option("--symbols <roots>", "futures roots, comma-separated", "ES,NQ")
    .option("--duration <d>", "session length: 90s, 5m, 1h", "5m")
    .option("--strategies <n>", "Trade Manager strategies", "3")
    .option("--trades-per-min <x>", "strategy signals per minute, all strategies together", "4")
    .option("--start <iso>", "session start, UTC", "2026-11-20T14:30:00Z")
    .option("--label <label>", "tape label", "synth")
    .option("--force", "replace the output file if it exists")
    .action(async (flags: SynthFlags) => synth(flags, ctx));
};

async function synth(flags: SynthFlags, ctx: CliContext): Promise<void> {
  const { defaultTapeName } = await import("../tape/writer.js");
  const o = await import("../synth/index.js");
  const options: import("../synth/index.js").SynthOptions = {
    seed: o.parseWhole(flags.seed, "--seed", 0, Number.MAX_SAFE_INTEGER),
    symbols: o.parseSymbols(flags.symbols),
    durationMs: o.parseDuration(flags.duration),
    strategies: o.parseWhole(flags.strategies, "--strategies", 1, o.MAX_STRATEGIES),
    tradesPerMin: o.parseRate(flags.tradesPerMin, "--trades-per-min", 600),
    start: o.parseStart(flags.start),
    label: flags.label,
  };
  const path =
    flags.output ?? `recordings/${defaultTapeName(options.label, new Date(options.start))}`;
  const s = await o.writeSynthTape(path, options, { overwrite: flags.force ?? false });
  ctx.io.out(
    `${path}: ${s.events} events, ${s.signals} signals, ${s.orders} orders ` +
      `(${s.roundTrips} flat, ${s.reversals} reversals, ${s.partialExits} partial exits), ` +
      `${s.contracts.join(" ")}, realized ${s.realized}\n`,
  );
}
