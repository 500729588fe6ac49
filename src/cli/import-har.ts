/**
 * `tapedeck import-har <file> -o <tape>`: a Chrome/Edge DevTools HAR (REST calls and websocket
 * frames) becomes a tape, redacted with every secret rule before a byte is written.
 */
import type { Command } from "commander";
import { detectProtocol } from "../protocols/detect.js";
import { createRedactor } from "../protocols/secrets.js";
import { importHar } from "../tape/har-import.js";
import type { CliContext } from "./io.js";
import type { RegisterCommand } from "./program.js";

interface ImportFlags {
  out: string;
  label?: string;
  secret?: string[];
  force?: boolean;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

export const register: RegisterCommand = (program: Command, ctx: CliContext) => {
  program
    .command("import-har")
    .description("turn a browser HAR file (REST + websocket frames) into a redacted tape")
    .argument("<file>", "HAR file saved from Chrome or Edge DevTools")
    .requiredOption("-o, --out <tape>", "tape to write (.tape.jsonl, or .gz for gzip)")
    .option("--label <label>", "the tape's label (default: the HAR file's name)")
    .option(
      "--secret <value>",
      "also redact this value wherever it appears (repeatable; at least 8 characters)",
      collect,
    )
    .option("--force", "replace the tape if it exists")
    .action(async (file: string, flags: ImportFlags) => {
      const result = await importHar({
        file,
        out: flags.out,
        redactor: createRedactor(flags.secret ?? []),
        detect: detectProtocol,
        label: flags.label,
        overwrite: flags.force ?? false,
      });
      const skipped =
        result.skippedFrames > 0 ? `, ${result.skippedFrames} control frames left out` : "";
      ctx.io.out(
        `wrote ${result.path}: ${result.events} events, ${result.connections} connections, ${result.secrets} secrets redacted${skipped}\n`,
      );
    });
};
