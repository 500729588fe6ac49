/**
 * `tapedeck record tradovate|trademanager|url`: live capture into a tape. Credentials come from
 * the environment or `.env` only. Runs until SIGINT/SIGTERM, `--duration`, or a source that
 * gives up; then closes every socket with 1000, closes the tape and prints a summary.
 */
import type { Command } from "commander";
import { InputError, TapedeckError } from "../errors.js";
import type { ActiveRecording } from "../record/active.js";
import type { CliContext } from "./io.js";
import type { RegisterCommand } from "./program.js";

interface CommonFlags {
  out: string;
  label?: string;
  file?: string;
  duration?: string;
  rotate?: string;
  statusEvery: string;
  dotenv: string;
}

interface TradovateFlags extends CommonFlags {
  env: string;
  symbols?: string;
  quotes?: boolean;
  dom?: boolean;
  histogram?: boolean;
  chart?: string;
  chartBars: string;
  user?: boolean;
  baseUrl?: string;
  mdUrl?: string;
  wsUrl?: string;
}

interface TmFlags extends CommonFlags {
  user?: string;
  url?: string;
}

interface UrlFlags extends CommonFlags {
  header: string[];
  send: string[];
  ping?: string;
  every?: string;
}

const collect = (value: string, prev: string[]) => [...prev, value];

function common(cmd: Command, label: string): Command {
  return cmd
    .option("--out <dir>", "directory for the tape (timestamped name)", "recordings")
    .option("--label <label>", "label in the tape's name and header", label)
    .option("--file <path>", "exact tape path instead of a timestamped name in --out")
    .option("--duration <d>", "stop after this long (90s, 15m, 1h); default: until Ctrl-C")
    .option("--rotate <when>", "start a new tape after a size or a time (500MB, 1h)")
    .option("--status-every <s>", "log line period when not on a terminal, seconds", "10")
    .option("--dotenv <path>", "file with credentials (NAME=value lines)", ".env");
}

export const register: RegisterCommand = (program: Command, ctx: CliContext) => {
  const record = program
    .command("record")
    .description("record live websockets (Tradovate, Trade Manager, any URL) into a tape");
  const tradovate = common(
    record
      .command("tradovate")
      .description(
        "log in to Tradovate and record its sockets (credentials: TRADOVATE_* in env/.env)",
      ),
    "tradovate",
  )
    .option("--env <env>", "demo or live", "demo")
    .option("--symbols <list>", "comma-separated, TradingView or Tradovate names: ES1!,NQZ5")
    .option("--quotes", "subscribe to quotes (the default)")
    .option("--no-quotes", "do not subscribe to quotes")
    .option("--dom", "subscribe to the DOM")
    .option("--histogram", "subscribe to the histogram")
    .option("--chart <spec>", "request a chart: 1m, 5m, 1h, 1d, tick, 100t")
    .option("--chart-bars <n>", "bars (or ticks) of chart history to ask for", "100")
    .option("--user", "open the trading socket and sync the user (positions, orders, fills)")
    .option("--base-url <url>", "REST base URL (default by --env)")
    .option("--md-url <url>", "market data socket URL")
    .option("--ws-url <url>", "trading socket URL (default: base URL, https->wss, + /websocket)")
    .action(async (flags: TradovateFlags) => recordTradovateCmd(flags, ctx));
  const tm = common(
    record
      .command("trademanager")
      .description(
        "record the Trade Manager socket (session token: TRADEMANAGER_TOKEN in env/.env)",
      ),
    "trademanager",
  )
    .option("--user <name>", "Trade Manager user name (or TRADEMANAGER_USER)")
    .option("--url <url>", "socket URL", "wss://trademanagergroup.com:5000/ws")
    .action(async (flags: TmFlags) => recordTmCmd(flags, ctx));
  const url = common(
    record
      .command("url")
      .description("record any websocket")
      .argument("<url>", "ws:// or wss:// URL"),
    "url",
  )
    .option("--header <h>", "upgrade request header 'Name: value' (repeatable)", collect, [])
    .option("--send <text>", "text to send after each open (repeatable, in order)", collect, [])
    .option("--ping <text>", "keep-alive text to send periodically")
    .option("--every <s>", "keep-alive period, seconds", "25")
    .action(async (u: string, flags: UrlFlags) => recordUrlCmd(u, flags, ctx));
  for (const cmd of [record, tradovate, tm, url]) {
    cmd.exitOverride().configureOutput({
      writeOut: (s) => ctx.io.out(s),
      writeErr: (s) => ctx.io.err(s),
    });
    cmd.showHelpAfterError("(run with --help for usage)");
  }
};

