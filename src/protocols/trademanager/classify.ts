/**
 * A short, stable key per message for `tapedeck inspect` and tape diffs: the message type, and
 * for log lines the tag and verb (`LOGS:recorder:OPEN`), so a change of shape shows as a change
 * of key.
 */
import type { Unrecognised } from "../unrecognised.js";
import type { TmMessage } from "./messages.js";

/**
 * The kind key of a message: its type (`DATA`, `AUTH_OK`, `TRADES`...), `LOGS:<tag>:<VERB>` for a
 * log line that parses (`LOGS:recorder:OPEN`, `LOGS:auto:CLEARED`), `LOGS:other` for one that
 * does not, and `unrecognised` for a frame that is no known message.
 */
export function tmMessageKind(m: TmMessage | Unrecognised): string {
  if (m.kind === "unrecognised") return "unrecognised";
  if (m.type !== "LOGS") return m.type;
  if (m.log.kind === "unrecognised") return "LOGS:other";
  return `LOGS:${m.log.tag.toLowerCase()}:${m.log.verb}`;
}
