/**
 * Indexes one recorded Trade Manager socket: the login acknowledgement, the frames streamed
 * after it, and which frames acknowledged each CLOSE_TRADE / MANUALTRADE the recorded client
 * sent (the LOGS/TRADES/ERROR frames that came before the client's next frame, within
 * {@link ACK_WINDOW_US}).
 */
import { parseTmFrame } from "../protocols/trademanager/index.js";
import type { FrameEvent } from "../tape/events.js";
import {
  ArrayFrames,
  type FramesBuilder,
  type FramesFactory,
  memoryFrames,
  WHOLE_FRAME,
} from "./frame-list.js";
import type { RecordedTmFrame, TmConnIndex } from "./recorded.js";
import type { LineSpan } from "./tradovate-indexer.js";

/** How long after a recorded CLOSE_TRADE/MANUALTRADE its answer may come, in µs. */
export const ACK_WINDOW_US = 2_000_000;

type AckType = "CLOSE_TRADE" | "MANUALTRADE";

/** Builds the index of one Trade Manager connection from its frames, one at a time in tape order. */
export class TmConnIndexer {
  readonly #out: TmConnIndex;
  readonly #stream: FramesBuilder;
  #ack: { list: RecordedTmFrame[]; until: number } | undefined;

  constructor(conn: number, openT: number, frames: FramesFactory = memoryFrames) {
    this.#out = { conn, openT, stream: new ArrayFrames([]), acks: new Map() };
    this.#stream = frames();
  }

  /** Takes the connection's next frame; `line` is where its event is in the tape. */
  add(f: FrameEvent, line: LineSpan): void {
    if (f.text === undefined) return;
    const out = this.#out;
    const m = parseTmFrame(f.text);
    if (f.k === "send") {
      this.#ack = undefined;
      if (m.kind === "message" && (m.type === "CLOSE_TRADE" || m.type === "MANUALTRADE")) {
        const type: AckType = m.type;
        const list: RecordedTmFrame[] = [];
        const all = out.acks.get(type) ?? [];
        all.push(list);
        out.acks.set(type, all);
        this.#ack = { list, until: f.t + ACK_WINDOW_US };
      }
      return;
    }
    if (m.kind !== "message") return;
    const rec: RecordedTmFrame = { seq: f.seq, t: f.t, text: f.text };
    if (m.type === "AUTH_OK") {
      out.authOk ??= rec;
      return;
    }
    const answers = m.type === "LOGS" || m.type === "TRADES" || m.type === "ERROR";
    if (this.#ack && answers && f.t <= this.#ack.until) {
      this.#ack.list.push(rec);
      return;
    }
    if (m.type === "DATA" || answers) {
      this.#stream.add(f.t, f.seq, f.text, { off: line.off, len: line.len, part: WHOLE_FRAME });
    }
  }

  /** The connection number was opened again at `t`: its frames continue this index. */
  reopened(t: number): void {
    this.#out.openT = t;
  }

  /** The finished index. */
  done(): TmConnIndex {
    this.#out.stream = this.#stream.done();
    return this.#out;
  }
}

/** Builds the index of one Trade Manager connection from all its frames, texts in memory. */
export function indexTmConnection(
  conn: number,
  openT: number,
  frames: readonly FrameEvent[],
): TmConnIndex {
  const ix = new TmConnIndexer(conn, openT);
  for (const f of frames) ix.add(f, { off: 0, len: 0 });
  return ix.done();
}
