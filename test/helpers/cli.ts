import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { bufferIo } from "../../src/cli/io.js";
import { runCli } from "../../src/cli/run.js";

/** Runs the CLI in-process and returns its exit code and output. */
export async function cli(
  ...argv: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = bufferIo();
  const code = await runCli(argv, io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

export const repoRoot = fileURLToPath(new URL("../../", import.meta.url));

/** Runs the CLI from its TypeScript sources in a child process (for signals, exit codes, stdio). */
export function cliProcess(
  args: string[],
  options: { input?: string; env?: NodeJS.ProcessEnv } = {},
) {
  const res = spawnSync(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...args], {
    cwd: repoRoot,
    encoding: "utf8",
    input: options.input,
    env: { ...process.env, ...options.env },
    timeout: 60_000,
  });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}
