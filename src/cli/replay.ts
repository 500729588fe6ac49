/**
 * `tapedeck replay [tapes...]`: serves tapes as a fake Tradovate (REST, trading, md and replay
 * sockets) and a fake Trade Manager, on 127.0.0.1 unless told otherwise, until stopped.
 */
import type { Command } from "commander";
import { demoTapes } from "../demo/demo-tapes.js";
import { InputError } from "../errors.js";
import type { CliContext } from "./io.js";
import type { RegisterCommand } from "./program.js";

interface ReplayFlags {
  storage: string;
  host: string;
  port: string;
  rolePorts?: string | boolean;
  speed: string;
  loop?: boolean;
  batch?: boolean;
  fault: string[];
  faultSeed: string;
  session: string;
  penalty?: boolean;
  silentTimeout: string;
  maxPayload: string;
  statusEvery: string;
  record?: string;
  liveReport?: boolean;
  from?: string;
  sim?: boolean;
  fillModel: string;
  latency: string;
  jitter: string;
  simSeed: string;
  balance: string;
  stopTrigger: string;
  sendRecorded?: boolean;
}

/** A duration flag in ms: `50ms`, `0.5ms`, `2s`, or a bare number of ms. */
export function durationMsFlag(name: string, text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s)?$/.exec(text.trim());
  const n = m ? Number(m[1]) * (m[2] === "s" ? 1000 : 1) : Number.NaN;
  if (!Number.isFinite(n) || n > 3_600_000) {
    throw new InputError(`--${name}: expected a duration such as 0ms, 50ms or 1s, got "${text}"`);
  }
  return n;
}

const collect = (value: string, prev: string[]) => [...prev, value];

/** Adds `replay` to the program. */
export const register: RegisterCommand = (program: Command, ctx: CliContext) => {
  program
    .command("replay")
    .description("serve tapes as a fake Tradovate and Trade Manager (REST + websockets)")
    .argument("[tapes...]", "tapes to serve (default: the demo in recordings/demo)")
    .option("--host <host>", "address to bind (anything but loopback needs this flag)", "127.0.0.1")
    .option("--port <n>", "port for REST and every socket (0: any free port)", "0")
    .option("--role-ports [ports]", "each role its own port: P,P+1,P+2,P+3 or trading,md,replay,tm")
    .option("--speed <s>", "replay speed, 0.25..100 or max", "1")
    .option("--from <seq|time>", "start at this event (seq) or time of the recording (ISO)")
    .option("--loop", "start over when the tape ends")
    .option(
      "--storage <s>",
      "where replayed frames are kept: memory, disk (read as played) or auto (disk above 64 MiB)",
      "auto",
    )
    .option("--batch", "group messages due together in one a[...] frame")
    .option(
      "--fault <spec>",
      "inject a fault, e.g. drop:p=0.01 (repeatable; see docs/replay.md)",
      collect,
      [],
    )
    .option("--fault-seed <n>", "seed for reproducible faults", "1")
    .option(
      "--session <mode>",
      "group sockets into sessions by: token, connection, shared",
      "token",
    )
    .option("--penalty", "answer the first login with a p-ticket penalty")
    .option("--silent-timeout <s>", "drop a client silent this long, seconds (0: never)", "60")
    .option("--max-payload <bytes>", "largest client frame; bigger ones close with 1009", "1048576")
    .option("--record <tape>", "write what the server does (frames, REST, faults) to a new tape")
    .option(
      "--live-report",
      "serve a live report of this replay at / (keeps every served frame in memory)",
    )
    .option("--status-every <s>", "status line period when not on a terminal, seconds", "5")
    .option("--sim", "simulate the client's orders from the start (default: from its first order)")
    .option(
      "--no-sim",
      "never simulate: order requests get the tape's answers or a not-recorded error",
    )
    .option("--fill-model <m>", "when resting limits fill: touch, through or queue", "touch")
    .option("--latency <d>", "order-entry latency, e.g. 0ms, 50ms", "0ms")
    .option("--jitter <d>", "up to this much more latency per command, seeded", "0ms")
    .option("--sim-seed <n>", "seed of the latency jitter", "1")
    .option(
      "--balance <usd>",
      "starting cash without replay/initializeclock's initialBalance",
      "50000",
    )
    .option("--stop-trigger <t>", "what stops watch: last (trade) or bidask", "last")
    .option(
      "--send-recorded",
      "in sim mode, still send the recorded account's order/fill/position events",
    )
    .action(async (tapes: string[], flags: ReplayFlags) => replay(tapes, flags, ctx));
};

/** A flag's number in [min, max]; `integer` refuses fractions. */
function numberFlag(name: string, text: string, min: number, max: number, integer = true): number {
  const n = Number(text);
  const shape = integer ? /^\d+$/ : /^\d+(\.\d+)?$/;
  if (!shape.test(text.trim()) || !Number.isFinite(n) || n < min || n > max) {
    const what = integer ? "an integer" : "a number";
    throw new InputError(`--${name}: expected ${what} ${min}..${max}, got "${text}"`);
  }
  return n;
}

/** True for addresses only this machine can reach. */
export function isLoopback(host: string): boolean {
  return host === "127.0.0.1" || host === "::1" || host === "localhost" || /^127\./.test(host);
}

