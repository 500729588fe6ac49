/** Where a command writes. Tests pass buffers; the real CLI passes process streams. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** True when stdout is a terminal (status lines, colours). */
  readonly isTty: boolean;
}

/** The state one CLI invocation shares with its commands. */
export interface CliContext {
  io: CliIo;
  /** Commands set this to report findings (1) without throwing. */
  exitCode: number;
  debug: boolean;
  /** Resolves when the user asks to stop (SIGINT/SIGTERM); long-running commands await it. */
  readonly stopSignal: AbortSignal;
}

export function processIo(): CliIo {
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    isTty: Boolean(process.stdout.isTTY),
  };
}

/** An io that collects output, for tests. */
export function bufferIo(): CliIo & { stdout: string; stderr: string } {
  const io = {
    stdout: "",
    stderr: "",
    isTty: false,
    out(text: string) {
      io.stdout += text;
    },
    err(text: string) {
      io.stderr += text;
    },
  };
  return io;
}
