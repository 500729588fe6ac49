/**
 * Errors that a user can act on. The CLI prints `message` as one plain line and exits with
 * `exitCode`; anything that is not a TapedeckError is a bug and gets a stack trace with --debug.
 */
export class TapedeckError extends Error {
  /** Process exit code the CLI uses for this error. */
  readonly exitCode: number;
  /** Stable machine-readable code, e.g. `ENOENT`, `TAPE_CORRUPT`. */
  readonly code: string;

  constructor(message: string, code: string, exitCode: number, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.exitCode = exitCode;
  }
}

/** Bad flags, missing files, malformed input files: exit code 2. */
export class InputError extends TapedeckError {
  constructor(message: string, code = "INPUT", options?: { cause?: unknown }) {
    super(message, code, 2, options);
  }
}

/** Turns a Node fs error on `path` into a one-line InputError, or rethrows anything else. */
export function fsError(err: unknown, path: string): never {
  const e = err as NodeJS.ErrnoException;
  switch (e?.code) {
    case "ENOENT":
      throw new InputError(`${path}: no such file`, "ENOENT", { cause: err });
    case "EACCES":
    case "EPERM":
      throw new InputError(`${path}: permission denied`, e.code, { cause: err });
    case "EISDIR":
      throw new InputError(`${path}: is a directory, expected a file`, "EISDIR", { cause: err });
    default:
      throw err;
  }
}
