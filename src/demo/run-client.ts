import { spawn } from "node:child_process";
import { InputError } from "../errors.js";

/** What the example client prints as its one JSON line. */
export interface ClientReport {
  positions: Array<{
    contract: string | number;
    accountId: number;
    netPos: number;
    netPrice: number;
    last?: number;
    valuePerPoint?: number;
    openPnl: number | null;
  }>;
  frames: Record<string, number>;
  /** Bars of the one-minute chart the client asked for, and whether history ended (eoh). */
  chart?: { bars: number; endOfHistory: boolean };
}

/** What the example bot prints: its own fills, cash and P&L as the venue reported them. */
export interface BotReport {
  account: number;
  contract: string;
  orders: number;
  fills: Array<{ id: number; action: string; qty: number; price: number }>;
  cash: number | undefined;
  realizedPnL: number;
  position: { netPos: number; netPrice?: number; last?: number; openPnl: number };
}

/**
 * Runs a client script as its own process with `env` added, as a user would run their bot,
 * and returns the JSON line it printed last. Its stderr is passed to `onStderr`.
 */
export function runClient<R = ClientReport>(
  script: string,
  env: Record<string, string>,
  onStderr: (text: string) => void,
  signal?: AbortSignal,
): Promise<R> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script], {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
      signal,
    });
    let stdout = "";
    child.stdout.setEncoding("utf8").on("data", (s: string) => {
      stdout += s;
    });
    child.stderr.setEncoding("utf8").on("data", onStderr);
    child.on("error", (err) => reject(err));
    child.on("close", (code) => {
      const line = stdout.trim().split("\n").pop() ?? "";
      if (code !== 0) {
        reject(new InputError(`${script}: exited with code ${code}`));
        return;
      }
      try {
        resolve(JSON.parse(line) as R);
      } catch {
        reject(new InputError(`${script}: printed no JSON report (got ${JSON.stringify(line)})`));
      }
    });
  });
}
