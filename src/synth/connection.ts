/**
 * One synthesized websocket connection: its open, frames and close on the shared timeline,
 * plus the heartbeats both sides send. The server's `h` fills only idle stretches (Tradovate
 * sends it when it has had nothing else to send for 2.5 s); the client's heartbeats run on
 * their own period whatever the traffic, as real clients' timers do.
 */
import type { ProtocolName, Role } from "../tape/events.js";
import type { Rng } from "./random.js";
import type { Timeline } from "./timeline.js";

/** Builds one connection's events. Frames in each direction keep non-decreasing times. */
export class ConnectionBuilder {
  readonly c: number;
  readonly #timeline: Timeline;
  readonly #recvTimes: number[] = [];
  /** Last receive time per stream: frames of one stream never overtake each other. */
  readonly #lastRecv = new Map<string, number>();
  #lastSend = 0;
  #maxRecv: number;
  #opened: number;

  constructor(
    timeline: Timeline,
    c: number,
    t: number,
    open: { url: string; proto: ProtocolName; role: Role; headers?: Record<string, string> },
  ) {
    this.c = c;
    this.#timeline = timeline;
    timeline.add(t, { k: "open", c, ...open });
    this.#opened = t;
    this.#maxRecv = t;
    this.#lastSend = t;
  }

  /**
   * A frame the client received at `t`. Frames of one `stream` (a subscription, a ticker) keep
   * their order: one that would arrive before the stream's previous frame (random latency)
   * is moved to the same time. Returns the time used.
   */
  recv(t: number, text: string, stream = ""): number {
    const at = Math.max(t, this.#lastRecv.get(stream) ?? this.#opened);
    this.#lastRecv.set(stream, at);
    this.#maxRecv = Math.max(this.#maxRecv, at);
    this.#recvTimes.push(at);
    this.#timeline.add(at, { k: "recv", c: this.c, text });
    return at;
  }

  /** A frame the client sent at `t` (kept in order like {@link recv}). Returns the time used. */
  send(t: number, text: string): number {
    const at = Math.max(t, this.#lastSend);
    this.#lastSend = at;
    this.#timeline.add(at, { k: "send", c: this.c, text });
    return at;
  }

  /** Time of the last received frame. */
  get lastRecv(): number {
    return this.#maxRecv;
  }

  /**
   * Adds the server's idle heartbeat `text` wherever `periodUs` passed without a received
   * frame, from `from` to `end`. Call after every other received frame is in.
   */
  serverHeartbeats(text: string, from: number, end: number, periodUs: number): number {
    const times = [...this.#recvTimes].sort((a, b) => a - b);
    const beats: number[] = [];
    let last = from;
    for (const t of [...times.filter((x) => x >= from), end]) {
      while (t - last > periodUs) {
        last += periodUs;
        beats.push(last);
      }
      last = Math.max(last, t);
    }
    for (const t of beats) {
      this.#recvTimes.push(t);
      this.#maxRecv = Math.max(this.#maxRecv, t);
      this.#timeline.add(t, { k: "recv", c: this.c, text });
    }
    return beats.length;
  }

  /** The client's heartbeat `text` every `periodUs` (± a few ms of timer jitter) in [from, end). */
  clientHeartbeats(text: string, from: number, end: number, periodUs: number, rng: Rng): number {
    let n = 0;
    for (let t = from + periodUs; t < end; t += periodUs) {
      this.#timeline.add(t + rng.int(0, 4000), { k: "send", c: this.c, text });
      n++;
    }
    return n;
  }

  /** The end of the recording: tapedeck closed the socket. */
  close(t: number): void {
    this.#timeline.add(Math.max(t, this.lastRecv, this.#lastSend), {
      k: "close",
      c: this.c,
      code: 1000,
      reason: "recording stopped",
      by: "local",
    });
  }
}
