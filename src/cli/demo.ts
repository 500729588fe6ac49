/**
 * `tapedeck demo`: the bundled demo end to end. Serves the demo tape as a fake Tradovate, runs
 * an example client (written like Tradovate's own JavaScript examples, knowing nothing of
 * tapedeck) against the printed URLs, and checks that the open P&L the client computes itself
 * equals `tapedeck pnl --mark last` on the same tape. Then an example bot trades on the same
 * tape against a simulated account, and its own fills, cash and P&L are checked against
 * `tapedeck pnl` of the recorded served session. Exit 1 when anything disagrees.
 */
import { relative } from "node:path";
import { fileURLToPath } from "node:url";
import type { Command } from "commander";
import { InputError } from "../errors.js";
import type { CliContext } from "./io.js";
import type { RegisterCommand } from "./program.js";

const EXAMPLE_CLIENT = fileURLToPath(
  new URL("../../examples/tradovate-example-client.mjs", import.meta.url),
);
const EXAMPLE_BOT = fileURLToPath(
  new URL("../../examples/tradovate-example-bot.mjs", import.meta.url),
);

interface DemoFlags {
  speed: string;
  client: string;
  bot: string;
  botSpeed: string;
}

export const register: RegisterCommand = (program: Command, ctx: CliContext) => {
  program
    .command("demo")
    .description(
      "replay the bundled demo to an example Tradovate client and check its P&L against tapedeck pnl",
    )
    .option("--speed <s>", "replay speed: 0.25..100 or max", "max")
    .option(
      "--client <script>",
      "a Node client script reading HTTP_URL/WS_URL/MD_URL",
      EXAMPLE_CLIENT,
    )
    .option("--bot <script>", "a trading bot script, run against a simulated account", EXAMPLE_BOT)
    .option("--bot-speed <s>", "replay speed while the bot trades: 0.25..100", "40")
    .action(async (flags: DemoFlags) => demo(flags, ctx));
};

async function demo(flags: DemoFlags, ctx: CliContext): Promise<void> {
  const { demoTapes } = await import("../demo/demo-tapes.js");
  const { runClient } = await import("../demo/run-client.js");
  const { startReplayServer } = await import("../replay/server.js");
  const { parseSpeed } = await import("../replay/session-clock.js");
  const { analyzeTape } = await import("../pnl/from-tape/index.js");
  const { formatUsd, roundToCents } = await import("../pnl/money.js");
  const { textTable } = await import("../pnl/from-tape/text-table.js");
  // The client computes in floats, as real clients do; its figure is compared at cents.
  const usd = (cents: bigint) => formatUsd(cents * 10_000n);
  const { io } = ctx;

  const tapes = demoTapes();
  const tape = tapes[0]!;
  const shown = relative(process.cwd(), tape) || tape;
  const speed = parseSpeed(flags.speed);
  if (speed === undefined) {
    throw new InputError(`--speed: expected max or a number 0.25..100, got "${flags.speed}"`);
  }
  const botSpeed = parseSpeed(flags.botSpeed);
  if (botSpeed === undefined || botSpeed === "max") {
    // At max the whole tape is sent before a bot's first order can come back.
    throw new InputError(`--bot-speed: expected a number 0.25..100, got "${flags.botSpeed}"`);
  }
  const server = await startReplayServer({ tapes: [tape], speed });
  try {
    const { urls } = server;
    io.out(`tapedeck demo: serving ${shown}\n`);
    io.out(`  REST ${urls.http}\n  trading ${urls.trading}\n  market data ${urls.md}\n`);
    io.out(`  Trade Manager ${urls.trademanager}\n`);
    io.out(`running the example client (${flags.client}) at speed ${flags.speed}...\n`);
    const report = await runClient(
      flags.client,
      {
        HTTP_URL: urls.http,
        WS_URL: urls.trading,
        MD_URL: urls.md,
        IDLE_MS: flags.speed === "max" ? "1500" : "4000",
      },
      (text) => io.err(text),
      ctx.stopSignal,
    );
    const pnl = await analyzeTape(tape, { mark: "last" });
    io.out(
      `the client received ${Object.entries(report.frames)
        .map(([k, v]) => `${v} ${k} frames`)
        .join(" and ")}${
        report.chart
          ? `, and ${report.chart.bars} one-minute bars${report.chart.endOfHistory ? " up to end of history" : ""}`
          : ""
      }\n\n`,
    );

    const rows = pnl.accounts.filter((r) => r.position !== 0n);
    const columns = [
      { title: "contract" },
      { title: "position", right: true },
      { title: "avg price", right: true },
      { title: "last", right: true },
      { title: "client open P&L", right: true },
      { title: "tapedeck pnl", right: true },
      { title: "check" },
    ];
    const lines: string[][] = [];
    let agree = true;
    for (const row of rows) {
      const mine = row.unrealized === null ? null : roundToCents(row.unrealized);
      const theirs = report.positions.find((p) => String(p.contract) === row.symbol);
      const clientCents =
        theirs?.openPnl === null || theirs?.openPnl === undefined
          ? null
          : BigInt(Math.round(theirs.openPnl * 100));
      const same = mine !== null && clientCents !== null && mine === clientCents;
      agree &&= same;
      lines.push([
        row.symbol,
        row.quantity,
        row.avgPrice ?? "",
        theirs?.last === undefined ? "?" : String(theirs.last),
        clientCents === null ? "missing" : usd(clientCents),
        mine === null ? "no price" : usd(mine),
        same ? "agree" : "DIFFER",
      ]);
    }
    const extra = report.positions.filter(
      (p) => !rows.some((r) => r.symbol === String(p.contract)),
    );
    for (const p of extra) {
      agree = false;
      lines.push([String(p.contract), String(p.netPos), String(p.netPrice), "", "", "", "DIFFER"]);
    }
    if (rows.length === 0 && extra.length === 0) io.out("the tape ends flat: no open position\n");
    else io.out(textTable(columns, lines));
    io.out(
      agree
        ? "\nthe example client's open P&L equals tapedeck pnl on the same tape.\n"
        : "\nthe example client and tapedeck pnl disagree (see DIFFER above).\n",
    );
    io.out(
      `next: \`tapedeck replay\` serves it to your own bot; \`tapedeck pnl ${shown}\` and \`tapedeck inspect ${shown}\` explain it\n`,
    );
    if (!agree) ctx.exitCode = 1;
  } finally {
    await server.close();
  }

  const { tradingCheck } = await import("../demo/trading-check.js");
  io.out(
    `\nrunning the example bot (${flags.bot}) on a simulated account at speed ${botSpeed}...\n`,
  );
  const trade = await tradingCheck(
    tape,
    flags.bot,
    botSpeed,
    (text) => io.err(text),
    ctx.stopSignal,
  );
  const r = trade.report;
  io.out(
    `the bot placed ${r.orders} orders and got ${r.fills.length} fills of its own on ${r.contract}; ` +
      `the server recorded what it served\n\n`,
  );
  io.out(trade.table);
  io.out(
    trade.agree
      ? "\nthe bot's own fills, cash and P&L equal tapedeck pnl of the recorded session.\n"
      : "\nthe bot and tapedeck pnl of the recorded session disagree (see DIFFER above).\n",
  );
  if (!trade.agree) ctx.exitCode = 1;
}
