/**
 * `tapedeck proxy --upstream <ws-url>`: a recording proxy. The user's bot connects to tapedeck,
 * tapedeck connects upstream, and both directions go into a tape with their true timing; with
 * `--rest <origin>` plain HTTP (a Tradovate base URL's login and lookups) is passed through and
 * recorded too. The traffic itself is never altered; only the tape is redacted.
 */
import type { Command } from "commander";
import { InputError } from "../errors.js";
import type { CliContext } from "./io.js";
import type { RegisterCommand } from "./program.js";
import { runRecording } from "./record.js";

interface ProxyFlags {
  upstream: string;
  rest?: string;
  host: string;
  port: string;
  out: string;
  label: string;
  file?: string;
  duration?: string;
  rotate?: string;
  statusEvery: string;
}

export const register: RegisterCommand = (program: Command, ctx: CliContext) => {
  program
    .command("proxy")
    .description("a recording proxy: your bot connects to tapedeck, tapedeck to the upstream")
    .requiredOption("--upstream <url>", "websocket to relay to (ws:// or wss://)")
    .option(
      "--rest <origin>",
      "pass plain HTTP through to this origin, e.g. https://demo.tradovateapi.com",
    )
    .option("--host <host>", "address to listen on", "127.0.0.1")
    .option("--port <n>", "port to listen on (0: any free port)", "0")
    .option("--out <dir>", "directory for the tape (timestamped name)", "recordings")
    .option("--label <label>", "label in the tape's name and header", "proxy")
    .option("--file <path>", "exact tape path instead of a timestamped name in --out")
    .option("--duration <d>", "stop after this long (90s, 15m, 1h); default: until Ctrl-C")
    .option("--rotate <when>", "start a new tape after a size or a time (500MB, 1h)")
    .option("--status-every <s>", "log line period when not on a terminal, seconds", "10")
    .action(async (flags: ProxyFlags) => proxy(flags, ctx));
};

async function proxy(flags: ProxyFlags, ctx: CliContext): Promise<void> {
  const port = Number(flags.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new InputError(`--port: expected 0..65535, got "${flags.port}"`);
  }
  if (flags.rest !== undefined && !/^https?:\/\//i.test(flags.rest)) {
    throw new InputError(`--rest: expected http(s)://..., got "${flags.rest}"`);
  }
  const [{ startRecordingProxy }, { parseRotate, parseDuration }, { realTimers }] =
    await Promise.all([
      import("../record/proxy.js"),
      import("../record/rotate.js"),
      import("../live/timers.js"),
    ]);
  const stopAfter =
    flags.duration === undefined ? undefined : parseDuration("duration", flags.duration);
  const tape = {
    dir: flags.out,
    label: flags.label,
    ...(flags.file ? { path: flags.file } : {}),
    ...(flags.rotate ? { rotate: parseRotate(flags.rotate) } : {}),
  };
  await runRecording(
    ctx,
    async () => {
      const p = await startRecordingProxy({
        upstream: flags.upstream,
        ...(flags.rest ? { rest: flags.rest } : {}),
        host: flags.host,
        port,
        tape,
        timers: realTimers,
        log: (line) => ctx.io.err(`${line}\n`),
      });
      ctx.io.err(`proxy listening on ${p.url} (REST on ${p.url.replace(/^ws/, "http")})\n`);
      return p.active;
    },
    flags,
    stopAfter,
  );
}
