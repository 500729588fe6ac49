/**
 * Names the messages of Tradovate frames with the codec's kind keys (messageKind,
 * clientFrameKind) and hands their values to the inspector. Per connection it remembers which
 * endpoint each request id went to, so responses become `response:<endpoint>`.
 */
import {
  clientFrameKind,
  messageKind,
  parseClientFrame,
  parseServerFrame,
  parseSyncSnapshot,
  type ServerMessage,
} from "../protocols/tradovate/index.js";
import { tradovateMdQuotes } from "../quotes/index.js";
import { type FrameSink, jsonText, NO_VALUE } from "./sink.js";

/** Request ids remembered per connection; the oldest are forgotten first beyond this. */
export const MAX_PENDING_REQUESTS = 10_000;

/** The per-connection state: request id -> endpoint key, bounded. */
export class TradovateConnection {
  readonly #endpoints = new Map<number, string>();

  /** Classifies a frame the client received. */
  recv(text: string, sink: FrameSink): void {
    const frame = parseServerFrame(text);
    switch (frame.kind) {
      case "open":
      case "heartbeat":
        sink.message(frame.kind, text);
        return;
      case "close":
        sink.message(`close:${frame.code}`, [frame.code, frame.reason]);
        return;
      case "unrecognised":
        sink.message("unrecognised", NO_VALUE);
        sink.failure("unrecognised", frame.why, frame.raw);
        return;
      case "messages":
        if (frame.messages.length === 0) sink.message("messages:empty", []);
        for (const m of frame.messages) this.#message(m, sink);
    }
  }

  #message(m: ServerMessage, sink: FrameSink): void {
    const kind = messageKind(m, this.#endpoints);
    sink.message(kind, m.raw);
    if (m.type === "unrecognised") {
      sink.failure(kind, m.why, m.text ?? jsonText(m.raw));
      return;
    }
    if (m.type === "response") {
      if (kind === "response:user/syncrequest") {
        const snapshot = parseSyncSnapshot(m.d);
        if ("why" in snapshot) sink.failure(kind, snapshot.why, snapshot.raw);
        else sink.snapshotPositions(snapshot.positions.length);
      }
      return;
    }
    switch (m.e) {
      case "md":
        sink.quotes(kind, tradovateMdQuotes(m));
        return;
      case "props":
        sink.props(m.entityType, m.eventType, m.entities.length);
        for (const entity of m.entities) {
          if (entity.kind === "unrecognised") sink.failure(kind, entity.why, entity.raw);
        }
        return;
      default:
        return;
    }
  }

  /** Classifies a frame the client sent, remembering request ids. */
  send(text: string, sink: FrameSink): void {
    const frame = parseClientFrame(text);
    const kind = `send:${clientFrameKind(frame)}`;
    switch (frame.kind) {
      case "heartbeat":
        sink.message(kind, []);
        return;
      case "authorize":
        this.#remember(frame.id, "authorize");
        // The token is the whole body: nothing to infer a shape from.
        sink.message(kind, NO_VALUE);
        return;
      case "request":
        this.#remember(frame.id, frame.endpointKey);
        sink.message(kind, frame.body === undefined ? NO_VALUE : frame.body);
        return;
      case "unrecognised":
        if (frame.id !== undefined && frame.endpointKey !== undefined) {
          this.#remember(frame.id, frame.endpointKey);
        }
        sink.message(kind, NO_VALUE);
        sink.failure(kind, frame.why, frame.raw);
    }
  }

  #remember(id: number, endpoint: string): void {
    this.#endpoints.delete(id);
    this.#endpoints.set(id, endpoint);
    if (this.#endpoints.size > MAX_PENDING_REQUESTS) {
      const oldest = this.#endpoints.keys().next();
      if (!oldest.done) this.#endpoints.delete(oldest.value);
    }
  }
}
