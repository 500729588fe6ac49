/** Runs a bench helper script as its own process (tsx) and resolves to what it printed. */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

/** Spawns `node --import tsx <script> ...args` in the repo root; rejects on a non-zero exit. */
export function runScript(script: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", script, ...args], {
      cwd: root,
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.setEncoding("utf8").on("data", (s: string) => {
      out += s;
    });
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve(out);
      else reject(new Error(`${script} exited with code ${code}`));
    });
  });
}

/** Spawns `script`, resolving once it prints its first line (e.g. "ready"); the rest go on. */
export function startScript(
  script: string,
  args: readonly string[],
): Promise<{ firstLine: string; result: Promise<string> }> {
  return new Promise((resolveStart, rejectStart) => {
    const child = spawn(process.execPath, ["--import", "tsx", script, ...args], {
      cwd: root,
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    let started = false;
    let settle: { resolve: (s: string) => void; reject: (e: Error) => void } | undefined;
    const result = new Promise<string>((resolve, reject) => {
      settle = { resolve, reject };
    });
    child.stdout.setEncoding("utf8").on("data", (s: string) => {
      out += s;
      if (!started && out.includes("\n")) {
        started = true;
        resolveStart({ firstLine: out.slice(0, out.indexOf("\n")), result });
      }
    });
    child.on("error", rejectStart);
    child.on("close", (code) => {
      if (!started) rejectStart(new Error(`${script} exited (${code}) before it was ready`));
      else if (code === 0) settle?.resolve(out);
      else settle?.reject(new Error(`${script} exited with code ${code}`));
    });
  });
}
