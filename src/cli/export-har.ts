/**
 * `tapedeck export-har <tape> -o <file>`: a tape as a HAR 1.2 file that browser DevTools and HAR
 * viewers open; `tapedeck import-har` reads it back into the same tape.
 */
import type { Command } from "commander";
import { exportHar } from "../tape/har-export.js";
import type { CliContext } from "./io.js";
import type { RegisterCommand } from "./program.js";

interface ExportFlags {
  out: string;
  force?: boolean;
}

export const register: RegisterCommand = (program: Command, ctx: CliContext) => {
  program
    .command("export-har")
    .description("write a tape as a HAR 1.2 file (websocket frames as Chrome records them)")
    .argument("<tape>", "tape file (.tape.jsonl or .tape.jsonl.gz)")
    .requiredOption("-o, --out <file>", "HAR file to write")
    .option("--force", "replace the file if it exists")
    .action(async (tape: string, flags: ExportFlags) => {
      const result = await exportHar({ tape, out: flags.out, overwrite: flags.force ?? false });
      if (result.torn)
        ctx.io.err(`tapedeck: ${tape}: ${result.torn.reason}; that line is left out\n`);
      ctx.io.out(
        `wrote ${result.path}: ${result.entries} entries (${result.sockets} websockets)\n`,
      );
    });
};
