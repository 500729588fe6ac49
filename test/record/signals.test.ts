/**
 * The real process under signals: SIGKILL mid-recording leaves a readable tape (seq contiguous
 * from 1, at most a torn last line); SIGINT leaves a complete one (every socket closed by
 * tapedeck, `verify` clean) and prints the summary.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { afterEach, expect, test } from "vitest";
import { type ReplayServer, startReplayServer } from "../../src/replay/server.js";
import { readTapeAll } from "../../src/tape/reader.js";
import { cli, repoRoot } from "../helpers/cli.js";
import { CREDS, connsOf, FIXTURE, textsOn, tmpDir, waitForTape } from "./harness.js";

let server: ReplayServer | undefined;
let child: ChildProcess | undefined;
afterEach(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  child = undefined;
  await server?.close();
  server = undefined;
});

function recordProcess(srv: ReplayServer, out: string) {
  const proc = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      "src/cli/main.ts",
      "record",
      "tradovate",
      "--user",
      "--symbols",
      "ES1!",
      "--dom",
      "--base-url",
      srv.urls.http,
      "--md-url",
      srv.urls.md,
      "--file",
      out,
      "--dotenv",
      join(tmpDir(), "none.env"),
    ],
    { cwd: repoRoot, env: { ...process.env, ...CREDS }, stdio: ["ignore", "pipe", "pipe"] },
  );
  let stdout = "";
  let stderr = "";
  proc.stdout?.on("data", (d: Buffer) => {
    stdout += d.toString();
  });
  proc.stderr?.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.on("exit", (code, signal) => resolve({ code, signal })),
  );
  return { proc, exited, output: () => ({ stdout, stderr }) };
}

const mdDataArrived = (ev: Awaited<ReturnType<typeof readTapeAll>>["events"]) =>
  textsOn(ev, "recv", connsOf(ev, "md")).some((t) => t.includes('"quotes"'));

test("SIGKILL during recording leaves a readable tape", async () => {
  server = await startReplayServer({ tapes: [FIXTURE], speed: "max" });
  const out = join(tmpDir(), "killed.tape.jsonl");
  const run = recordProcess(server, out);
  child = run.proc;
  await waitForTape(out, mdDataArrived, 30_000).catch((e: Error) => {
    throw new Error(`${e.message}; child said ${JSON.stringify(run.output())}`);
  });
  run.proc.kill("SIGKILL");
  const { signal } = await run.exited;
  expect(signal).toBe("SIGKILL");
  const tape = await readTapeAll(out);
  expect(tape.events.map((e) => e.seq)).toEqual(tape.events.map((_, i) => i + 1));
  expect(mdDataArrived(tape.events)).toBe(true);
  expect(tape.events.some((e) => e.k === "close")).toBe(false);
}, 40_000);

test("SIGINT leaves a complete tape and prints the summary", async () => {
  server = await startReplayServer({ tapes: [FIXTURE], speed: "max" });
  const out = join(tmpDir(), "stopped.tape.jsonl");
  const run = recordProcess(server, out);
  child = run.proc;
  await waitForTape(out, mdDataArrived, 30_000);
  run.proc.kill("SIGINT");
  const { code } = await run.exited;
  const { stdout, stderr } = run.output();
  expect(stderr).not.toMatch(/internal error/);
  expect(code).toBe(0);
  expect(stdout).toMatch(/^recorded \S+: \d+ frames/m);
  expect(stdout).toMatch(/^ {2}c1 trading .*: \d+ frames/m);
  expect(stdout).toContain(`tape: ${out}`);
  const tape = await readTapeAll(out);
  expect(tape.torn).toBeUndefined();
  const opens = tape.events.filter((e) => e.k === "open").map((e) => e.k === "open" && e.c);
  const closes = tape.events.filter((e) => e.k === "close");
  expect(closes.map((e) => e.k === "close" && e.c).sort()).toEqual(opens.sort());
  expect(closes.every((e) => e.k === "close" && e.by === "local" && e.code === 1000)).toBe(true);
  const verify = await cli("verify", out);
  expect(verify.code).toBe(0);
}, 40_000);
