/**
 * Indexes one recorded Trade Manager socket: the login acknowledgement, the frames streamed
 * after it, and which frames acknowledged each CLOSE_TRADE / MANUALTRADE the recorded client
 * sent (the LOGS/TRADES/ERROR frames that came before the client's next frame, within
 * {@link ACK_WINDOW_US}).
 */
import { parseTmFrame } from "../protocols/trademanager/index.js";
import type { FrameEvent } from "../tape/events.js";
import type { RecordedTmFrame, TmConnIndex } from "./recorded.js";

/** How long after a recorded CLOSE_TRADE/MANUALTRADE its answer may come, in µs. */
export const ACK_WINDOW_US = 2_000_000;

type AckType = "CLOSE_TRADE" | "MANUALTRADE";

/** Builds the index of one Trade Manager connection from its frames, in tape order. */
export function indexTmConnection(
  conn: number,
  openT: number,
  frames: readonly FrameEvent[],
): TmConnIndex {
  const out: TmConnIndex = { conn, openT, stream: [], acks: new Map() };
  let ack: { list: RecordedTmFrame[]; until: number } | undefined;
  for (const f of frames) {
    if (f.text === undefined) continue;
    const m = parseTmFrame(f.text);
    if (f.k === "send") {
      ack = undefined;
      if (m.kind === "message" && (m.type === "CLOSE_TRADE" || m.type === "MANUALTRADE")) {
        const type: AckType = m.type;
        const list: RecordedTmFrame[] = [];
        const all = out.acks.get(type) ?? [];
        all.push(list);
        out.acks.set(type, all);
        ack = { list, until: f.t + ACK_WINDOW_US };
      }
      continue;
    }
    if (m.kind !== "message") continue;
    const rec: RecordedTmFrame = { seq: f.seq, t: f.t, text: f.text };
    if (m.type === "AUTH_OK") {
      out.authOk ??= rec;
      continue;
    }
    const answers = m.type === "LOGS" || m.type === "TRADES" || m.type === "ERROR";
    if (ack && answers && f.t <= ack.until) {
      ack.list.push(rec);
      continue;
    }
    if (m.type === "DATA" || answers) out.stream.push(rec);
  }
  return out;
}
