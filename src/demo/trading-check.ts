/**
 * The trading half of `tapedeck demo`: the example bot trades on the demo tape against a
 * simulated account while the server records what it served; then the bot's own figures (its
 * fills, the venue's cash and realized P&L as the bot received them, its open P&L) are checked
 * against `tapedeck pnl` of that recording, to the cent.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { analyzeTape } from "../pnl/from-tape/index.js";
import { textTable } from "../pnl/from-tape/text-table.js";
import { formatUsd, parseMicros, roundToCents } from "../pnl/money.js";
import { startReplayServer } from "../replay/server.js";
import type { Speed } from "../replay/session-clock.js";
import { type BotReport, runClient } from "./run-client.js";

/** Cash the demo's simulated account starts with, dollars. */
export const DEMO_BALANCE = 50_000;

/** What the check found. */
export interface TradingCheck {
  readonly report: BotReport;
  readonly table: string;
  readonly agree: boolean;
}

/** Dollars as the bot reported them (floats off the wire), to whole cents. */
function cents(dollars: number | undefined): bigint | null {
  if (dollars === undefined || !Number.isFinite(dollars)) return null;
  return BigInt(Math.round(dollars * 100));
}

const usd = (c: bigint | null) => (c === null ? "missing" : formatUsd(c * 10_000n));

/** Runs `bot` on `tape` with a simulated account and checks it against tapedeck pnl. */
export async function tradingCheck(
  tape: string,
  bot: string,
  speed: Speed,
  onStderr: (text: string) => void,
  signal?: AbortSignal,
): Promise<TradingCheck> {
  const dir = mkdtempSync(join(tmpdir(), "tapedeck-demo-"));
  const served = join(dir, "served.tape.jsonl");
  try {
    const server = await startReplayServer({
      tapes: [tape],
      speed,
      record: served,
      sim: { mode: "on", balance: DEMO_BALANCE },
    });
    let report: BotReport;
    try {
      const { urls } = server;
      report = await runClient<BotReport>(
        bot,
        { HTTP_URL: urls.http, WS_URL: urls.trading, MD_URL: urls.md },
        onStderr,
        signal,
      );
    } finally {
      await server.close();
    }
    const pnl = await analyzeTape(served, { mark: "last" });
    const rows = pnl.accounts.filter(
      (r) => "account" in r.key && r.key.account === String(report.account),
    );
    const row = rows.find((r) => r.symbol === report.contract);
    let realized = 0n;
    let fees = 0n;
    for (const r of rows) {
      realized += r.realized;
      fees += r.fees;
    }
    const start = parseMicros(DEMO_BALANCE)!;
    const checks: Array<[string, string, string]> = [
      ["fills", String(report.fills.length), String(row?.fills ?? 0)],
      ["realized P&L", usd(cents(report.realizedPnL)), usd(roundToCents(realized))],
      ["cash", usd(cents(report.cash)), usd(roundToCents(start + realized - fees))],
      [
        "open P&L",
        usd(cents(report.position.openPnl)),
        usd(row?.unrealized == null ? 0n : roundToCents(row.unrealized)),
      ],
    ];
    const disagreements = pnl.reconciliation.disagreements.length;
    const lines = checks.map(([what, mine, theirs]) => [
      what,
      mine,
      theirs,
      mine === theirs ? "agree" : "DIFFER",
    ]);
    lines.push([
      "venue vs ledger",
      "",
      `${disagreements} disagreements`,
      disagreements === 0 ? "agree" : "DIFFER",
    ]);
    const table = textTable(
      [
        { title: "" },
        { title: "bot", right: true },
        { title: "tapedeck pnl", right: true },
        { title: "check" },
      ],
      lines,
    );
    return { report, table, agree: lines.every((l) => l[3] === "agree") };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
