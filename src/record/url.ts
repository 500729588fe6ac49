/**
 * `record url <wss-url>`: any other socket. Sends the given texts after each open (so a
 * reconnect logs in again) and an optional keep-alive text periodically.
 */

import { every, type Timers } from "../live/timers.js";
import { detectProtocol } from "../protocols/detect.js";
import { ActiveRecording } from "./active.js";
import type { Random } from "./backoff.js";
import { Recording, type RecordingOptions } from "./recording.js";
import { SocketSource, type WebSocketFactory } from "./socket-source.js";

/** Everything `recordUrl` needs. */
export interface UrlRecordOptions {
  url: string;
  headers: Record<string, string>;
  /** Texts sent after every open, in order. */
  send: readonly string[];
  ping?: { text: string; everyMs: number };
  /** Values to mask everywhere (e.g. a token inside a `--send` text). */
  secrets?: readonly string[];
  tape: Omit<RecordingOptions, "timers" | "secrets" | "shortSecrets" | "onFatal">;
  timers: Timers;
  random: Random;
  socket?: WebSocketFactory;
  log: (line: string) => void;
}

/** Opens the socket and starts recording; resolves once it is open. */
export async function recordUrl(o: UrlRecordOptions): Promise<ActiveRecording> {
  const detected = detectProtocol(o.url);
  let active: ActiveRecording | undefined;
  const recording = await Recording.open({
    ...o.tape,
    header: { ...o.tape.header, meta: { source: "url", ...o.tape.header?.meta } },
    timers: o.timers,
    secrets: o.secrets ?? [],
    onFatal: (err) => active?.tapeFailed(err),
  });
  active = new ActiveRecording(recording);
  active.add(
    new SocketSource({
      name: "url",
      url: () => o.url,
      headers: o.headers,
      proto: detected.proto,
      role: detected.role ?? "other",
      recording,
      timers: o.timers,
      random: o.random,
      ...(o.socket ? { socket: o.socket } : {}),
      log: (line) => o.log(recording.scrub(line)),
      onFatal: (reason) => active?.sourceFailed(reason),
      session: (conn) => {
        let stopPing: (() => void) | undefined;
        return {
          opened() {
            for (const t of o.send) conn.send(t);
            if (o.ping) {
              const ping = o.ping;
              stopPing = every(o.timers, ping.everyMs, () => conn.send(ping.text));
            }
          },
          closed() {
            stopPing?.();
          },
        };
      },
    }),
  );
  await active.start();
  return active;
}
