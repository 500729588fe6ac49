/**
 * Events as one line of text for people (`tapedeck cat`, logs): `#seq +ms c<conn> <k> <payload>`.
 * Frame text is shown as is, except characters that would break the line or fool a terminal
 * (controls, line separators, bidi overrides, lone surrogates), which are escaped.
 */
import type { TapeEvent } from "./events.js";

const UNSAFE =
  /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const NAMED: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/** `s` with every unsafe character as `\n`, `\r`, `\t`, `\xNN` or `\uNNNN`. */
export function escapeControls(s: string): string {
  return s.replace(UNSAFE, (ch) => {
    const named = NAMED[ch];
    if (named) return named;
    const code = ch.charCodeAt(0);
    const hex = code.toString(16).padStart(code < 0x100 ? 2 : 4, "0");
    return code < 0x100 ? `\\x${hex}` : `\\u${hex}`;
  });
}

/** Integer µs as milliseconds with exactly three decimals, computed without floats: 1040 -> "1.040". */
export function formatMicrosAsMs(us: number): string {
  const sign = us < 0 ? "-" : "";
  const abs = Math.abs(us);
  return `${sign}${Math.floor(abs / 1000)}.${String(abs % 1000).padStart(3, "0")}`;
}

/** How many bytes a canonical base64 string decodes to, without decoding it. */
export function base64ByteLength(b64: string): number {
  const padding = b64.endsWith("==") ? 2 : b64.endsWith("=") ? 1 : 0;
  return (b64.length / 4) * 3 - padding;
}

function payload(e: TapeEvent): string {
  switch (e.k) {
    case "open":
      return `${escapeControls(e.url)} ${e.proto}${e.role ? `/${e.role}` : ""}`;
    case "recv":
    case "send":
      return e.text !== undefined
        ? escapeControls(e.text)
        : `<binary ${base64ByteLength(e.b64)} bytes>`;
    case "close": {
      const parts = [e.code === undefined ? "" : String(e.code)];
      if (e.reason) parts.push(escapeControls(JSON.stringify(e.reason)));
      parts.push(`by ${e.by}`);
      return parts.filter((p) => p !== "").join(" ");
    }
    case "http":
      return `${escapeControls(e.method)} ${escapeControls(e.url)} -> ${e.status} (${e.ms} ms)`;
    case "gap":
      return `${escapeControls(e.reason)}${e.ms === undefined ? "" : ` (${e.ms} ms)`}`;
    case "mark":
      return `${escapeControls(e.label)}${e.data === undefined ? "" : ` ${escapeControls(JSON.stringify(e.data))}`}`;
  }
}

/** The event as one line (no "\n"), e.g. `#3 +1.040 c1 send authorize\n0\n\n«secret:1»`. */
export function formatEvent(e: TapeEvent): string {
  const c = "c" in e && e.c !== undefined ? ` c${e.c}` : "";
  return `#${e.seq} +${formatMicrosAsMs(e.t)}${c} ${e.k} ${payload(e)}`;
}