async function tapeOptions(flags: CommonFlags, label: string) {
  const { parseRotate } = await import("../record/rotate.js");
  return {
    dir: flags.out,
    label: flags.label ?? label,
    ...(flags.file ? { path: flags.file } : {}),
    ...(flags.rotate ? { rotate: parseRotate(flags.rotate) } : {}),
  };
}

async function runtime() {
  const [{ realTimers }, { seededRandom }, { loadEnv }] = await Promise.all([
    import("../live/timers.js"),
    import("../record/backoff.js"),
    import("../live/env.js"),
  ]);
  return { timers: realTimers, random: seededRandom(Date.now() & 0xffffffff), loadEnv };
}

async function recordTradovateCmd(flags: TradovateFlags, ctx: CliContext): Promise<void> {
  const rt = await runtime();
  const { recordTradovate, TRADOVATE_ENVS } = await import("../record/tradovate.js");
  const { tradovateCredentials } = await import("../protocols/tradovate/live/credentials.js");
  const { parseChart } = await import("../protocols/tradovate/live/md-requests.js");
  const { checkBaseUrl } = await import("../protocols/tradovate/live/auth.js");
  const { checkSymbols } = await import("../record/symbols.js");
  if (flags.env !== "demo" && flags.env !== "live") {
    throw new InputError(`--env: expected demo or live, got "${flags.env}"`);
  }
  const env = TRADOVATE_ENVS[flags.env];
  const symbols = (flags.symbols ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  if (symbols.length === 0 && !flags.user) {
    throw new InputError("record tradovate: nothing to record; give --symbols and/or --user");
  }
  checkSymbols(symbols, Date.now());
  const baseUrl = flags.baseUrl ?? env.baseUrl;
  checkBaseUrl(baseUrl);
  const chartBars = Number(flags.chartBars);
  if (!Number.isSafeInteger(chartBars) || chartBars < 1) {
    throw new InputError(`--chart-bars: expected a whole number >= 1, got "${flags.chartBars}"`);
  }
  const stopAfter = await durationOf(flags);
  const tape = await tapeOptions(flags, "tradovate");
  const credentials = tradovateCredentials(
    rt.loadEnv({ env: process.env, dotEnvPath: flags.dotenv }),
  );
  const start = async () =>
    recordTradovate({
      env: flags.env as "demo" | "live",
      baseUrl,
      mdUrl: flags.mdUrl ?? env.mdUrl,
      ...(flags.wsUrl ? { wsUrl: flags.wsUrl } : {}),
      credentials,
      symbols,
      md: {
        quotes: flags.quotes !== false,
        dom: Boolean(flags.dom),
        histogram: Boolean(flags.histogram),
        ...(flags.chart ? { chart: parseChart(flags.chart) } : {}),
        chartBars,
      },
      user: Boolean(flags.user),
      tape,
      timers: rt.timers,
      random: rt.random,
      log: (line) => ctx.io.err(`${line}\n`),
    });
  await runRecording(ctx, start, flags, stopAfter);
}

async function recordTmCmd(flags: TmFlags, ctx: CliContext): Promise<void> {
  const rt = await runtime();
  const { recordTradeManager } = await import("../record/trademanager.js");
  const { requireEnv } = await import("../live/env.js");
  const get = rt.loadEnv({ env: process.env, dotEnvPath: flags.dotenv });
  const user = flags.user ?? get("TRADEMANAGER_USER");
  if (!user) throw new InputError("record trademanager: give --user <name> (or TRADEMANAGER_USER)");
  const { TRADEMANAGER_TOKEN: token } = requireEnv(
    get,
    ["TRADEMANAGER_TOKEN"],
    "record trademanager",
  );
  const stopAfter = await durationOf(flags);
  const tape = await tapeOptions(flags, "trademanager");
  await runRecording(
    ctx,
    () =>
      recordTradeManager({
        url: flags.url ?? "wss://trademanagergroup.com:5000/ws",
        user,
        token,
        tape,
        timers: rt.timers,
        random: rt.random,
        log: (line) => ctx.io.err(`${line}\n`),
      }),
    flags,
    stopAfter,
  );
}

async function recordUrlCmd(url: string, flags: UrlFlags, ctx: CliContext): Promise<void> {
  const rt = await runtime();
  const { recordUrl } = await import("../record/url.js");
  const { parseDuration } = await import("../record/rotate.js");
  if (!/^wss?:\/\//i.test(url))
    throw new InputError(`record url: expected ws:// or wss://, got "${url}"`);
  const headers: Record<string, string> = {};
  for (const h of flags.header) {
    const colon = h.indexOf(":");
    if (colon <= 0) throw new InputError(`--header: expected "Name: value", got "${h}"`);
    headers[h.slice(0, colon).trim().toLowerCase()] = h.slice(colon + 1).trim();
  }
  const stopAfter = await durationOf(flags);
  const tape = await tapeOptions(flags, "url");
  const ping = flags.ping
    ? { text: flags.ping, everyMs: parseDuration("every", flags.every ?? "25") }
    : undefined;
  await runRecording(
    ctx,
    () =>
      recordUrl({
        url,
        headers,
        send: flags.send,
        ...(ping ? { ping } : {}),
        tape,
        timers: rt.timers,
        random: rt.random,
        log: (line) => ctx.io.err(`${line}\n`),
      }),
    flags,
    stopAfter,
  );
}

async function durationOf(flags: CommonFlags): Promise<number | undefined> {
  if (flags.duration === undefined) return undefined;
  const { parseDuration } = await import("../record/rotate.js");
  return parseDuration("duration", flags.duration);
}

/**
 * Starts a recording, shows its status, waits for the stop signal, `--duration` or a fatal
 * source, then stops it and prints the summary. Shared with `tapedeck proxy`.
 */
export async function runRecording(
  ctx: CliContext,
  start: () => Promise<ActiveRecording>,
  flags: Pick<CommonFlags, "statusEvery">,
  stopAfterMs: number | undefined,
): Promise<void> {
  const { statusLine, summaryText } = await import("../record/status.js");
  const statusEvery = Number(flags.statusEvery);
  if (!(statusEvery > 0)) {
    throw new InputError(`--status-every: expected seconds > 0, got "${flags.statusEvery}"`);
  }
  if (ctx.stopSignal.aborted) return;
  const active = await start();
  const rec = active.recording;
  ctx.io.err(`recording to ${rec.path}\n`);
  let previous = { frames: 0, at: Date.now() };
  const tick = () => {
    const now = Date.now();
    const line = rec.scrub(statusLine(rec.stats(), now, previous));
    previous = { frames: rec.stats().frames, at: now };
    if (ctx.io.isTty) ctx.io.out(`\r${line}\x1b[K`);
    else ctx.io.err(`${line}\n`);
  };
  const status = setInterval(tick, ctx.io.isTty ? 1000 : statusEvery * 1000);
  let durationTimer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const reason = await Promise.race([
    new Promise<undefined>((resolve) => {
      onAbort = () => resolve(undefined);
      ctx.stopSignal.addEventListener("abort", onAbort, { once: true });
    }),
    new Promise<undefined>((resolve) => {
      if (stopAfterMs !== undefined)
        durationTimer = setTimeout(() => resolve(undefined), stopAfterMs);
    }),
    active.failed,
  ]);
  clearInterval(status);
  if (durationTimer) clearTimeout(durationTimer);
  if (onAbort) ctx.stopSignal.removeEventListener("abort", onAbort);
  const stats = await active.stop();
  if (ctx.io.isTty) ctx.io.out("\n");
  ctx.io.out(rec.scrub(summaryText(stats, Date.now())));
  if (reason !== undefined) {
    throw new TapedeckError(`recording ended: ${rec.scrub(reason)}`, "RECORDING_ENDED", 1);
  }
}
