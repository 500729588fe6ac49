/**
 * Server -> client frames (SockJS framing over a raw websocket): `o` open, `h` heartbeat,
 * `a[...]` messages, `c[code,"reason"]` close.
 */
import { type Unrecognised, unrecognised } from "../unrecognised.js";
import { jsonType, parseJson } from "./json.js";
import { messageText, parseServerMessage, type ServerMessage } from "./messages.js";

/** A parsed server frame. */
export type ServerFrame =
  | { kind: "open" }
  | { kind: "heartbeat" }
  | { kind: "messages"; messages: ServerMessage[] }
  | { kind: "close"; code: number; reason: string }
  | Unrecognised;

/** The open frame: exactly one character, sent at once on every connection. */
export const OPEN_FRAME = "o";
/** The server heartbeat: exactly one character, about every 2.5 s when idle. */
export const HEARTBEAT_FRAME = "h";

/**
 * Parses one server text frame. `o` and `h` must be exactly that one character; `a` must be
 * followed by a JSON array, `c` by `[code, "reason"]`, with nothing before `[` or after `]`.
 * Anything else comes back unrecognised with the text kept and the reason. Never throws.
 */
export function parseServerFrame(text: string): ServerFrame {
  if (text === OPEN_FRAME) return { kind: "open" };
  if (text === HEARTBEAT_FRAME) return { kind: "heartbeat" };
  const type = text[0];
  // Blanks outside the brackets are refused: Tradovate sends none, and re-encoding could not
  // give them back.
  if ((type !== "a" && type !== "c") || text[1] !== "[" || !text.endsWith("]")) {
    const start = JSON.stringify(text.slice(0, 12));
    return unrecognised(text, `expected o, h, or a[...] or c[...] without blanks, got ${start}`);
  }
  const json = parseJson(text.slice(1));
  if (!json.ok) return unrecognised(text, `${type}-frame: Invalid JSON: ${json.error}`);
  const { value } = json;
  if (!Array.isArray(value)) {
    return unrecognised(text, `${type}-frame: expected a JSON array, got ${jsonType(value)}`);
  }
  if (type === "a") {
    // One message per frame is what Tradovate sends by default: its text is everything between
    // the brackets (the check above guarantees "a[" ... "]"), no scan needed.
    const texts = value.length === 1 ? [text.slice(2, -1)] : arrayElementTexts(text.slice(1));
    return { kind: "messages", messages: value.map((v, k) => parseServerMessage(v, texts[k])) };
  }
  const [code, reason] = value;
  if (value.length !== 2 || !Number.isSafeInteger(code) || typeof reason !== "string") {
    return unrecognised(text, 'c-frame: expected [code, "reason"]');
  }
  return { kind: "close", code: code as number, reason };
}

/**
 * The JSON text of each message of a server frame (the recorded text, else the message
 * re-encoded); none for a frame that carries no messages.
 */
export function serverMessageTexts(text: string): string[] {
  const frame = parseServerFrame(text);
  return frame.kind === "messages"
    ? frame.messages.map((m) => m.text ?? JSON.stringify(m.raw))
    : [];
}

/**
 * The exact texts of the elements of a JSON array text, whitespace included, so joining them
 * with "," inside brackets gives the array back. Only called on text JSON.parse accepted.
 */
function arrayElementTexts(json: string): string[] {
  const texts: string[] = [];
  const open = json.indexOf("[");
  let start = open + 1;
  let depth = 0;
  let inString = false;
  for (let k = start; k < json.length; k++) {
    const ch = json.charCodeAt(k);
    if (inString) {
      if (ch === 0x5c) {
        k++; // a backslash: the next character is escaped, even a quote
      } else if (ch === 0x22) {
        inString = false;
      }
    } else if (ch === 0x22) {
      inString = true;
    } else if (ch === 0x5b || ch === 0x7b) {
      depth++;
    } else if (ch === 0x5d || ch === 0x7d) {
      if (depth === 0) {
        if (json.slice(start, k).trim() !== "") texts.push(json.slice(start, k));
        break;
      }
      depth--;
    } else if (ch === 0x2c && depth === 0) {
      texts.push(json.slice(start, k));
      start = k + 1;
    }
  }
  return texts;
}

/**
 * Encodes a server frame. A message is written as its original text when it has one (a parsed
 * frame encodes back byte for byte; only blanks inside an empty `a[ ]` are not kept), else as
 * JSON.stringify of its `raw` object (Tradovate's compact form); an unrecognised frame encodes
 * to its raw text unchanged.
 */
export function encodeServerFrame(frame: ServerFrame): string {
  switch (frame.kind) {
    case "open":
      return OPEN_FRAME;
    case "heartbeat":
      return HEARTBEAT_FRAME;
    case "messages":
      return `a[${frame.messages.map(messageText).join(",")}]`;
    case "close":
      return `c${JSON.stringify([frame.code, frame.reason])}`;
    case "unrecognised":
      return frame.raw;
  }
}

/** The `a[...]` frame of the given messages (one per frame is what real clients expect). */
export function messagesFrame(...messages: ServerMessage[]): string {
  return encodeServerFrame({ kind: "messages", messages });
}

/** The close frame, e.g. `c[3000,"Go away!"]`. */
export function closeFrame(code: number, reason: string): string {
  return encodeServerFrame({ kind: "close", code, reason });
}
