/**
 * Reads a synthesized session back through the codecs, the way any consumer of a tape would:
 * every frame parsed, Tradovate props entities listed in order, Trade Manager messages typed.
 * The tests check the tape's promises on this view, not on the generator's internals.
 */

import { parseTmFrame, type TmMessage } from "../../src/protocols/trademanager/index.js";
import {
  type ClientFrame,
  type Entity,
  parseClientFrame,
  parseServerFrame,
  type ServerFrame,
  type ServerMessage,
} from "../../src/protocols/tradovate/index.js";
import type { Unrecognised } from "../../src/protocols/unrecognised.js";
import type { SynthSession } from "../../src/synth/index.js";
import type { TapeEvent } from "../../src/tape/events.js";

/** One received Tradovate message with where it came from. */
export interface TvMessage {
  t: number;
  c: number;
  role: string;
  message: ServerMessage;
}

/** One props entity in tape order. */
export interface PropsItem {
  t: number;
  entityType: string;
  eventType: string;
  entity: Entity;
  value: Record<string, unknown>;
}

/** A session's frames, parsed. */
export interface ReadSession {
  events: TapeEvent[];
  roles: Map<number, string>;
  serverFrames: Array<{ t: number; c: number; role: string; text: string; frame: ServerFrame }>;
  clientFrames: Array<{ t: number; c: number; role: string; text: string; frame: ClientFrame }>;
  messages: TvMessage[];
  props: PropsItem[];
  tmRecv: Array<{ t: number; text: string; msg: TmMessage | Unrecognised }>;
  tmSend: Array<{ t: number; text: string; msg: TmMessage | Unrecognised }>;
}

/** The session's events as a tape would number them. */
export function tapeEvents(s: SynthSession): TapeEvent[] {
  return s.events.map((e, k) => ({ ...e, seq: k + 1 }) as TapeEvent);
}

/** Parses every frame of a session. */
export function readSession(s: SynthSession): ReadSession {
  const events = tapeEvents(s);
  const roles = new Map<number, string>();
  const protos = new Map<number, string>();
  const out: ReadSession = {
    events,
    roles,
    serverFrames: [],
    clientFrames: [],
    messages: [],
    props: [],
    tmRecv: [],
    tmSend: [],
  };
  for (const e of events) {
    if (e.k === "open") {
      roles.set(e.c, e.role ?? "");
      protos.set(e.c, e.proto);
      continue;
    }
    if (e.k !== "recv" && e.k !== "send") continue;
    const text = e.text ?? "";
    const role = roles.get(e.c) ?? "";
    if (protos.get(e.c) === "trademanager") {
      (e.k === "recv" ? out.tmRecv : out.tmSend).push({ t: e.t, text, msg: parseTmFrame(text) });
      continue;
    }
    if (e.k === "send") {
      out.clientFrames.push({ t: e.t, c: e.c, role, text, frame: parseClientFrame(text) });
      continue;
    }
    const frame = parseServerFrame(text);
    out.serverFrames.push({ t: e.t, c: e.c, role, text, frame });
    if (frame.kind !== "messages") continue;
    for (const message of frame.messages) {
      out.messages.push({ t: e.t, c: e.c, role, message });
      if (message.type === "event" && message.e === "props") {
        for (const entity of message.entities) {
          out.props.push({
            t: e.t,
            entityType: message.entityType,
            eventType: message.eventType,
            entity,
            value: (entity.kind === "unrecognised" ? {} : entity.value) as Record<string, unknown>,
          });
        }
      }
    }
  }
  return out;
}
