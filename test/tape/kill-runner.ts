import { spawn } from "node:child_process";
import { repoRoot } from "../helpers/cli.js";

/** When to kill: after this many flush reports, then after this many ms more. */
export interface KillPlan {
  flushes: number;
  delayMs: number;
}

/**
 * Runs the writing child (test/tape/kill-child.ts) on `tape`, kills it with SIGKILL per `plan`
 * and resolves to the highest seq it reported as flushed before the kill. `watchdogMs` bounds
 * a child that never gets going; it is not a measurement.
 */
export function runAndKill(tape: string, plan: KillPlan, watchdogMs: number): Promise<number> {
  const child = spawn(process.execPath, ["--import", "tsx", "test/tape/kill-child.ts", tape], {
    cwd: repoRoot,
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let lastReported = 0;
    let reports = 0;
    let pending = "";
    let stderr = "";
    let killing = false;
    let killed = false;
    const watchdog = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`child made no progress (reports: ${reports}); stderr: ${stderr}`));
    }, watchdogMs);
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    child.stdout.on("data", (d: Buffer) => {
      // Reports that arrive before the kill count: the child flushed them first.
      if (killed) return;
      pending += d.toString();
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) {
        const seq = Number(line);
        if (seq > 0) {
          lastReported = Math.max(lastReported, seq);
          reports += 1;
        }
      }
      if (!killing && reports >= plan.flushes) {
        killing = true;
        const kill = () => {
          killed = true;
          child.kill("SIGKILL");
        };
        if (plan.delayMs === 0) kill();
        else setTimeout(kill, plan.delayMs);
      }
    });
    child.on("exit", (code, signal) => {
      clearTimeout(watchdog);
      if (signal === "SIGKILL" && killed) resolve(lastReported);
      else reject(new Error(`child ended by itself (code ${code}, signal ${signal}): ${stderr}`));
    });
  });
}
