/** The client under test as a child process: started with the URLs in its env, stopped on cue. */
import { type ChildProcess, spawn } from "node:child_process";
import { InputError } from "../errors.js";

/** A running client. */
export interface ClientProcess {
  /** Resolves when it has exited (with its code or signal). */
  readonly exited: Promise<{ code: number | null; signal: string | null }>;
  readonly hasExited: () => boolean;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when it is gone. */
  stop(graceMs: number): Promise<void>;
}

/** Starts `command` (program and arguments, no shell) with `env` added to this process's env. */
export function startClient(
  command: readonly string[],
  env: Record<string, string>,
  onOutput: (text: string) => void,
  cwd?: string,
): Promise<ClientProcess> {
  const [program, ...args] = command;
  if (program === undefined) throw new InputError("conform: give the client's command after --");
  return new Promise((resolve, reject) => {
    let child: ChildProcess;
    try {
      child = spawn(program, args, {
        env: { ...process.env, ...env },
        stdio: ["ignore", "pipe", "pipe"],
        ...(cwd ? { cwd } : {}),
      });
    } catch (err) {
      reject(new InputError(`conform: cannot start ${program}: ${(err as Error).message}`));
      return;
    }
    let done = false;
    const exited = new Promise<{ code: number | null; signal: string | null }>((res) => {
      child.once("exit", (code, signal) => {
        done = true;
        res({ code, signal });
      });
    });
    child.stdout?.setEncoding("utf8").on("data", onOutput);
    child.stderr?.setEncoding("utf8").on("data", onOutput);
    child.once("error", (err) => {
      done = true;
      reject(new InputError(`conform: cannot start ${program}: ${err.message}`));
    });
    child.once("spawn", () =>
      resolve({
        exited,
        hasExited: () => done,
        async stop(graceMs) {
          if (done) return;
          child.kill("SIGTERM");
          const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
          await exited;
          clearTimeout(timer);
        },
      }),
    );
  });
}