async function replay(tapeArgs: string[], flags: ReplayFlags, ctx: CliContext): Promise<void> {
  const { parseSpeed } = await import("../replay/session-clock.js");
  const { parseFault } = await import("../replay/faults.js");
  const { startReplayServer } = await import("../replay/server.js");
  const { formatStatus } = await import("../replay/status.js");

  const speed = parseSpeed(flags.speed);
  if (speed === undefined)
    throw new InputError(`--speed: expected 0.25..100 or max, got "${flags.speed}"`);
  const faults = flags.fault.map((f) => {
    const spec = parseFault(f);
    if (typeof spec === "string") throw new InputError(`--fault: ${spec}`);
    return spec;
  });
  if (!["token", "connection", "shared"].includes(flags.session)) {
    throw new InputError(`--session: expected token, connection or shared, got "${flags.session}"`);
  }
  if (!["auto", "memory", "disk"].includes(flags.storage)) {
    throw new InputError(`--storage: expected auto, memory or disk, got "${flags.storage}"`);
  }
  const port = numberFlag("port", flags.port, 0, 65535);
  let rolePorts: boolean | number[] = false;
  if (flags.rolePorts === true) rolePorts = true;
  else if (typeof flags.rolePorts === "string") {
    const list = flags.rolePorts.split(",").map((p) => numberFlag("role-ports", p, 0, 65535));
    if (list.length !== 4)
      throw new InputError("--role-ports: give 4 ports: trading,md,replay,trademanager");
    rolePorts = list;
  }
  if (!isLoopback(flags.host)) {
    ctx.io.err(
      `tapedeck: warning: serving on ${flags.host}: other machines can reach this fake server\n`,
    );
  }
  const tapes = tapeArgs.length > 0 ? tapeArgs : demoTapes();
  const statusEvery = numberFlag("status-every", flags.statusEvery, 0.1, 3600, false) * 1000;

  // The live report sees what the server does through its observer and answers GET / itself.
  const live = flags.liveReport
    ? (await import("../report/live.js")).createLiveReport()
    : undefined;
  if (!["touch", "through", "queue"].includes(flags.fillModel)) {
    throw new InputError(
      `--fill-model: expected touch, through or queue, got "${flags.fillModel}"`,
    );
  }
  if (!["last", "bidask"].includes(flags.stopTrigger)) {
    throw new InputError(`--stop-trigger: expected last or bidask, got "${flags.stopTrigger}"`);
  }
  const sim = {
    mode: flags.sim === true ? "on" : flags.sim === false ? "off" : "auto",
    fillModel: flags.fillModel,
    latencyMs: durationMsFlag("latency", flags.latency),
    jitterMs: durationMsFlag("jitter", flags.jitter),
    seed: numberFlag("sim-seed", flags.simSeed, 0, 2 ** 32 - 1),
    balance: numberFlag("balance", flags.balance, 0, 1e12, false),
    stopTrigger: flags.stopTrigger,
    sendRecorded: flags.sendRecorded ?? false,
  } as const;
  const server = await startReplayServer({
    tapes,
    storage: flags.storage as "auto" | "memory" | "disk",
    sim: sim as import("../replay/sim-session.js").SimConfig,
    ...(live ? { observer: live.observer, pages: live.pages } : {}),
    host: flags.host,
    port: Array.isArray(rolePorts) ? rolePorts[0]! : port,
    rolePorts,
    speed,
    loop: flags.loop ?? false,
    batch: flags.batch ?? false,
    faults,
    faultSeed: numberFlag("fault-seed", flags.faultSeed, 0, 2 ** 32 - 1),
    sessionMode: flags.session as "token" | "connection" | "shared",
    penalty: flags.penalty ?? false,
    silentTimeoutMs: numberFlag("silent-timeout", flags.silentTimeout, 0, 86_400, false) * 1000,
    maxPayload: numberFlag("max-payload", flags.maxPayload, 1024, 2 ** 30),
    ...(flags.record !== undefined ? { record: flags.record } : {}),
    ...(flags.from !== undefined
      ? { from: /^\d+$/.test(flags.from.trim()) ? Number(flags.from) : flags.from }
      : {}),
    log: (line) => ctx.io.err(`${ctx.io.isTty ? "\r\x1b[K" : ""}${line}\n`),
  });
  const u = server.urls;
  ctx.io.out(
    [
      `replaying ${tapes.length} tape${tapes.length === 1 ? "" : "s"}: ${tapes.join(", ")}`,
      ...server.tapes.map((t) => `  ${t.path}: ${t.stats.events} events, frames from ${t.storage}`),
      `  REST          ${u.http}`,
      `  trading       ${u.trading}`,
      `  market data   ${u.md}`,
      `  market replay ${u.replay}`,
      `  Trade Manager ${u.trademanager}`,
      `  control       ${u.control}/status`,
      ...(live ? [`  live report   ${u.http.replace(/\/v1$/, "/")}`] : []),
      ...(flags.record !== undefined ? [`recording to ${flags.record}`] : []),
      "",
    ].join("\n"),
  );
  const line = () =>
    formatStatus(
      server.hubs.flatMap((h) => h.sessions().map((s) => s.status())),
      server.connectionCount(),
    );
  const timer = setInterval(
    () => ctx.io.out(ctx.io.isTty ? `\r\x1b[K${line()}` : `${line()}\n`),
    ctx.io.isTty ? 250 : statusEvery,
  );
  try {
    await new Promise<void>((resolve) => {
      if (ctx.stopSignal.aborted) return resolve();
      ctx.stopSignal.addEventListener("abort", () => resolve(), { once: true });
    });
  } finally {
    clearInterval(timer);
    await server.close();
    ctx.io.out(`${ctx.io.isTty ? "\n" : ""}replay stopped\n`);
  }
}
