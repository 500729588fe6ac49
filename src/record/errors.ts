/** Errors a recording ends with, scrubbed of every secret the recording knows. */
import { TapedeckError } from "../errors.js";
import type { Recording } from "./recording.js";

/** The same error with its message scrubbed, or a plain one for anything unexpected. */
export function authErrorOrRethrow(err: unknown, recording: Recording): Error {
  if (err instanceof TapedeckError) {
    return new TapedeckError(recording.scrub(err.message), err.code, err.exitCode);
  }
  const message = err instanceof Error ? err.message : String(err);
  return new TapedeckError(`Tradovate login failed: ${recording.scrub(message)}`, "AUTH_FAILED", 2);
}
